import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends `HttpRequest`s with URLSession (on Linux, FoundationNetworking over libcurl). The only code in
/// Stepline that touches the network this way. Redirects are followed; no cookies or cache are kept.
final class HttpClient: Sendable {
    let session: URLSession

    init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    deinit { session.invalidateAndCancel() }

    /// The server's answer, or `States.Http.Socket` when none came within `timeout` seconds (or the
    /// connection failed). Cancelling the calling task cancels the request.
    func send(_ request: HttpRequest, timeout: Double) async -> Result<HttpResponse, HttpTaskError> {
        // URLSession's own timeout is whole seconds at best on Linux, so the deadline is kept here.
        await withTaskGroup(of: Result<HttpResponse, HttpTaskError>?.self) { group in
            group.addTask { await self.perform(request, timeout: timeout) }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(Int(timeout * 1000)))
                if Task.isCancelled { return nil }
                return .failure(
                    .socket("\(request.method) \(request.url) timed out after \(Self.seconds(timeout)) seconds"))
            }
            var first: Result<HttpResponse, HttpTaskError>?
            for await result in group {
                guard let result else { continue }
                first = result
                break
            }
            group.cancelAll()
            return first ?? .failure(.socket("\(request.method) \(request.url) was cancelled"))
        }
    }

    func perform(_ request: HttpRequest, timeout: Double) async -> Result<HttpResponse, HttpTaskError> {
        guard let url = URL(string: request.url) else {
            return .failure(.runtime("The URL '\(request.url)' is not valid"))
        }
        var r = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: max(timeout, 1) + 1)
        r.httpMethod = request.method
        for h in request.headers { r.setValue(h.value, forHTTPHeaderField: h.name) }
        if let body = request.body { r.httpBody = Data(body) }
        do {
            let (data, response) = try await session.data(for: r)
            guard let http = response as? HTTPURLResponse else {
                return .failure(.socket("The server at \(request.url) did not answer with HTTP"))
            }
            var headers: [String: String] = [:]
            for (k, v) in http.allHeaderFields {
                if let name = k as? String { headers[name] = v as? String ?? "\(v)" }
            }
            return .success(
                HttpResponse(
                    statusCode: http.statusCode, statusText: Self.reasonPhrase(http.statusCode), headers: headers,
                    body: data))
        } catch let error as URLError {
            return .failure(Self.failure(error, request, timeout: timeout))
        } catch {
            return .failure(.socket("\(request.method) \(request.url) failed: \(error.localizedDescription)"))
        }
    }

    static func failure(_ error: URLError, _ request: HttpRequest, timeout: Double) -> HttpTaskError {
        let call = "\(request.method) \(request.url)"
        switch error.code {
        case .timedOut:
            return .socket("\(call) timed out after \(Self.seconds(timeout)) seconds")
        case .cancelled:
            return .socket("\(call) was cancelled")
        case .unsupportedURL, .badURL:
            return .runtime("\(call): \(error.localizedDescription)")
        default:
            return .socket("\(call) failed: \(error.localizedDescription)")
        }
    }

    static func reasonPhrase(_ code: Int) -> String {
        HTTPURLResponse.localizedString(forStatusCode: code)
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? String(Int(s)) : String(s)
    }
}
