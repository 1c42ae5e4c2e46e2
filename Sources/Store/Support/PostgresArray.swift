import Postgres

/// A one-dimensional array parameter in PostgreSQL's text form (`{"a","b"}`), for `= ANY($1)` and
/// `unnest($1::…[])` so that a whole batch travels in one parameter.
public struct PostgresArray: PostgresEncodable, Sendable {
    private let elements: [String?]

    public init(_ elements: [String?]) { self.elements = elements }
    public init(_ elements: [String]) { self.elements = elements }
    public init<T: PostgresEncodable>(_ values: [T]) { self.elements = values.map(\.postgresText) }

    public var postgresText: String? {
        "{"
            + elements.map { element in
                guard let element else { return "NULL" }
                var quoted = "\""
                for character in element {
                    if character == "\"" || character == "\\" { quoted.append("\\") }
                    quoted.append(character)
                }
                return quoted + "\""
            }.joined(separator: ",") + "}"
    }
}
