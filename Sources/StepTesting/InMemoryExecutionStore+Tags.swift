import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepService
import Synchronization

extension InMemoryExecutionStore {
    public func tags(resourceArn: String) throws(StoreError) -> [ActivityTag] {
        state.withLock { $0.tags[resourceArn] ?? [] }
    }

    public func tagResource(_ resourceArn: String, tags: [ActivityTag]) throws(StoreError) {
        guard !tags.isEmpty else { return }
        state.withLock { s in
            var list = s.tags[resourceArn] ?? []
            for t in tags {
                if let i = list.firstIndex(where: { $0.key == t.key }) {
                    list[i].value = t.value
                } else {
                    list.append(t)
                }
            }
            s.tags[resourceArn] = list
        }
    }

    public func untagResource(_ resourceArn: String, keys: [String]) throws(StoreError) {
        state.withLock { s in
            guard var list = s.tags[resourceArn] else { return }
            list.removeAll { keys.contains($0.key) }
            s.tags[resourceArn] = list.isEmpty ? nil : list
        }
    }
}
