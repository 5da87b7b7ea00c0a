import StepAPI
import StepSettings

/// The listener's limits and TLS from the configuration (`listener.*`, `tls.*`).
enum ListenerSettings {
    static func limits(_ settings: EffectiveConfiguration) -> ListenerLimits {
        var limits = ListenerLimits()
        if let v = settings.int("listener.maxConnections") { limits.maxConnections = v }
        if let v = settings.int("listener.maxConnectionsPerClient") { limits.maxConnectionsPerClient = v }
        if let v = settings.seconds("listener.headerTimeout") { limits.headerTimeout = v }
        if let v = settings.seconds("listener.requestTimeout") { limits.requestTimeout = v }
        if let v = settings.seconds("listener.idleTimeout") { limits.idleTimeout = v }
        if let v = settings.int("listener.maxBodyBytes") { limits.maxBodyBytes = v }
        if let v = settings.int("listener.maxBufferedBodyBytes") { limits.maxBufferedBodyBytes = v }
        return limits
    }

    /// HTTPS when both `tls.certificate` and `tls.key` are set; one without the other is an error.
    static func tls(_ settings: EffectiveConfiguration) throws -> ListenerTLS? {
        switch (settings.string("tls.certificate"), settings.string("tls.key")) {
        case (nil, nil):
            return nil
        case (let certificate?, let key?):
            do {
                return try ListenerTLS(certificateFile: certificate, keyFile: key)
            } catch {
                throw CLIFailure("\(error)")
            }
        default:
            throw CLIFailure("tls needs both tls.certificate and tls.key")
        }
    }
}
