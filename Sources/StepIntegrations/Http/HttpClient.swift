import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends `HttpRequest`s with URLSession (on Linux, FoundationNetworking over libcurl). The only code in
/// Stepline that touches the network this way. Redirects are followed; no cookies or cache are kept.
///
/// FoundationNetworking on Linux can trap ("a task that is not in the registry") when a data task is
/// cancelled while it completes, or when its session is invalidated with tasks in flight. So this client
/// never cancels a request and never invalidates its session: one session serves the whole process, a
/// deadline (or the caller's cancellation) stops the *waiting*, and the request itself ends on its own
/// within its `timeoutInterval`.
final class HttpClient: Sendable {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration)
    }()

    init() {}

    /// The server's answer, or `States.Http.Socket` when none came within `timeout` seconds (or the
    /// connection failed). Cancelling the calling task stops the wait.
    func send(_ request: HttpRequest, timeout: Double) async -> Result<HttpResponse, HttpTaskError> {
        guard let url = URL(string: request.url) else {
            return .failure(.runtime("The URL '\(request.url)' is not valid"))
        }
        // URLSession's own timeout is whole seconds at best on Linux, so the deadline is kept here.
        var r = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: max(timeout, 1) + 1)
        r.httpMethod = request.method
        for h in request.headers { r.setValue(h.value, forHTTPHeaderField: h.name) }
        if let body = request.body { r.httpBody = Data(body) }
        let answer = OneAnswer()
        let call = "\(request.method) \(request.url)"
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Result<HttpResponse, HttpTaskError>, Never>) in
                answer.wait(c)
                let urlRequest = r
                Self.session.dataTask(with: urlRequest) { data, response, error in
                    answer.give(Self.result(data, response, error, request, timeout: timeout))
                }.resume()
                Task {
                    try? await Task.sleep(for: .milliseconds(Int(timeout * 1000)))
                    answer.give(.failure(.socket("\(call) timed out after \(Self.seconds(timeout)) seconds")))
                }
            }
        } onCancel: {
            answer.give(.failure(.socket("\(call) was cancelled")))
        }
    }

    static func result(
        _ data: Data?, _ response: URLResponse?, _ error: (any Error)?, _ request: HttpRequest, timeout: Double
    ) -> Result<HttpResponse, HttpTaskError> {
        if let error = error as? URLError { return .failure(Self.failure(error, request, timeout: timeout)) }
        if let error {
            return .failure(.socket("\(request.method) \(request.url) failed: \(error.localizedDescription)"))
        }
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
                body: data ?? Data()))
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

/// The first of several possible answers (the server's, the deadline's, a cancellation), given once to
/// the one waiting continuation; later answers are dropped.
final class OneAnswer: Sendable {
    typealias Answer = Result<HttpResponse, HttpTaskError>
    struct State {
        var waiter: CheckedContinuation<Answer, Never>?
        var early: Answer?
        var done = false
    }
    let state = Mutex(State())

    func wait(_ c: CheckedContinuation<Answer, Never>) {
        let ready = state.withLock { s -> Answer? in
            if let early = s.early {
                s.done = true
                return early
            }
            s.waiter = c
            return nil
        }
        if let ready { c.resume(returning: ready) }
    }

    func give(_ answer: Answer) {
        let c = state.withLock { s -> CheckedContinuation<Answer, Never>? in
            guard !s.done else { return nil }
            guard let w = s.waiter else {
                if s.early == nil { s.early = answer }
                return nil
            }
            s.done = true
            s.waiter = nil
            return w
        }
        c?.resume(returning: answer)
    }
}
