/// One call to the JobAdder API before it is bound to an account's base URL and token.
struct JobAdderRequest: Sendable {
    var method: String
    /// The route template used for metrics and errors, for example `contacts/{id}/notes`.
    var template: String
    /// The path below the account's `api` base URL, starting with `/`, ids already escaped.
    var path: String
    var query: [(String, String)] = []
    var body: [UInt8]?

    /// The full URL under `baseURL`.
    func url(base baseURL: String) -> String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        let url = base + path
        return query.isEmpty ? url : url + "?" + FormEncoding.encode(query)
    }
}
