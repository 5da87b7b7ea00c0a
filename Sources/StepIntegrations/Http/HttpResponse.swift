import Foundation
import StepJSON
import StepRuntime

/// An answer from the server, and what the HTTP Task makes of it.
struct HttpResponse: Sendable, Equatable {
    var statusCode: Int
    /// The reason phrase for the status (`OK`, `Not Found`).
    var statusText: String
    /// Names as the server wrote them; a repeated header's values joined with `, `.
    var headers: [String: String]
    var body: Data

    /// The task's result, in Step Functions' shape:
    /// `{"Headers": {NAME: [VALUE]}, "ResponseBody": …, "StatusCode": 200, "StatusText": "OK"}`, where the
    /// body is parsed when the content type is JSON (`application/json`, `…+json`) and is text otherwise.
    var output: JSON {
        var h = JSONObject()
        for name in headers.keys.sorted() { h[name] = [.string(headers[name] ?? "")] }
        return [
            "Headers": .object(h),
            "ResponseBody": responseBody,
            "StatusCode": .int(statusCode),
            "StatusText": .string(statusText),
        ]
    }

    var responseBody: JSON {
        let text = String(decoding: body, as: UTF8.self)
        if isJSON, !body.isEmpty, let parsed = try? JSON(parsing: [UInt8](body)) { return parsed }
        return .string(text)
    }

    /// The content type's media type, lower-cased, without parameters.
    var mediaType: String {
        let value = headers.first { $0.key.lowercased() == "content-type" }?.value ?? ""
        let media = value.split(separator: ";", maxSplits: 1).first ?? ""
        return media.trimmingCharacters(in: .whitespaces).lowercased()
    }

    var isJSON: Bool { mediaType == "application/json" || mediaType.hasSuffix("+json") }

    /// Step Functions takes text answers only: binary content types fail the task.
    var isBinary: Bool {
        let m = mediaType
        return m == "application/octet-stream" || m.hasPrefix("image/") || m.hasPrefix("audio/")
            || m.hasPrefix("video/")
    }

    /// Success for 2xx; otherwise `States.Http.StatusCode.<code>` with the response document as the cause.
    var outcome: TaskOutcome {
        guard (200..<300).contains(statusCode) else {
            return .failure(error: HttpTaskError.statusCodeName(statusCode), cause: output.serialized())
        }
        if isBinary {
            return HttpTaskError.runtime("The HTTP Task does not support the response content type '\(mediaType)'")
                .outcome
        }
        return .success(output)
    }
}
