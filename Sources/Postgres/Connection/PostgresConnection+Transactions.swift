import CPostgres
import Foundation

extension PostgresConnection {
    /// Runs `body` between `BEGIN` and `COMMIT`; rolls back and rethrows when `body` throws.
    ///
    /// If a statement inside failed but `body` swallowed the error, the transaction is rolled back and a
    /// `usage` error is thrown rather than reporting a commit that did not happen. A `connection` error
    /// from `COMMIT` means the outcome is unknown. Transactions do not nest.
    @discardableResult
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try runTransaction(begin: "BEGIN", body)
    }

    /// A transaction in which row-level security shows and accepts only `orgID`'s rows.
    ///
    /// Sets `app.org_id` for this transaction only (`set_config(…, true)`), so the setting can never leak
    /// into the next transaction on this connection.
    @discardableResult
    public func transaction<T>(org orgID: UUID, _ body: (PostgresConnection) throws -> T) throws -> T {
        // A UUID's text is hex digits and dashes only, so it is safe inside the literal.
        let org = orgID.uuidString.lowercased()
        return try runTransaction(begin: "BEGIN; SELECT set_config('app.org_id', '\(org)', true)", body)
    }

    /// A transaction that sees every org's rows, for the few cross-org scans (outbox relay, due-step
    /// claims, org listing). Everything else uses `transaction(org:_:)`.
    @discardableResult
    public func systemTransaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try runTransaction(begin: "BEGIN; SELECT set_config('app.scope', 'system', true)", body)
    }

    private func runTransaction<T>(begin: String, _ body: (PostgresConnection) throws -> T) throws -> T {
        guard !isInTransaction else {
            throw PostgresError(
                kind: .usage,
                message: "a transaction is already open on this connection",
                operation: "begin"
            )
        }
        _ = try simple(begin, operation: "begin")
        isInTransaction = true
        defer { isInTransaction = false }

        let value: T
        do {
            value = try body(self)
        } catch {
            rollbackQuietly()
            throw error
        }

        if let handle, PQtransactionStatus(handle) == PQTRANS_INERROR {
            rollbackQuietly()
            throw PostgresError(
                kind: .usage,
                message: "a statement in the transaction failed and its error was caught; rolled back",
                operation: "commit"
            )
        }
        _ = try simple("COMMIT", operation: "commit")
        return value
    }

    /// Best effort: a broken connection has already lost the transaction on the server.
    private func rollbackQuietly() {
        guard let handle, PQstatus(handle) == CONNECTION_OK else { return }
        if let result = PQexec(handle, "ROLLBACK") {
            PQclear(result)
        }
    }
}
