import Synchronization

/// One JobAdder account: an id and its whole state behind its own lock, so accounts never contend.
final class Account: Sendable {
    let accountId: Int
    let state: Mutex<AccountState>

    init(_ initial: AccountState) {
        self.accountId = initial.accountId
        self.state = Mutex(initial)
    }
}
