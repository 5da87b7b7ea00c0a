import StepLanguage

/// The lease a running service holds on the database, so that client processes know whether to hand
/// their requests to it or apply them themselves.
public protocol ServiceLease: AnyObject {
    /// Whether a service holds the database now: a lease renewed within the last 5 s whose owner, when it
    /// is a process of this host, is still alive.
    func serviceIsAlive(now: Timestamp) throws(StoreError) -> Bool
    /// Takes or renews the lease for `owner` (`host:pid`).
    func renewServiceLease(owner: String, now: Timestamp) throws(StoreError)
}
