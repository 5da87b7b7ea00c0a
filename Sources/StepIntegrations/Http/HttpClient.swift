import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Sends `HttpRequest`s with AsyncHTTPClient (SwiftNIO; TLS through swift-nio-ssl, certificates verified
/// against the system's trust roots). The only code in Stepline that calls out over HTTP for a task.
///
/// One client, `shared`, serves the whole process: it is made on first use, on SwiftNIO's process-wide event
/// loop group, and lives as long as the process, as AsyncHTTPClient's own `HTTPClient.shared` does (a global
/// is never deinitialized, so the client needs no `shutdown()`; the system closes its idle connections at
/// exit). `HTTPClient.shared` itself does not fit: it retries a refused connection until its 90-second
/// connect timeout, where the HTTP Task reports the refusal at once.
///
/// Each call has one deadline, `timeout` seconds from its start, for everything: connecting, TLS, redirects,
/// the response head and the whole body. Redirects are followed (at most 10, no cycles); no cookies or
/// cache are kept, and the body is taken as it comes (no decompression: the task asks for none).
final class HttpClient: Sendable {
    /// The largest response body kept in memory: 16 MiB. A longer body fails the call with
    /// `States.DataLimitExceeded` (see `HttpTaskError.tooLarge`) as soon as its length is known, without
    /// reading the rest. Below it, Step Functions' own 256 KiB payload limit applies to the task's result as
    /// to any other (the engine's check, which a Catch can name); the request's `Range: bytes=0-262144` asks
    /// the server for no more than that anyway.
    static let maxBodyBytes = 16 * 1024 * 1024

    static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .follow(max: 10, allowCycles: false),
            // Both bounded by each call's own deadline; the connect timeout only backs it up.
            timeout: HTTPClient.Configuration.Timeout(connect: .seconds(90), read: nil),
            connectionPool: HTTPClient.Configuration.ConnectionPool(
                idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16),
            decompression: .disabled)
        // A refused or unreachable endpoint fails the call now (`States.Http.Socket`), not after retries.
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(configuration: configuration)
    }()

    init() {}

    /// The server's answer, or `States.Http.Socket` when none came within `timeout` seconds (or the
    /// connection failed). Cancelling the calling task cancels the request.
    func send(_ request: HttpRequest, timeout: Double) async -> Result<HttpResponse, HttpTaskError> {
        guard URL(string: request.url) != nil else {
            return .failure(.runtime("The URL '\(request.url)' is not valid"))
        }
        let call = "\(request.method) \(request.url)"
        let timedOut = HttpTaskError.socket("\(call) timed out after \(Self.seconds(timeout)) seconds")
        let nanoseconds = Int64((max(timeout, 0) * 1e9).rounded())
        let deadline = NIODeadline.now() + .nanoseconds(nanoseconds)
        let end = ContinuousClock.now + .nanoseconds(nanoseconds)
        // AsyncHTTPClient's deadline ends with the response head; the body is bounded by the race here: the
        // first of the exchange and the deadline wins, and the other is cancelled.
        return await withTaskGroup(of: Result<HttpResponse, HttpTaskError>?.self) { group in
            group.addTask {
                await Self.exchange(request, call: call, deadline: deadline, timedOut: timedOut)
            }
            group.addTask {
                do { try await Task.sleep(until: end, clock: .continuous) } catch { return nil }
                return .failure(timedOut)
            }
            var answer = Result<HttpResponse, HttpTaskError>.failure(.socket("\(call) was cancelled"))
            // A `nil` is the deadline's sleep cut short by a cancellation: the exchange answers then.
            while let next = await group.next() {
                if let next {
                    answer = next
                    break
                }
            }
            group.cancelAll()
            return answer
        }
    }

    static func exchange(
        _ request: HttpRequest, call: String, deadline: NIODeadline, timedOut: HttpTaskError
    ) async -> Result<HttpResponse, HttpTaskError> {
        var r = HTTPClientRequest(url: request.url)
        r.method = HTTPMethod(rawValue: request.method)
        for h in request.headers { r.headers.add(name: h.name, value: h.value) }
        if let body = request.body { r.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await shared.execute(r, deadline: deadline)
            let body = try await response.body.collect(upTo: maxBodyBytes)
            let code = Int(response.status.code)
            return .success(
                HttpResponse(
                    statusCode: code, statusText: Self.reasonPhrase(code), headers: Self.headers(response.headers),
                    body: Data(body.readableBytesView)))
        } catch is NIOTooManyBytesError {
            return .failure(.tooLarge("The response to \(call) is larger than \(maxBodyBytes) bytes"))
        } catch {
            return .failure(Self.failure(error, call: call, timedOut: timedOut))
        }
    }

    static func failure(_ error: any Error, call: String, timedOut: HttpTaskError) -> HttpTaskError {
        if error is CancellationError { return .socket("\(call) was cancelled") }
        if let e = error as? HTTPClientError {
            if e == .deadlineExceeded { return timedOut }
            if e == .cancelled { return .socket("\(call) was cancelled") }
            if e == .invalidURL || e == .emptyHost || e == .emptyScheme {
                return .runtime("\(call): \(e.shortDescription)")
            }
        }
        return .socket("\(call) failed: \(Self.describe(error))")
    }

    /// A failure in words: `Connection refused (127.0.0.1:1)`, `the host 'x' could not be resolved`.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let e as NIOConnectionError:
            if let dns = e.dnsAError ?? e.dnsAAAAError {
                return "the host '\(e.host)' could not be resolved (\(describe(dns)))"
            }
            guard !e.connectionErrors.isEmpty else { return "could not connect to \(e.host):\(e.port)" }
            return e.connectionErrors.map { "\(describe($0.error)) (\(address($0.target)))" }.joined(separator: "; ")
        case let e as IOError:
            return String(cString: strerror(e.errnoCode))
        case let e as HTTPClientError:
            return e.shortDescription
        default:
            return String(describing: error)
        }
    }

    static func address(_ a: SocketAddress) -> String {
        guard let ip = a.ipAddress, let port = a.port else { return "\(a)" }
        return a.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }

    /// Header names as the server wrote them (the first time); a repeated header's values joined with `, `.
    static func headers(_ h: HTTPHeaders) -> [String: String] {
        var names: [String: String] = [:]
        var values: [String: String] = [:]
        for (name, value) in h {
            let key = name.lowercased()
            if let first = names[key] {
                values[first, default: ""] += ", " + value
            } else {
                names[key] = name
                values[name] = value
            }
        }
        return values
    }

    /// The standard reason phrase for a status (`OK`, `Not Found`), and for a code without one its class
    /// (`Client Error`), as Foundation's `HTTPURLResponse.localizedString(forStatusCode:)` words them.
    static func reasonPhrase(_ code: Int) -> String {
        let standard = HTTPResponseStatus(statusCode: code).reasonPhrase
        if !standard.isEmpty, code != 418 { return standard }
        switch code {
        case 100..<200: return "Informational"
        case 200..<300: return "Success"
        case 300..<400: return "Redirection"
        case 400..<500: return "Client Error"
        default: return "Server Error"
        }
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? String(Int(s)) : String(s)
    }
}
