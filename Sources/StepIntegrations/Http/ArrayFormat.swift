/// How a URL-encoded body (and the query string) spells an array, as `Transform.RequestEncodingOptions
/// .ArrayFormat` names it; `{"array": ["a", "b"]}` becomes:
/// - `INDICES` (the default): `array[0]=a&array[1]=b`
/// - `REPEAT`: `array=a&array=b`
/// - `COMMAS`: `array=a,b`
/// - `BRACKETS`: `array[]=a&array[]=b`
enum ArrayFormat: String, Sendable, CaseIterable {
    case indices = "INDICES"
    case `repeat` = "REPEAT"
    case commas = "COMMAS"
    case brackets = "BRACKETS"
}
