import Foundation
import StepJSON

/// The parameters of an `arn:aws:states:::http:invoke` task, checked:
/// `ApiEndpoint` (an `http` or `https` URL; AWS calls only HTTPS, here plain HTTP works too), `Method`
/// (GET, POST, PUT, DELETE, PATCH, OPTIONS or HEAD), `Authentication.ConnectionArn` (or
/// `InvocationConfig.ConnectionArn`; optional here), `Headers`, `QueryParameters`, `RequestBody` and
/// `Transform` (`RequestBodyEncoding` `NONE` or `URL_ENCODED`, `RequestEncodingOptions.ArrayFormat`).
/// Anything that cannot make a request fails with `States.Runtime`.
struct HttpInvokeParameters: Sendable, Equatable {
    var endpoint: String
    var method: String
    var connectionArn: String?
    /// Names and values in the order given.
    var headers: [HttpHeader]
    var queryParameters: JSONObject
    var body: JSON?
    var urlEncoded: Bool
    var arrayFormat: ArrayFormat

    static let methods: Set = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]

    static let known: Set = [
        "ApiEndpoint", "Method", "Authentication", "InvocationConfig", "Headers", "QueryParameters", "RequestBody",
        "Transform",
    ]

    init(_ input: JSON) throws(HttpTaskError) {
        guard case .object(let p) = input else {
            throw .runtime("The parameters of http:invoke must be an object, not \(input.typeName)")
        }
        if let unknown = p.keys.first(where: { !Self.known.contains($0) }) {
            throw .runtime("The field '\(unknown)' is not supported by http:invoke")
        }
        guard let endpoint = p["ApiEndpoint"]?.stringValue, !endpoint.isEmpty else {
            throw .runtime("The field 'ApiEndpoint' is required and must be a string")
        }
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https",
            url.host?.isEmpty == false
        else {
            throw .runtime("The ApiEndpoint '\(endpoint)' is not an HTTPS or HTTP URL")
        }
        self.endpoint = endpoint
        guard let method = p["Method"]?.stringValue else {
            throw .runtime("The field 'Method' is required and must be a string")
        }
        guard Self.methods.contains(method) else {
            throw .runtime("The Method '\(method)' is not one of GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD")
        }
        self.method = method
        connectionArn = try Self.connectionArn(p)
        headers = try Self.headers(p["Headers"])
        switch p["QueryParameters"] {
        case nil, .null?: queryParameters = JSONObject()
        case .object(let q)?: queryParameters = q
        case let other?: throw .runtime("The field 'QueryParameters' must be an object, not \(other.typeName)")
        }
        switch p["RequestBody"] {
        case nil, .null?: body = nil
        case let value?: body = value
        }
        (urlEncoded, arrayFormat) = try Self.transform(p["Transform"])
        if urlEncoded, let body, body.objectValue == nil, body.stringValue == nil {
            throw .runtime(
                "A URL_ENCODED RequestBody must be an object (or an already encoded string), not \(body.typeName)")
        }
    }

    static func connectionArn(_ p: JSONObject) throws(HttpTaskError) -> String? {
        for field in ["Authentication", "InvocationConfig"] {
            guard let value = p[field] else { continue }
            guard case .object(let o) = value, let arn = o["ConnectionArn"]?.stringValue else {
                throw .runtime("The field '\(field)' must be an object with a 'ConnectionArn' string")
            }
            return arn
        }
        return nil
    }

    static func headers(_ value: JSON?) throws(HttpTaskError) -> [HttpHeader] {
        guard let value, !value.isNull else { return [] }
        guard case .object(let o) = value else {
            throw .runtime("The field 'Headers' must be an object, not \(value.typeName)")
        }
        var out: [HttpHeader] = []
        for (name, v) in o {
            if HttpHeader.isReserved(name) {
                throw .runtime("The header '\(name)' cannot be set in an HTTP Task's Headers")
            }
            guard let text = HttpHeader.text(v) else {
                throw .runtime("The header '\(name)' must be a string, number, boolean or array of them")
            }
            out.append(HttpHeader(name, text))
        }
        return out
    }

    static func transform(_ value: JSON?) throws(HttpTaskError) -> (Bool, ArrayFormat) {
        guard let value, !value.isNull else { return (false, .indices) }
        guard case .object(let t) = value else {
            throw .runtime("The field 'Transform' must be an object, not \(value.typeName)")
        }
        var encoded = false
        switch t["RequestBodyEncoding"] {
        case nil, .string("NONE")?: break
        case .string("URL_ENCODED")?: encoded = true
        case let other?:
            throw .runtime("The RequestBodyEncoding \(other.serialized()) is not NONE or URL_ENCODED")
        }
        var format = ArrayFormat.indices
        if let options = t["RequestEncodingOptions"] {
            guard case .object(let o) = options else {
                throw .runtime("The field 'RequestEncodingOptions' must be an object")
            }
            if let f = o["ArrayFormat"] {
                guard let name = f.stringValue, let parsed = ArrayFormat(rawValue: name) else {
                    throw .runtime("The ArrayFormat \(f.serialized()) is not INDICES, REPEAT, COMMAS or BRACKETS")
                }
                format = parsed
            }
        }
        return (encoded, format)
    }
}
