import Foundation
import StepLanguage
import StepService
import Testing

/// The `ServiceLease` port: whether a service holds the database, on every adapter.
@Suite struct ServiceLeaseTests {
    @Test(arguments: StoreAdapter.allCases)
    func aLeaseHoldsForFiveSecondsAfterItsLastRenewal(_ adapter: StoreAdapter) throws {
        let opened = try adapter.open()
        let s = opened.store
        #expect(try !s.serviceIsAlive(now: at(0)), "no lease was ever taken")
        try s.renewServiceLease(owner: "another-host:1", now: at(10))
        #expect(try opened.reopen().serviceIsAlive(now: at(10)))
        #expect(try s.serviceIsAlive(now: Timestamp(epochMilliseconds: at(15).epochMilliseconds - 1)))
        #expect(try !s.serviceIsAlive(now: at(15)))
        try s.renewServiceLease(owner: "another-host:1", now: at(20))
        #expect(try s.serviceIsAlive(now: at(21)))
    }

    @Test(arguments: StoreAdapter.allCases)
    func aLeaseOfAProcessOfThisHostHoldsOnlyWhileItLives(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        let host = ProcessInfo.processInfo.hostName
        try s.renewServiceLease(owner: "\(host):\(ProcessInfo.processInfo.processIdentifier)", now: at(10))
        #expect(try s.serviceIsAlive(now: at(11)))
        // A pid above the kernel's limit (pid_max is at most 2^22) names no process.
        try s.renewServiceLease(owner: "\(host):\(1 << 23)", now: at(10))
        #expect(try !s.serviceIsAlive(now: at(11)))
    }
}
