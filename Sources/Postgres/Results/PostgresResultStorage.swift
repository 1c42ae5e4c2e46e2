import CPostgres

/// A result copied out of a `PGresult`, so the `PGresult` can be cleared at once.
final class PostgresResultStorage: Sendable {
    let columnNames: [String]
    let columnIndex: [String: Int]
    /// Row-major values; nil is SQL NULL.
    let values: [String?]
    let rowCount: Int
    let affectedRows: Int

    static let empty = PostgresResultStorage(columnNames: [], values: [], rowCount: 0, affectedRows: 0)

    init(columnNames: [String], values: [String?], rowCount: Int, affectedRows: Int) {
        self.columnNames = columnNames
        var index: [String: Int] = [:]
        for (position, name) in columnNames.enumerated() where index[name] == nil {
            index[name] = position
        }
        self.columnIndex = index
        self.values = values
        self.rowCount = rowCount
        self.affectedRows = affectedRows
    }

    /// Copies everything out of `result`; the caller still owns and clears it.
    convenience init(copying result: OpaquePointer) {
        let rows = Int(PQntuples(result))
        let columns = Int(PQnfields(result))
        var names: [String] = []
        names.reserveCapacity(columns)
        for column in 0..<columns {
            names.append(PQfname(result, Int32(column)).map { String(cString: $0) } ?? "?column?")
        }
        var values: [String?] = []
        values.reserveCapacity(rows * columns)
        for row in 0..<rows {
            for column in 0..<columns {
                if PQgetisnull(result, Int32(row), Int32(column)) == 1 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, Int32(row), Int32(column))))
                }
            }
        }
        let affected = PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
        self.init(columnNames: names, values: values, rowCount: rows, affectedRows: affected)
    }
}
