import HTTPServer

/// Canonical answers shared by every route: JobAdder's `ErrorModel`, OAuth errors, 401 and JSON bodies.
enum Replies {
    /// One entry of `ErrorModel.errors`.
    struct FieldError: Sendable {
        let code: String
        let message: String
        let fields: [String]
    }

    static func json(_ status: Int, _ value: JSONValue) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: value.bytes)
    }

    /// `ErrorModel { message, errors: [{ code, message, fields }] }`.
    static func errorModel(_ status: Int, _ message: String, _ errors: [FieldError]) -> HTTPResponse {
        json(
            status,
            [
                "message": .string(message),
                "errors": .array(
                    errors.map {
                        [
                            "code": .string($0.code), "message": .string($0.message),
                            "fields": .array($0.fields.map(JSONValue.string)),
                        ]
                    }
                ),
            ]
        )
    }

    /// A 422 validation failure for one field.
    static func invalid(_ field: String, _ message: String, code: String = "Invalid") -> HTTPResponse {
        errorModel(422, "Validation failed", [FieldError(code: code, message: message, fields: [field])])
    }

    /// 400 for a body that is not JSON.
    static func badJSON() -> HTTPResponse {
        errorModel(400, "The request body is not valid JSON", [])
    }

    /// `{ error, error_description }` with 400, as the token endpoint answers.
    static func oauth(_ error: String, _ description: String) -> HTTPResponse {
        json(400, ["error": .string(error), "error_description": .string(description)])
    }

    /// 401 with `WWW-Authenticate: Bearer error="invalid_token"`.
    static func unauthorized(_ description: String) -> HTTPResponse {
        json(401, ["message": "Unauthorized", "error": "invalid_token", "error_description": .string(description)])
            .adding(header: "WWW-Authenticate", "Bearer error=\"invalid_token\"")
    }

    /// 404 with no body, as JobAdder answers missing records.
    static func notFound() -> HTTPResponse {
        .empty(404)
    }

    static func methodNotAllowed() -> HTTPResponse {
        json(405, ["message": "Method not allowed"])
    }
}
