/// What an assistant says: the sender name, the signature and one email template per schedule step.
///
/// `parse(json:)` (and `Decodable`) validate everything an admin can get wrong and point at the field; encoding
/// writes the same shape back. Example:
///
/// ```json
/// {"name": "Intro", "senderName": "Ashley", "signature": "Ashley\n{{assistant.email}}",
///  "steps": [{"subject": "Hello {{contact.firstName | \"there\"}}", "body": "..."}], "threading": true}
/// ```
public struct ContextDefinition: Sendable, Hashable, Codable {
    /// The most steps a context may have.
    public static let maximumSteps = 20
    /// The largest body, in UTF-8 bytes.
    public static let maximumBodyBytes = 20 * 1024
    /// The longest subject, in characters.
    public static let maximumSubjectLength = 200
    /// The longest sender name, in characters.
    public static let maximumSenderNameLength = 100
    /// The longest signature, in characters.
    public static let maximumSignatureLength = 5_000
    /// The largest document accepted.
    public static let maximumDocumentBytes = 1024 * 1024

    /// An optional label admins see ("Intro sequence").
    public var name: String?
    public var senderName: String
    public var signature: String
    public var steps: [ContextStep]
    /// Follow-ups reply in the thread of the first email (`In-Reply-To`/`References`); default true.
    public var threading: Bool

    public init(
        name: String? = nil,
        senderName: String,
        signature: String,
        steps: [ContextStep],
        threading: Bool = true
    ) {
        self.name = name
        self.senderName = senderName
        self.signature = signature
        self.steps = steps
        self.threading = threading
    }

    /// Parses and validates a context document.
    ///
    /// - Throws: `DefinitionError` for invalid JSON, unknown keys, wrong types, an empty or multi-line subject or
    ///   sender name, zero or more than 20 steps, a body over 20 KB, malformed braces or an unknown merge field.
    public static func parse(json: [UInt8]) throws(DefinitionError) -> ContextDefinition {
        try validate(try JSONValue.decode(json, limit: maximumDocumentBytes))
    }

    public init(from decoder: any Decoder) throws {
        self = try Self.validate(try JSONValue(from: decoder))
    }

    private static func validate(_ document: JSONValue) throws(DefinitionError) -> ContextDefinition {
        let root = try DefinitionObject(document, path: "")
        try root.rejectUnknownKeys(allowed: ["name", "senderName", "signature", "steps", "threading"])

        let name = try root.string("name", required: false)
        let senderName = try root.string("senderName", required: true) ?? ""
        try checkSingleLine(senderName, path: "senderName", limit: maximumSenderNameLength)

        let signature = try root.string("signature", required: false) ?? ""
        if signature.count > maximumSignatureLength {
            throw DefinitionError(path: "signature", problem: "is longer than \(maximumSignatureLength) characters")
        }
        try checkTemplate(signature, path: "signature")

        let items = try root.array("steps", required: true) ?? []
        guard !items.isEmpty else {
            throw DefinitionError(path: "steps", problem: "needs at least one step")
        }
        guard items.count <= maximumSteps else {
            throw DefinitionError(
                path: "steps",
                problem: "has \(items.count) steps; at most \(maximumSteps) are allowed"
            )
        }
        var steps: [ContextStep] = []
        for (index, item) in items.enumerated() {
            steps.append(try step(item, path: "steps[\(index)]"))
        }

        let threading = try root.bool("threading", required: false) ?? true
        return ContextDefinition(
            name: name,
            senderName: senderName,
            signature: signature,
            steps: steps,
            threading: threading
        )
    }

    private static func step(_ value: JSONValue, path: String) throws(DefinitionError) -> ContextStep {
        let object = try DefinitionObject(value, path: path)
        try object.rejectUnknownKeys(allowed: ["subject", "body"])

        let subject = try object.string("subject", required: true) ?? ""
        try checkSingleLine(subject, path: object.path(of: "subject"), limit: maximumSubjectLength)
        try checkTemplate(subject, path: object.path(of: "subject"))

        let body = try object.string("body", required: true) ?? ""
        guard body.contains(where: { !$0.isWhitespace }) else {
            throw DefinitionError(path: object.path(of: "body"), problem: "must not be empty")
        }
        guard body.utf8.count <= maximumBodyBytes else {
            throw DefinitionError(
                path: object.path(of: "body"),
                problem: "is \(body.utf8.count) bytes; at most \(maximumBodyBytes) (20 KB) are allowed"
            )
        }
        try checkTemplate(body, path: object.path(of: "body"))
        return ContextStep(subject: subject, body: body)
    }

    /// Non-empty, one line (it becomes a mail header) and at most `limit` characters.
    private static func checkSingleLine(_ text: String, path: String, limit: Int) throws(DefinitionError) {
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw DefinitionError(path: path, problem: "must not be empty")
        }
        guard !text.contains(where: { $0.isNewline || ($0.asciiValue.map { $0 < 0x20 } ?? false) }) else {
            throw DefinitionError(path: path, problem: "must be a single line without control characters")
        }
        guard text.count <= limit else {
            throw DefinitionError(path: path, problem: "is longer than \(limit) characters")
        }
    }

    private static func checkTemplate(_ text: String, path: String) throws(DefinitionError) {
        do {
            _ = try Template.parse(text)
        } catch {
            throw DefinitionError(path: path, problem: error.description)
        }
    }
}
