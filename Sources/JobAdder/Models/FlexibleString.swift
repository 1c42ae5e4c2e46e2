/// Decodes a value JobAdder may send as a JSON string or a JSON number, keeping it as text.
///
/// The token response's `instance` and `account` fields are documented without a type; this accepts both.
struct FlexibleString: Decodable {
    let value: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            value = text
        } else if let integer = try? container.decode(Int64.self) {
            value = String(integer)
        } else {
            value = String(try container.decode(Double.self))
        }
    }
}
