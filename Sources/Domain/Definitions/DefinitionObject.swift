/// A JSON object being validated at some path, with typed accessors that throw `DefinitionError`s naming the
/// field.
struct DefinitionObject {
    let path: String
    let fields: [String: JSONValue]

    /// Wraps `value`, which must be an object.
    init(_ value: JSONValue, path: String) throws(DefinitionError) {
        guard case .object(let fields) = value else {
            throw DefinitionError(path: path, problem: "must be an object, not \(value.typeName)")
        }
        self.path = path
        self.fields = fields
    }

    /// The path of a member.
    func path(of key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// Rejects members other than `allowed` (the first unknown key in alphabetical order is reported).
    func rejectUnknownKeys(allowed: [String]) throws(DefinitionError) {
        let unknown = fields.keys.filter { !allowed.contains($0) }.sorted()
        if let key = unknown.first {
            let expected = allowed.joined(separator: ", ")
            throw DefinitionError(path: path(of: key), problem: "unknown key; expected one of: \(expected)")
        }
    }

    /// The member, treating JSON null as absent; throws when `required` and absent.
    func value(_ key: String, required: Bool) throws(DefinitionError) -> JSONValue? {
        switch fields[key] {
        case nil, .null?:
            if required {
                throw DefinitionError(path: path(of: key), problem: "is required")
            }
            return nil
        case let value?:
            return value
        }
    }

    func string(_ key: String, required: Bool) throws(DefinitionError) -> String? {
        guard let value = try value(key, required: required) else { return nil }
        guard case .string(let text) = value else {
            throw DefinitionError(path: path(of: key), problem: "must be a string, not \(value.typeName)")
        }
        return text
    }

    func bool(_ key: String, required: Bool) throws(DefinitionError) -> Bool? {
        guard let value = try value(key, required: required) else { return nil }
        guard case .bool(let flag) = value else {
            throw DefinitionError(path: path(of: key), problem: "must be true or false, not \(value.typeName)")
        }
        return flag
    }

    func integer(_ key: String, required: Bool) throws(DefinitionError) -> Int? {
        guard let value = try value(key, required: required) else { return nil }
        guard case .number(let number) = value else {
            throw DefinitionError(path: path(of: key), problem: "must be a whole number, not \(value.typeName)")
        }
        guard number.rounded() == number, abs(number) < 1e9 else {
            throw DefinitionError(path: path(of: key), problem: "must be a whole number")
        }
        return Int(number)
    }

    func array(_ key: String, required: Bool) throws(DefinitionError) -> [JSONValue]? {
        guard let value = try value(key, required: required) else { return nil }
        guard case .array(let items) = value else {
            throw DefinitionError(path: path(of: key), problem: "must be a list, not \(value.typeName)")
        }
        return items
    }

    func object(_ key: String, required: Bool) throws(DefinitionError) -> DefinitionObject? {
        guard let value = try value(key, required: required) else { return nil }
        return try DefinitionObject(value, path: path(of: key))
    }

    /// The string at `index` of a list at `listPath`.
    static func string(_ value: JSONValue, path: String) throws(DefinitionError) -> String {
        guard case .string(let text) = value else {
            throw DefinitionError(path: path, problem: "must be a string, not \(value.typeName)")
        }
        return text
    }
}
