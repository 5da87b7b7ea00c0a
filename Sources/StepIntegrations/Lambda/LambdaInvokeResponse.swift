import Foundation
import StepJSON

/// The task result of `arn:aws:states:::lambda:invoke`: the Lambda Invoke API's response as Step
/// Functions' Java SDK shows it (`ExecutedVersion`, `Payload`, `SdkHttpMetadata`, `SdkResponseMetadata`,
/// `StatusCode`, and `LogResult` when the log tail was asked for).
struct LambdaInvokeResponse {
    var payload: JSON
    /// The payload's length in bytes as the function sent it (`Content-Length`).
    var contentLength: Int
    var requestId: String
    var executedVersion: String?
    var statusCode: Int
    var logResult: String?
    var date: Date = Date()

    var json: JSON {
        var all = JSONObject(minimumCapacity: 9)
        var flat = JSONObject(minimumCapacity: 9)
        if let executedVersion { all["X-Amz-Executed-Version"] = [.string(executedVersion)] }
        if let logResult { all["X-Amz-Log-Result"] = [.string(logResult)] }
        all["x-amzn-Remapped-Content-Length"] = ["0"]
        all["Connection"] = ["keep-alive"]
        all["x-amzn-RequestId"] = [.string(requestId)]
        all["Content-Length"] = [.string(String(contentLength))]
        all["Date"] = [.string(Self.httpDate(date))]
        all["X-Amzn-Trace-Id"] = [.string(Self.traceId(date))]
        all["Content-Type"] = ["application/json"]
        // `HttpHeaders` holds the same headers, single-valued, in case-insensitive order.
        for (key, value) in all.sorted(by: { $0.key.lowercased() < $1.key.lowercased() }) {
            flat[key] = value.arrayValue?.first ?? value
        }
        var http = JSONObject(minimumCapacity: 3)
        http["AllHttpHeaders"] = .object(all)
        http["HttpHeaders"] = .object(flat)
        http["HttpStatusCode"] = .int(statusCode)
        var o = JSONObject(minimumCapacity: 6)
        if let executedVersion { o["ExecutedVersion"] = .string(executedVersion) }
        if let logResult { o["LogResult"] = .string(logResult) }
        o["Payload"] = payload
        o["SdkHttpMetadata"] = .object(http)
        o["SdkResponseMetadata"] = ["RequestId": .string(requestId)]
        o["StatusCode"] = .int(statusCode)
        return .object(o)
    }

    /// `Tue, 04 Jun 2024 12:00:00 GMT`.
    static func httpDate(_ date: Date) -> String {
        let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let dayNumber = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - dayNumber * 86400
        let (y, m, d) = CivilCalendar.date(fromDays: dayNumber)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let weekday = days[((dayNumber % 7) + 7) % 7]
        return
            "\(weekday), \(two(d)) \(months[m - 1]) \(y) \(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) GMT"
    }

    /// An X-Ray trace header: `Root=1-<epoch seconds in hex>-<96 random bits>;Sampled=0`.
    static func traceId(_ date: Date) -> String {
        let seconds = String(UInt32(truncatingIfNeeded: Int(date.timeIntervalSince1970)), radix: 16)
        var random = SystemRandomNumberGenerator()
        let bits = (0..<3).map { _ in
            let s = String(UInt32.random(in: .min ... .max, using: &random), radix: 16)
            return String(repeating: "0", count: 8 - s.count) + s
        }.joined()
        return "Root=1-\(String(repeating: "0", count: 8 - seconds.count) + seconds)-\(bits);Sampled=0"
    }

}
