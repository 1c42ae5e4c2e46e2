import Foundation

/// Connection settings parsed from a `postgresql://` or `postgres://` URL.
///
/// The URL is turned into libpq keywords so that neither it nor the password ever reaches an error message.
/// Query parameters (`sslmode`, `connect_timeout`, …) pass through as libpq keywords of the same name.
public struct PostgresConfiguration: Sendable, CustomStringConvertible {
    public var host: String?
    public var port: Int?
    public var user: String?
    /// Kept out of `description` and of every error.
    public var password: String?
    public var database: String?
    /// Extra libpq keywords from the URL's query, such as `sslmode`.
    public var parameters: [String: String]

    public init(
        host: String? = nil,
        port: Int? = nil,
        user: String? = nil,
        password: String? = nil,
        database: String? = nil,
        parameters: [String: String] = [:]
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.parameters = parameters
    }

    /// Parses a database URL; throws a `usage` error that names the problem but never repeats the URL.
    public init(url: String) throws {
        self.init()
        let rest: Substring
        if url.hasPrefix("postgresql://") {
            rest = url.dropFirst("postgresql://".count)
        } else if url.hasPrefix("postgres://") {
            rest = url.dropFirst("postgres://".count)
        } else {
            throw Self.malformed("it must start with postgresql:// or postgres://")
        }

        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var remainder = rest[authorityEnd...]

        var hostPart = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPart = authority[authority.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                user = try Self.decode(userInfo[..<colon], what: "user name")
                password = try Self.decode(userInfo[userInfo.index(after: colon)...], what: "password")
            } else {
                user = try Self.decode(userInfo, what: "user name")
            }
        }
        try parseHost(hostPart)

        if remainder.hasPrefix("/") {
            remainder = remainder.dropFirst()
            let pathEnd = remainder.firstIndex(of: "?") ?? remainder.endIndex
            let path = remainder[..<pathEnd]
            if !path.isEmpty { database = try Self.decode(path, what: "database name") }
            remainder = remainder[pathEnd...]
        }
        if remainder.hasPrefix("?") {
            try parseQuery(remainder.dropFirst())
        }
    }

    public var description: String {
        "postgres \(user ?? "(default user)")@\(host ?? "(default host)"):\(port.map(String.init) ?? "(default)")"
            + "/\(database ?? "(default database)")"
    }

    /// libpq keyword/value pairs; `applicationName` wins over one given in the URL.
    func keywordPairs(applicationName: String) -> [(String, String)] {
        var pairs: [(String, String)] = []
        if let host { pairs.append(("host", host)) }
        if let port { pairs.append(("port", String(port))) }
        if let user { pairs.append(("user", user)) }
        if let password { pairs.append(("password", password)) }
        if let database { pairs.append(("dbname", database)) }

        var extra = parameters
        extra["application_name"] = applicationName
        extra["client_encoding"] = "UTF8"
        if extra["connect_timeout"] == nil { extra["connect_timeout"] = "10" }
        // Timestamps are decoded from ISO text, so the session's zone and style are pinned.
        let pinned = "-c TimeZone=UTC -c DateStyle=ISO,YMD -c extra_float_digits=3"
        extra["options"] = extra["options"].map { "\($0) \(pinned)" } ?? pinned
        for key in extra.keys.sorted() {
            pairs.append((key, extra[key] ?? ""))
        }
        return pairs
    }

    private mutating func parseHost(_ text: Substring) throws {
        guard !text.isEmpty else { return }
        var hostText = text
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw Self.malformed("an IPv6 host lacks its ]") }
            hostText = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw Self.malformed("unexpected text after the IPv6 host")
            }
        } else if let colon = text.lastIndex(of: ":") {
            hostText = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        if !hostText.isEmpty { host = try Self.decode(hostText, what: "host") }
        if let portText, !portText.isEmpty {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw Self.malformed("the port is not a number between 1 and 65535")
            }
            port = value
        }
    }

    private mutating func parseQuery(_ query: Substring) throws {
        for item in query.split(separator: "&") where !item.isEmpty {
            guard let equals = item.firstIndex(of: "=") else {
                throw Self.malformed("a query parameter has no value")
            }
            let key = try Self.decode(item[..<equals], what: "parameter name")
            let value = try Self.decode(item[item.index(after: equals)...], what: "parameter value")
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0 == "_" }) else {
                throw Self.malformed("a query parameter name is not a libpq keyword")
            }
            switch key {
            case "host": host = value
            case "port":
                guard let number = Int(value), (1...65535).contains(number) else {
                    throw Self.malformed("the port is not a number between 1 and 65535")
                }
                port = number
            case "user": user = value
            case "password": password = value
            case "dbname": database = value
            default: parameters[key] = value
            }
        }
    }

    private static func decode(_ text: Substring, what: String) throws -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw malformed("the \(what) has invalid percent-encoding")
        }
        return decoded
    }

    private static func malformed(_ reason: String) -> PostgresError {
        PostgresError(kind: .usage, message: "database URL is malformed: \(reason)", operation: "connect")
    }
}
