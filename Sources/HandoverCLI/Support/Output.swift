import Foundation

/// Prints results for people (aligned tables) or for scripts (`--json`).
struct Output {
    let json: Bool

    /// Columns whose cells are counts or ids: JSON output gives them as numbers, not strings.
    static let numericColumns: Set<String> = [
        "leads", "active_leads", "capacity", "daily_cap", "attempts", "contact", "steps", "next_step", "sequence",
    ]

    /// Prints rows as a table, or as a JSON array of objects with the same keys.
    func table(_ columns: [String], _ rows: [[String]], empty: String) {
        if json {
            let objects = rows.map { row in
                Dictionary(
                    uniqueKeysWithValues: zip(columns, row).map { column, cell -> (String, Any) in
                        (column, Self.numericColumns.contains(column) ? Int(cell).map { $0 as Any } ?? cell : cell)
                    }
                )
            }
            printJSON(objects)
            return
        }
        guard !rows.isEmpty else {
            print(empty)
            return
        }
        var widths = columns.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        print(line(columns.map { $0.uppercased() }))
        rows.forEach { print(line($0)) }
    }

    /// Prints one object: key/value lines for people, a JSON object for scripts.
    func object(_ fields: KeyValuePairs<String, Any>) {
        if json {
            printJSON(Dictionary(fields.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }))
            return
        }
        let width = fields.map(\.key.count).max() ?? 0
        for (key, value) in fields {
            print("\(key.padding(toLength: width, withPad: " ", startingAt: 0))  \(value)")
        }
    }

    func message(_ text: String, data: [String: Any] = [:]) {
        if json {
            printJSON(data.isEmpty ? ["ok": true, "message": text] : data)
        } else {
            print(text)
        }
    }

    func printJSON(_ value: Any) {
        let data =
            (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        print(String(decoding: data, as: UTF8.self))
    }
}
