import Synchronization

/// All accounts, found by id or OAuth client id, plus the id counters shared by every account
/// (contact, status and user ids are unique across the sandbox, as JobAdder's are across accounts).
final class AccountRegistry: Sendable {
    private struct Index {
        var byId: [Int: Account] = [:]
        var byClientId: [String: Account] = [:]
    }

    private let index = Mutex(Index())
    private let nextContactId = Atomic<Int>(50_001)
    private let nextStatusId = Atomic<Int>(11)
    private let nextUserId = Atomic<Int>(101)
    private let nextAccountId = Atomic<Int>(1001)

    func makeContactIds(_ count: Int) -> Range<Int> {
        let first = nextContactId.add(count, ordering: .relaxed).oldValue
        return first..<(first + count)
    }

    func makeStatusId() -> Int { nextStatusId.add(1, ordering: .relaxed).oldValue }
    func makeUserId() -> Int { nextUserId.add(1, ordering: .relaxed).oldValue }

    /// A fresh account id above every id used so far.
    func makeAccountId() -> Int {
        let taken = index.withLock { $0.byId.keys.max() ?? 0 }
        while true {
            let candidate = nextAccountId.add(1, ordering: .relaxed).oldValue
            if candidate > taken { return candidate }
        }
    }

    /// Adds an account; false when its id or client id is already taken.
    func add(_ account: Account, clientId: String) -> Bool {
        index.withLock { index in
            guard index.byId[account.accountId] == nil, index.byClientId[clientId] == nil else { return false }
            index.byId[account.accountId] = account
            index.byClientId[clientId] = account
            return true
        }
    }

    func account(id: Int) -> Account? {
        index.withLock { $0.byId[id] }
    }

    func account(clientId: String) -> Account? {
        index.withLock { $0.byClientId[clientId] }
    }

    var all: [Account] {
        index.withLock { $0.byId.values.sorted { $0.accountId < $1.accountId } }
    }

    func removeAll() {
        index.withLock { $0 = Index() }
    }
}
