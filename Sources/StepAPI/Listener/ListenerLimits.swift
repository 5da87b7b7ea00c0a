import Foundation
import NIOSSL

/// What one client, or all of them, may cost the API's listener: connections, the time a request may take
/// to arrive, and its size. Past a connection limit a new connection is answered 503 `ThrottlingException`
/// and closed; past a time limit the connection is closed; past the body limit the request is answered
/// 413 from its `Content-Length` (or as soon as a chunked body passes it), without being read.
public struct ListenerLimits: Sendable, Equatable {
    /// Open connections in all. Kept under the process's descriptor limit (`effective`).
    public var maxConnections = 4096
    /// Open connections from one IP address.
    public var maxConnectionsPerClient = 512
    /// Seconds a request's head may take from its first byte (and a new connection, to send one).
    public var headerTimeout: Double = 10
    /// Seconds a whole request, head and body, may take to arrive.
    public var requestTimeout: Double = 60
    /// Seconds a kept-alive connection may wait for its next request.
    public var idleTimeout: Double = 60
    /// The largest request body, in bytes.
    public var maxBodyBytes = 8 * 1024 * 1024
    /// The largest Lambda code upload (CreateFunction, UpdateFunctionCode), when uploads are allowed:
    /// AWS's 50 MB zip, base64-encoded in its JSON.
    public var maxUploadBytes = 70 * 1024 * 1024
    /// The bodies being received at once on all connections together, in bytes; a body that would pass
    /// it is answered 503 `ThrottlingException` instead of buffered.
    public var maxBufferedBodyBytes = 256 * 1024 * 1024
    /// Header limits: one field (the request line counts too), all of them, and how many.
    public var maxHeaderFieldBytes = 16 * 1024
    public var maxHeaderBytes = 64 * 1024
    public var maxHeaderFields = 200

    public init() {}

    /// The limits with `maxConnections` lowered, if need be, to leave this process descriptors for its
    /// database, broker and children (so that `accept` never meets EMFILE in normal running).
    public var effective: ListenerLimits {
        var limits = self
        var descriptors = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &descriptors) == 0, descriptors.rlim_cur != rlim_t.max {
            let available = Int(clamping: descriptors.rlim_cur) - 128
            limits.maxConnections = max(16, min(limits.maxConnections, available))
        }
        limits.maxConnectionsPerClient = min(limits.maxConnectionsPerClient, limits.maxConnections)
        return limits
    }
}

/// HTTPS for a listener: a PEM certificate chain and its private key, TLS 1.2 at least.
public struct ListenerTLS: Sendable {
    let configuration: TLSConfiguration

    /// Reads both files now, so that a bad one stops the start with a clear reason.
    public init(certificateFile: String, keyFile: String) throws(ListenerTLSError) {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
        } catch {
            throw ListenerTLSError("cannot read the TLS certificate \(certificateFile): \(error)")
        }
        guard !chain.isEmpty else { throw ListenerTLSError("no certificate in \(certificateFile)") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        } catch {
            throw ListenerTLSError("cannot read the TLS key \(keyFile): \(error)")
        }
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        tls.applicationProtocols = ["http/1.1"]
        configuration = tls
    }
}

/// Why TLS could not be set up.
public struct ListenerTLSError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
