/// JobAdder's error body for 409 and 422 answers (`ErrorModel`).
public struct ErrorModel: Decodable, Sendable, Equatable, CustomStringConvertible {
    /// One problem with one or more fields.
    public struct Detail: Decodable, Sendable, Equatable {
        /// `Invalid`, `Missing`, `MissingField` or `AlreadyExists`.
        public var code: String?
        public var message: String?
        public var fields: [String]

        public init(code: String? = nil, message: String? = nil, fields: [String] = []) {
            self.code = code
            self.message = message
            self.fields = fields
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            code = try container.decodeIfPresent(String.self, forKey: .code)
            message = try container.decodeIfPresent(String.self, forKey: .message)
            fields = try container.decodeIfPresent([String].self, forKey: .fields) ?? []
        }

        enum CodingKeys: String, CodingKey { case code, message, fields }
    }

    public var message: String?
    public var errors: [Detail]

    public init(message: String? = nil, errors: [Detail] = []) {
        self.message = message
        self.errors = errors
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        errors = try container.decodeIfPresent([Detail].self, forKey: .errors) ?? []
    }

    enum CodingKeys: String, CodingKey { case message, errors }

    /// Every field named by any detail, for example `statusId`.
    public var fields: [String] {
        errors.flatMap(\.fields)
    }

    /// A short summary: the message and each detail's code and fields (JobAdder's own words, no payload).
    public var description: String {
        var parts = [message ?? "error"]
        for detail in errors {
            let fields = detail.fields.isEmpty ? "" : " [\(detail.fields.joined(separator: ","))]"
            parts.append("\(detail.code ?? "?")\(fields)")
        }
        return String(parts.joined(separator: "; ").prefix(300))
    }
}
