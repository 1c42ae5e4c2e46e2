/// Decodes an integer sent either as a JSON number or as a numeric string.
struct FlexibleInt: Decodable {
    let value: Int

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let integer = try? container.decode(Int.self) {
            value = integer
        } else if let double = try? container.decode(Double.self) {
            value = Int(double)
        } else if let integer = Int(try container.decode(String.self)) {
            value = integer
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an integer")
        }
    }
}
