import HTTPServer

/// `Offset`/`Limit` of a list request and the `PageLinks` built from them.
///
/// `Limit` defaults to 100; above 1000 or negative values are rejected with 400 (`ErrorModel`).
/// `Limit=0` answers only `totalCount`.
struct Paging {
    let offset: Int
    let limit: Int

    /// Reads the paging parameters (any casing); a 400 response when they are not valid.
    static func parse(_ request: HTTPRequest) -> Result<Paging, PagingError> {
        var offset = 0
        var limit = 100
        if let text = request.queryValues("Offset", caseInsensitive: true).last {
            guard let value = Int(text), (0...Int(Int32.max)).contains(value) else {
                return .failure(PagingError(field: "offset"))
            }
            offset = value
        }
        if let text = request.queryValues("Limit", caseInsensitive: true).last {
            guard let value = Int(text), (0...1000).contains(value) else {
                return .failure(PagingError(field: "limit"))
            }
            limit = value
        }
        return .success(Paging(offset: offset, limit: limit))
    }

    /// The page of `items` this request asks for.
    func page<T>(_ items: [T]) -> ArraySlice<T> {
        guard limit > 0, offset < items.count else { return [] }
        return items[offset..<min(items.count, offset + limit)]
    }

    /// `{ items, totalCount, links: { first, prev, next, last } }`; links keep the other query arguments.
    func listJSON(items: [JSONValue], totalCount: Int, request: HTTPRequest, base: String) -> JSONValue {
        guard limit > 0 else {
            return ["items": [], "totalCount": .int(totalCount)]
        }
        let kept = request.query.filter { !["offset", "limit"].contains($0.0.lowercased()) }
        func link(_ offset: Int) -> JSONValue {
            .string(base + "?" + FormCoding.query(kept + [("Offset", String(offset)), ("Limit", String(limit))]))
        }
        let last = totalCount == 0 ? 0 : ((totalCount - 1) / limit) * limit
        return [
            "items": .array(items),
            "totalCount": .int(totalCount),
            "links": [
                "first": link(0),
                "prev": offset > 0 ? link(max(0, offset - limit)) : .null,
                "next": offset + limit < totalCount ? link(offset + limit) : .null,
                "last": link(last),
            ],
        ]
    }
}

/// A paging parameter that is not a valid number.
struct PagingError: Error {
    let field: String

    var response: HTTPResponse {
        Replies.errorModel(
            400,
            "Invalid paging parameter",
            [.init(code: "Invalid", message: "\(field) must be between 0 and 1000", fields: [field])]
        )
    }
}
