import CPostgres
import Foundation

/// One libpq connection (`PGconn`) to PostgreSQL.
///
/// Threading: libpq connections are not thread-safe. A `PostgresConnection` belongs to one thread at a
/// time; it is `Sendable` only so ownership can be handed to another thread, never shared. Every call
/// blocks on the network, so call it from a thread you own (a Foundation `Thread`), never from Swift's
/// cooperative pool.
///
/// Statements with parameters (and plain DML/queries) are prepared once per connection and cached by SQL
/// text; other statements run unnamed. A call on a broken connection throws a retryable `connection`
/// error; `reconnect()` then builds a new `PGconn` from the same settings.
public final class PostgresConnection: @unchecked Sendable {
    /// Statements cached per connection before further new SQL texts run unprepared.
    static let statementCacheLimit = 512

    let keywordPairs: [(String, String)]
    let password: String?
    var handle: OpaquePointer?
    var preparedNames: [String: String] = [:]
    var preparedCounter = 0
    var isInTransaction = false
    var listenedChannels: [String] = []

    private init(configuration: PostgresConfiguration, applicationName: String) {
        keywordPairs = configuration.keywordPairs(applicationName: applicationName)
        password = configuration.password.flatMap { $0.isEmpty ? nil : $0 }
    }

    deinit {
        close()
    }

    /// Opens a connection from a `postgresql://` or `postgres://` URL.
    ///
    /// Throws a `connection` error (libpq's reason, with no password or URL) or a `usage` error for a
    /// malformed URL.
    public static func connect(url: String, applicationName: String = "handover") throws -> PostgresConnection {
        try connect(configuration: PostgresConfiguration(url: url), applicationName: applicationName)
    }

    /// Opens a connection from parsed settings.
    public static func connect(
        configuration: PostgresConfiguration,
        applicationName: String = "handover"
    ) throws -> PostgresConnection {
        let connection = PostgresConnection(configuration: configuration, applicationName: applicationName)
        try connection.open()
        return connection
    }

    /// True while libpq believes the connection is usable. A dead peer is only noticed by the next call.
    public var isConnected: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Closes the connection. Idempotent; `deinit` calls it too.
    public func close() {
        if let handle {
            PQfinish(handle)
        }
        handle = nil
        preparedNames = [:]
        isInTransaction = false
    }

    /// Replaces the `PGconn` with a new one built from the same settings. The prepared-statement cache is
    /// cleared, an open transaction is gone, and channels from `listen(_:)` are listened to again.
    public func reconnect() throws {
        close()
        try open()
        let channels = listenedChannels
        listenedChannels = []
        for channel in channels {
            try listen(channel)
        }
    }

    /// Runs a statement with `$1…$n` parameters and returns its rows.
    public func query(_ sql: String, _ binds: [any PostgresEncodable] = []) throws -> PostgresRows {
        try run(sql, binds, operation: "query")
    }

    /// Runs a statement with `$1…$n` parameters and returns the number of rows it affected.
    @discardableResult
    public func execute(_ sql: String, _ binds: [any PostgresEncodable] = []) throws -> Int {
        try run(sql, binds, operation: "execute").affectedRows
    }

    /// Runs text that may hold several statements, without parameters (simple query protocol).
    /// Used for migrations; if one statement fails, the rest do not run.
    public func simpleQuery(_ sql: String) throws {
        _ = try simple(sql, operation: "simple query")
    }

    // MARK: - Internals shared by the extensions

    func open() throws {
        let keywords = keywordPairs.map { Optional($0.0) }
        let values = keywordPairs.map { Optional($0.1) }
        let connection = CStringArray.with(keywords, terminated: true) { keywordArray in
            CStringArray.with(values, terminated: true) { valueArray in
                PQconnectdbParams(keywordArray, valueArray, 0)
            }
        }
        guard let connection else {
            throw PostgresError(
                kind: .connection,
                message: "libpq could not allocate a connection",
                operation: "connect"
            )
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = connectionMessage(connection)
            PQfinish(connection)
            throw PostgresError(kind: .connection, message: message, operation: "connect")
        }
        // Server notices (such as "already exists, skipping") are not errors; keep them off stderr.
        PQsetNoticeProcessor(connection, discardNotice, nil)
        handle = connection
    }

    /// The live handle, or a `usage` error after `close()` / a `connection` error when it broke.
    func liveHandle(_ operation: String) throws -> OpaquePointer {
        guard let handle else {
            throw PostgresError(kind: .usage, message: "the connection is closed", operation: operation)
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(kind: .connection, message: "the connection was lost", operation: operation)
        }
        return handle
    }

    /// Runs `sql` with the simple query protocol and returns the last statement's rows.
    func simple(_ sql: String, operation: String) throws -> PostgresRows {
        let connection = try liveHandle(operation)
        return try consume(PQexec(connection, sql), connection: connection, operation: operation)
    }

    func run(
        _ sql: String,
        _ binds: [any PostgresEncodable],
        operation: String,
        mayRetryStalePlan: Bool = true
    ) throws -> PostgresRows {
        let connection = try liveHandle(operation)
        let texts = try parameterTexts(binds, operation: operation)
        let count = Int32(texts.count)
        if let name = try preparedName(for: sql, parameterCount: texts.count, connection: connection) {
            let result = CStringArray.with(texts) { values in
                PQexecPrepared(connection, name, count, values, nil, nil, 0)
            }
            do {
                return try consume(result, connection: connection, operation: operation)
            } catch let error as PostgresError where error.sqlState == "26000" || error.sqlState == "0A000" {
                // The server forgot the statement (DISCARD ALL), or a migration changed a table so the cached
                // plan no longer fits ("cached plan must not change result type"). Prepare it afresh; outside
                // a transaction the statement did not run, so one immediate retry is safe.
                preparedNames[sql] = nil
                guard mayRetryStalePlan, PQtransactionStatus(connection) == PQTRANS_IDLE else { throw error }
                return try run(sql, binds, operation: operation, mayRetryStalePlan: false)
            }
        }
        let result = CStringArray.with(texts) { values in
            PQexecParams(connection, sql, count, nil, values, nil, nil, 0)
        }
        return try consume(result, connection: connection, operation: operation)
    }

    /// Text for each parameter; NUL characters cannot travel in text format and are refused.
    func parameterTexts(_ binds: [any PostgresEncodable], operation: String) throws -> [String?] {
        try binds.enumerated().map { position, bind in
            let text = bind.postgresText
            if let text, text.utf8.contains(0) {
                throw PostgresError(
                    kind: .usage,
                    message: "parameter $\(position + 1) contains a NUL character",
                    operation: operation
                )
            }
            return text
        }
    }

    /// The cached statement name for `sql`, preparing it first when needed; nil means run it unnamed.
    func preparedName(for sql: String, parameterCount: Int, connection: OpaquePointer) throws -> String? {
        if let name = preparedNames[sql] { return name }
        guard Self.isCacheable(sql), preparedNames.count < Self.statementCacheLimit else { return nil }
        preparedCounter += 1
        let name = "handover_\(preparedCounter)"
        let result = PQprepare(connection, name, sql, Int32(parameterCount), nil)
        _ = try consume(result, connection: connection, operation: "prepare")
        preparedNames[sql] = name
        return name
    }

    /// Queries and DML are worth preparing; DDL and session commands run unnamed.
    static func isCacheable(_ sql: String) -> Bool {
        let firstWord = sql.drop { $0.isWhitespace || $0 == "(" }.prefix { $0.isLetter }.lowercased()
        return ["select", "insert", "update", "delete", "with", "values"].contains(firstWord)
    }

    /// Turns a `PGresult` into rows or an error, and clears it.
    func consume(_ result: OpaquePointer?, connection: OpaquePointer, operation: String) throws -> PostgresRows {
        guard let result else {
            throw failure(connection: connection, operation: operation)
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PostgresRows(storage: PostgresResultStorage(copying: result))
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE:
            throw serverError(result, connection: connection, operation: operation)
        default:
            throw PostgresError(
                kind: .usage,
                message: "COPY and other streaming results are not supported here",
                operation: operation
            )
        }
    }

    /// An error built from a failed `PGresult`: SQLSTATE, primary message and constraint name.
    func serverError(_ result: OpaquePointer, connection: OpaquePointer, operation: String) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let ascii = code.asciiValue, let text = PQresultErrorField(result, Int32(ascii)) else { return nil }
            return String(cString: text)
        }
        let sqlState = field("C")
        guard sqlState != nil else {
            // libpq's own error (no SQLSTATE): usually the connection broke mid-call.
            return failure(connection: connection, operation: operation)
        }
        return PostgresError(
            kind: .server,
            sqlState: sqlState,
            message: scrub(field("M") ?? "the server reported an error"),
            operation: operation,
            constraint: field("n")
        )
    }

    /// An error from libpq's connection-level message.
    func failure(connection: OpaquePointer, operation: String) -> PostgresError {
        let broken = PQstatus(connection) != CONNECTION_OK
        return PostgresError(
            kind: broken ? .connection : .usage,
            message: connectionMessage(connection),
            operation: operation
        )
    }

    /// libpq's last error message on one line, with the password removed should it ever appear.
    func connectionMessage(_ connection: OpaquePointer) -> String {
        let raw = PQerrorMessage(connection).map { String(cString: $0) } ?? ""
        let oneLine = raw.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
        return scrub(oneLine.isEmpty ? "libpq reported no reason" : oneLine)
    }

    func scrub(_ text: String) -> String {
        guard let password else { return text }
        return text.replacingOccurrences(of: password, with: "[redacted]")
    }
}

/// A capture-free libpq notice processor that drops notices.
private let discardNotice: PQnoticeProcessor = { _, _ in }
