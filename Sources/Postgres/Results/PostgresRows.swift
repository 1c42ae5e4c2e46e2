/// The rows a statement returned, already copied into Swift memory.
public struct PostgresRows: RandomAccessCollection, Sendable {
    let storage: PostgresResultStorage

    init(storage: PostgresResultStorage) {
        self.storage = storage
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.rowCount }

    public subscript(position: Int) -> PostgresRow {
        PostgresRow(storage: storage, index: position)
    }

    /// The result's column names, in order.
    public var columnNames: [String] { storage.columnNames }

    /// Rows inserted, updated, deleted, selected or copied, as the server reported it.
    public var affectedRows: Int { storage.affectedRows }
}
