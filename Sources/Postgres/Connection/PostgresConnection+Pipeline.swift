import CPostgres
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension PostgresConnection {
    /// Sends all `statements` in libpq pipeline mode and reads all results: one round trip.
    ///
    /// Outside `transaction(_:)` the statements form one implicit transaction: if one fails, none of them
    /// take effect, and the first failure is thrown. Inside a transaction they are part of it.
    /// Returns one `PostgresRows` per statement, in order.
    public func pipeline(_ statements: [PostgresStatement]) throws -> [PostgresRows] {
        let operation = "pipeline"
        let connection = try liveHandle(operation)
        guard !statements.isEmpty else { return [] }
        // Parameters are checked before anything is queued, so a bad one never strands a half-sent pipeline.
        let parameters = try statements.map { try parameterTexts($0.binds, operation: operation) }
        guard PQenterPipelineMode(connection) == 1 else {
            throw failure(connection: connection, operation: operation)
        }
        defer { PQexitPipelineMode(connection) }

        try send(statements, parameters: parameters, connection: connection, operation: operation)

        var results: [PostgresRows] = []
        results.reserveCapacity(statements.count)
        var firstError: PostgresError?
        for _ in statements {
            var rows = PostgresRows(storage: .empty)
            while let result = PQgetResult(connection) {
                switch PQresultStatus(result) {
                case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
                    rows = PostgresRows(storage: PostgresResultStorage(copying: result))
                case PGRES_PIPELINE_ABORTED:
                    break
                default:
                    firstError = firstError ?? serverError(result, connection: connection, operation: operation)
                }
                PQclear(result)
            }
            results.append(rows)
        }

        guard let sync = PQgetResult(connection) else {
            throw firstError ?? failure(connection: connection, operation: operation)
        }
        let synced = PQresultStatus(sync) == PGRES_PIPELINE_SYNC
        PQclear(sync)
        if let firstError { throw firstError }
        guard synced else {
            throw PostgresError(kind: .connection, message: "the pipeline lost its sync point", operation: operation)
        }
        return results
    }

    /// Queues every statement and the sync point, flushing in non-blocking mode while reading any input
    /// the server sends back, so neither side can stall on a full socket buffer.
    private func send(
        _ statements: [PostgresStatement],
        parameters: [[String?]],
        connection: OpaquePointer,
        operation: String
    ) throws {
        PQsetnonblocking(connection, 1)
        defer { PQsetnonblocking(connection, 0) }

        for (statement, texts) in zip(statements, parameters) {
            let count = Int32(texts.count)
            let name = preparedNames[statement.sql]
            let queued = CStringArray.with(texts) { values in
                if let name {
                    return PQsendQueryPrepared(connection, name, count, values, nil, nil, 0)
                }
                return PQsendQueryParams(connection, statement.sql, count, nil, values, nil, nil, 0)
            }
            guard queued == 1 else { throw failure(connection: connection, operation: operation) }
            try flush(connection, operation: operation)
        }
        guard PQpipelineSync(connection) == 1 else { throw failure(connection: connection, operation: operation) }
        try flush(connection, operation: operation)
    }

    private func flush(_ connection: OpaquePointer, operation: String) throws {
        while true {
            let state = PQflush(connection)
            if state == 0 { return }
            if state < 0 { throw failure(connection: connection, operation: operation) }
            var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN | POLLOUT), revents: 0)
            _ = poll(&descriptor, 1, 1000)
            if descriptor.revents & Int16(POLLIN) != 0, PQconsumeInput(connection) == 0 {
                throw failure(connection: connection, operation: operation)
            }
        }
    }
}
