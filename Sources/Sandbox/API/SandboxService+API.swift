import Foundation
import HTTPServer

extension SandboxService {
    /// Authenticates a `/v2` request, applies the account's rate limit and faults, then routes it.
    /// Returns the route class for statistics with the answer.
    func handleAPI(_ request: HTTPRequest) -> (String, HTTPResponse) {
        let parts = Self.components(request.path, below: "/v2")
        let routeClass = Self.routeClass(method: request.method, parts: parts)
        guard let header = request.header("authorization"), header.lowercased().hasPrefix("bearer ") else {
            return (routeClass, Replies.unauthorized("missing bearer token"))
        }
        let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        let now = Timestamp.now()
        guard let grant = tokens.accessGrant(token, now: now), let account = registry.account(id: grant.accountId)
        else {
            return (routeClass, Replies.unauthorized("the access token is invalid or has expired"))
        }

        let (retryAfter, faults) = account.state.withLock { state -> (Int?, FaultSettings) in
            let retry = state.bucket?.take(now: now)
            state.meter.record(now: now, accepted: retry == nil)
            return (retry, state.settings.faults)
        }
        if let retryAfter {
            let body: JSONValue = ["message": "Too many requests", "retryAfter": .int(retryAfter)]
            return (routeClass, Replies.json(429, body).adding(header: "Retry-After", String(retryAfter)))
        }
        if let failure = Self.injectFault(faults) {
            return (routeClass, failure)
        }
        return (routeClass, route(request, parts: parts, account: account))
    }

    /// Maps `/v2/<parts>` to its handler.
    private func route(_ request: HTTPRequest, parts: [String], account: Account) -> HTTPResponse {
        let method = request.method
        switch parts.count {
        case 1 where parts[0] == "contacts":
            return method == "GET" ? listContacts(request, account: account) : Replies.methodNotAllowed()
        case 1 where parts[0] == "webhooks":
            switch method {
            case "GET": return listWebhooks(request, account: account)
            case "POST": return createWebhook(request, account: account)
            default: return Replies.methodNotAllowed()
            }
        case 2 where parts == ["users", "current"]:
            return method == "GET" ? currentUser(account) : Replies.methodNotAllowed()
        case 2 where parts[0] == "contacts":
            guard let contactId = Int(parts[1]) else { return Replies.notFound() }
            return method == "GET" ? getContact(contactId, account: account) : Replies.methodNotAllowed()
        case 2 where parts[0] == "webhooks":
            switch method {
            case "GET": return getWebhook(parts[1], account: account)
            case "PUT": return updateWebhook(parts[1], request: request, account: account)
            case "DELETE": return deleteWebhook(parts[1], account: account)
            default: return Replies.methodNotAllowed()
            }
        case 3 where parts[0] == "contacts" && parts[1] == "lists":
            guard method == "GET" else { return Replies.methodNotAllowed() }
            if parts[2] == "status" { return statusList(request, account: account) }
            if parts[2] == "notetype" { return noteTypeList(request, account: account) }
            return Replies.notFound()
        case 3 where parts[0] == "contacts" && parts[2] == "status":
            guard let contactId = Int(parts[1]) else { return Replies.notFound() }
            return method == "PUT"
                ? setStatus(contactId, request: request, account: account) : Replies.methodNotAllowed()
        case 3 where parts[0] == "contacts" && parts[2] == "notes":
            guard let contactId = Int(parts[1]) else { return Replies.notFound() }
            switch method {
            case "GET": return listNotes(contactId, request: request, account: account)
            case "POST": return addNote(contactId, request: request, account: account)
            default: return Replies.methodNotAllowed()
            }
        default:
            return Replies.notFound()
        }
    }

    /// A stable label such as `GET /v2/contacts/{id}` for statistics.
    static func routeClass(method: String, parts: [String]) -> String {
        let shape = parts.enumerated().map { index, part -> String in
            if index == 1, parts[0] == "contacts", Int(part) != nil { return "{id}" }
            if index == 1, parts[0] == "webhooks" { return "{id}" }
            return part
        }
        return method + " /v2/" + shape.joined(separator: "/")
    }

    /// `GET /users/current`: `UserRepresentation` of the account's acting user.
    private func currentUser(_ account: Account) -> HTTPResponse {
        let body = account.state.withLock { state -> JSONValue in
            let user = state.actingUser
            return [
                "userId": .int(user.userId), "firstName": .string(user.firstName), "lastName": .string(user.lastName),
                "email": .string(user.email), "position": .string(user.position), "admin": .bool(user.admin),
                "accountName": .string(state.name), "timeZone": "UTC", "culture": "en-AU",
                "office": ["officeId": 1, "name": "Head Office"], "userGroups": [],
                "links": ["self": .string(apiBase + "/users/\(user.userId)")],
            ]
        }
        return Replies.json(200, body)
    }
}
