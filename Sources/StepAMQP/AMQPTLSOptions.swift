/// How an `amqps://` connection checks the broker and proves who it is (rabbitmq-c's OpenSSL socket).
///
/// By default the broker's certificate must chain to `caCertificatePath` (or, without one, to OpenSSL's
/// default trust store) and name the host connected to.
public struct AMQPTLSOptions: Sendable, Equatable {
    /// A PEM file of the certificate authorities to trust.
    public var caCertificatePath: String?
    /// A PEM client certificate, for brokers that ask for one (with `clientKeyPath`).
    public var clientCertificatePath: String?
    /// The PEM private key of `clientCertificatePath`.
    public var clientKeyPath: String?
    /// Check the broker's certificate chain.
    public var verifyPeer: Bool
    /// Check that the broker's certificate names the host connected to.
    public var verifyHostname: Bool

    /// Makes TLS options; with no arguments, full verification against the default trust store.
    public init(
        caCertificatePath: String? = nil, clientCertificatePath: String? = nil, clientKeyPath: String? = nil,
        verifyPeer: Bool = true, verifyHostname: Bool = true
    ) {
        self.caCertificatePath = caCertificatePath
        self.clientCertificatePath = clientCertificatePath
        self.clientKeyPath = clientKeyPath
        self.verifyPeer = verifyPeer
        self.verifyHostname = verifyHostname
    }
}
