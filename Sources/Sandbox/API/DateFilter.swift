/// One `CreatedAt`/`UpdatedAt` filter value: `>t` on or after, `<t` on or before, or `t` exactly.
struct DateFilter {
    enum Bound {
        case onOrAfter
        case onOrBefore
        case exactly
    }

    let bound: Bound
    let millis: Int64

    /// Parses one filter value; nil when the date is not ISO-8601.
    init?(_ text: String) {
        var rest = Substring(text)
        switch rest.first {
        case ">":
            bound = .onOrAfter
            rest = rest.dropFirst()
        case "<":
            bound = .onOrBefore
            rest = rest.dropFirst()
        default:
            bound = .exactly
        }
        if rest.first == "=" { rest = rest.dropFirst() }
        guard let parsed = Timestamp.parse(String(rest)) else { return nil }
        millis = parsed
    }

    func matches(_ value: Int64) -> Bool {
        switch bound {
        case .onOrAfter: value >= millis
        case .onOrBefore: value <= millis
        case .exactly: value == millis
        }
    }
}
