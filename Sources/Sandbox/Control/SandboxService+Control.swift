import Foundation
import HTTPServer

extension SandboxService {
    /// Routes `/_sandbox/...`; see README.md for every call.
    func handleControl(_ request: HTTPRequest) -> HTTPResponse {
        let parts = Self.components(request.path, below: "/_sandbox")
        let method = request.method
        var body: JSONValue = .object([])
        if method == "POST" || method == "PUT", !request.body.isEmpty {
            guard let parsed = Self.parseBody(request) else { return Replies.badJSON() }
            body = parsed
        }
        switch (method, parts.first ?? "") {
        case ("POST", "reset"):
            reset()
            return Replies.json(200, ["status": "reset"])
        case ("GET", "stats"):
            return Replies.json(200, statisticsJSON())
        case ("POST", "stats") where parts.count == 2 && parts[1] == "reset":
            statistics.reset()
            return Replies.json(200, ["status": "reset"])
        case (_, "accounts"):
            break
        default:
            return Replies.notFound()
        }
        if parts.count == 1 {
            switch method {
            case "GET":
                return Replies.json(200, ["items": .array(registry.all.map { accountJSON($0) })])
            case "POST":
                switch AccountSpec.parse(body) {
                case .failure(let error): return Replies.invalid("body", error.message)
                case .success(let spec):
                    switch createAccount(spec) {
                    case .success(let account): return Replies.json(201, accountJSON(account))
                    case .failure(let failure): return failure.response
                    }
                }
            default: return Replies.methodNotAllowed()
            }
        }
        guard let accountId = Int(parts[1]), let account = registry.account(id: accountId) else {
            return Replies.notFound()
        }
        let rest = Array(parts.dropFirst(2))
        return accountControl(method: method, rest: rest, body: body, request: request, account: account)
    }

    private func accountControl(
        method: String,
        rest: [String],
        body: JSONValue,
        request: HTTPRequest,
        account: Account
    ) -> HTTPResponse {
        switch (method, rest.first ?? "", rest.count) {
        case ("GET", "", 0):
            return Replies.json(200, accountJSON(account))
        case ("POST", "contacts", 1):
            return addContacts(body, account: account)
        case ("GET", "contacts", 1):
            let items = account.state.withLock { state in
                state.contactOrder.compactMap { state.contacts[$0] }.map {
                    state.contactJSON($0, apiBase: apiBase, detailed: false)
                }
            }
            return Replies.json(200, ["items": .array(items)])
        case ("DELETE", "contacts", 2):
            guard let contactId = Int(rest[1]) else { return Replies.notFound() }
            let deleted = account.state.withLock { $0.delete(contactId: contactId) }
            return deleted ? Replies.json(200, ["deleted": .int(contactId)]) : Replies.notFound()
        case ("GET", "contacts", 3) where rest[2] == "notes" || rest[2] == "history":
            guard let contactId = Int(rest[1]) else { return Replies.notFound() }
            return rest[2] == "notes"
                ? contactNotes(contactId, account: account) : contactHistory(contactId, account: account)
        case ("POST", "status-changes", 1):
            return recruiterStatusChange(body, account: account)
        case ("GET", "notes", 1):
            let items = account.state.withLock { state in state.notes.map(Self.reconciliationJSON) }
            return Replies.json(200, ["items": .array(items), "totalCount": .int(items.count)])
        case ("GET", "status-changes", 1):
            let items = account.state.withLock { state in state.statusChanges.map { historyJSON($0, state: state) } }
            return Replies.json(200, ["items": .array(items), "totalCount": .int(items.count)])
        case ("GET", "counts", 1):
            return Replies.json(200, counts(account))
        case ("GET", "settings", 1):
            return Replies.json(200, account.state.withLock { $0.settings.json })
        case ("PUT", "settings", 1):
            return updateSettings(body, account: account)
        case ("POST", "revoke-tokens", 1):
            let revoked = tokens.revokeAll(accountId: account.accountId)
            return Replies.json(200, ["revoked": .int(revoked)])
        case ("POST", "tokens", 1):
            let ttl = account.state.withLock { $0.settings.accessTokenTTL } ?? configuration.accessTokenTTLSeconds
            let clientId = account.state.withLock { $0.clientId }
            let issued = tokens.issue(
                accountId: account.accountId,
                clientId: clientId,
                scope: "read write offline_access",
                ttlSeconds: ttl,
                withRefresh: true,
                now: Timestamp.now()
            )
            return Replies.json(201, tokenBody(issued, accountId: account.accountId))
        case ("GET", "deliveries", 1):
            let items = account.state.withLock { $0.deliveries.map(\.json) }
            return Replies.json(200, ["items": .array(items), "totalCount": .int(items.count)])
        default:
            return Replies.notFound()
        }
    }

    /// Creates an account from a spec and registers it; 409 when the id or client id is taken.
    func createAccount(_ spec: AccountSpec) -> Result<Account, ResponseFailure> {
        let user = SandboxUser(
            userId: registry.makeUserId(),
            firstName: spec.user.firstName,
            lastName: spec.user.lastName,
            email: spec.user.email,
            position: spec.user.position,
            admin: true
        )
        let statuses = spec.statuses.map {
            ContactStatus(statusId: registry.makeStatusId(), name: $0.name, active: $0.active, isDefault: $0.isDefault)
        }
        var state = AccountState(
            accountId: spec.accountId ?? registry.makeAccountId(),
            name: spec.name,
            clientId: spec.clientId,
            clientSecret: spec.clientSecret,
            redirectPrefixes: spec.redirectPrefixes,
            users: [user],
            statuses: statuses,
            noteTypes: spec.noteTypes
        )
        state.settings.rateLimit = spec.rateLimit ?? configuration.rateLimit
        state.settings.accessTokenTTL = spec.accessTokenTTL
        if let rate = state.settings.rateLimit, rate > 0 {
            state.bucket = TokenBucket(rate: rate, now: Timestamp.now())
        }
        let account = Account(state)
        guard registry.add(account, clientId: spec.clientId) else {
            return .failure(.init(Replies.json(409, ["message": "accountId or clientId already exists"])))
        }
        return .success(account)
    }

    /// Adds contacts from `{ contacts: [...] }` or generates `{ count, emailDomain?, status? }`.
    func addContacts(_ body: JSONValue, account: Account) -> HTTPResponse {
        var specs = body["contacts"]?.arrayValue ?? []
        if specs.isEmpty, let count = body["count"]?.intValue, count > 0, count <= 1_000_000 {
            let domain = body["emailDomain"]?.stringValue ?? "example.com"
            let prefix = body["emailPrefix"]?.stringValue ?? "contact"
            specs = (0..<count).map { index in
                [
                    "firstName": "Contact", "lastName": .string("No\(index + 1)"),
                    "email": .string("\(prefix)\(index + 1).\(RandomToken.hex(byteCount: 3))@\(domain)"),
                    "status": body["status"] ?? .null,
                ]
            }
        }
        guard !specs.isEmpty else { return Replies.invalid("contacts", "contacts or count is required") }
        let ids = registry.makeContactIds(specs.count)
        let now = Timestamp.now()
        let result = account.state.withLock { state -> Result<[Int], SpecError> in
            var made: [Contact] = []
            for (contactId, spec) in zip(ids, specs) {
                var statusId = state.defaultStatus.statusId
                if let name = spec["status"]?.stringValue ?? spec["statusName"]?.stringValue {
                    guard let status = state.status(named: name) else {
                        return .failure(SpecError("unknown status \(name)"))
                    }
                    statusId = status.statusId
                } else if let wanted = spec["statusId"]?.intValue {
                    guard state.status(wanted) != nil else { return .failure(SpecError("unknown statusId \(wanted)")) }
                    statusId = wanted
                }
                made.append(
                    Contact(
                        contactId: contactId,
                        firstName: spec["firstName"]?.stringValue ?? "",
                        lastName: spec["lastName"]?.stringValue ?? "",
                        email: spec["email"]?.stringValue,
                        phone: spec["phone"]?.stringValue,
                        position: spec["position"]?.stringValue,
                        unsubscribed: spec["unsubscribed"]?.boolValue ?? false,
                        inactive: spec["inactive"]?.boolValue ?? false,
                        statusId: statusId,
                        ownerUserId: state.actingUser.userId,
                        createdAt: now,
                        updatedAt: now
                    )
                )
            }
            made.forEach { state.insert($0) }
            return .success(made.map(\.contactId))
        }
        switch result {
        case .success(let contactIds):
            return Replies.json(201, ["contactIds": .array(contactIds.map(JSONValue.int))])
        case .failure(let error):
            return Replies.invalid("status", error.message)
        }
    }

    /// A recruiter changes statuses in the JobAdder UI: `{ contactIds, statusName | statusId, userId? }`.
    /// Each real change is recorded and fires webhooks.
    private func recruiterStatusChange(_ body: JSONValue, account: Account) -> HTTPResponse {
        var contactIds = body["contactIds"]?.arrayValue?.compactMap(\.intValue) ?? []
        if let single = body["contactId"]?.intValue { contactIds.append(single) }
        guard !contactIds.isEmpty else { return Replies.invalid("contactIds", "contactIds is required") }
        let now = Timestamp.now()
        let outcome = account.state.withLock { state -> Result<([StatusChangeEvent], [Int], [Int]), SpecError> in
            let target: ContactStatus?
            if let name = body["statusName"]?.stringValue {
                target = state.status(named: name)
            } else {
                target = body["statusId"]?.intValue.flatMap { state.status($0) }
            }
            guard let target else { return .failure(SpecError("statusName or statusId does not name a status")) }
            let userId = body["userId"]?.intValue.flatMap { state.user($0)?.userId } ?? state.actingUser.userId
            var events: [StatusChangeEvent] = []
            var unchanged: [Int] = []
            var missing: [Int] = []
            for contactId in contactIds {
                switch state.changeStatus(
                    contactId: contactId,
                    to: target.statusId,
                    origin: "recruiter",
                    userId: userId,
                    now: now
                ) {
                case .changed(let event): events.append(event)
                case .unchanged: unchanged.append(contactId)
                case .contactMissing, .statusMissing: missing.append(contactId)
                }
            }
            return .success((events, unchanged, missing))
        }
        switch outcome {
        case .failure(let error):
            return Replies.invalid("statusName", error.message)
        case .success(let (events, unchanged, missing)):
            dispatcher.publish(events, account: account)
            return Replies.json(
                200,
                [
                    "changed": .array(events.map { .int($0.contactId) }),
                    "unchanged": .array(unchanged.map(JSONValue.int)), "missing": .array(missing.map(JSONValue.int)),
                ]
            )
        }
    }

    private func contactNotes(_ contactId: Int, account: Account) -> HTTPResponse {
        let items = account.state.withLock { state -> [JSONValue]? in
            guard state.contacts[contactId] != nil else { return nil }
            return (state.noteIndexesByContact[contactId] ?? []).map { Self.reconciliationJSON(state.notes[$0]) }
        }
        guard let items else { return Replies.notFound() }
        return Replies.json(200, ["items": .array(items), "totalCount": .int(items.count)])
    }

    private func contactHistory(_ contactId: Int, account: Account) -> HTTPResponse {
        let items = account.state.withLock { state -> [JSONValue]? in
            guard state.contacts[contactId] != nil else { return nil }
            return state.statusChanges.filter { $0.contactId == contactId }.map { historyJSON($0, state: state) }
        }
        guard let items else { return Replies.notFound() }
        return Replies.json(200, ["items": .array(items), "totalCount": .int(items.count)])
    }

    /// A note as reconciliation needs it (all fields, full text).
    static func reconciliationJSON(_ note: Note) -> JSONValue {
        [
            "noteId": .string(note.noteId), "contactId": .int(note.contactId), "type": .string(note.type),
            "source": .string(note.source), "reference": .optional(note.reference), "text": .string(note.text),
            "createdByIntegration": .bool(note.createdByIntegration), "readonly": .bool(note.readonly),
            "createdByUserId": .int(note.createdByUserId), "createdAt": .string(Timestamp.iso(note.createdAt)),
        ]
    }

    private func historyJSON(_ change: StatusChange, state: AccountState) -> JSONValue {
        [
            "contactId": .int(change.contactId), "previousStatusId": .int(change.previousStatusId),
            "previousStatusName": .optional(state.status(change.previousStatusId)?.name),
            "statusId": .int(change.statusId), "statusName": .optional(state.status(change.statusId)?.name),
            "origin": .string(change.origin), "userId": .int(change.userId), "at": .string(Timestamp.iso(change.at)),
        ]
    }

    private func counts(_ account: Account) -> JSONValue {
        account.state.withLock { state in
            var notesByType: [String: Int] = [:]
            var notesByContact: [Int: Int] = [:]
            var integrationNotes = 0
            for note in state.notes {
                notesByType[note.type, default: 0] += 1
                notesByContact[note.contactId, default: 0] += 1
                if note.createdByIntegration { integrationNotes += 1 }
            }
            var changesByContact: [Int: Int] = [:]
            for change in state.statusChanges {
                changesByContact[change.contactId, default: 0] += 1
            }
            func object(_ table: [Int: Int]) -> JSONValue {
                .object(table.keys.sorted().map { (String($0), .int(table[$0] ?? 0)) })
            }
            return [
                "contacts": .int(state.contacts.count), "notes": .int(state.notes.count),
                "integrationNotes": .int(integrationNotes),
                "notesByType": .object(notesByType.keys.sorted().map { ($0, .int(notesByType[$0] ?? 0)) }),
                "notesByContact": object(notesByContact), "statusChanges": .int(state.statusChanges.count),
                "statusChangesByContact": object(changesByContact), "webhooks": .int(state.webhooks.count),
                "deliveries": .int(state.deliveries.count),
            ]
        }
    }

    /// Partial update of an account's switches; every field is optional, `null` clears limits.
    private func updateSettings(_ body: JSONValue, account: Account) -> HTTPResponse {
        guard case .object = body else { return Replies.invalid("body", "body must be a JSON object") }
        let now = Timestamp.now()
        let settings = account.state.withLock { state -> JSONValue in
            var settings = state.settings
            if let value = body["rateLimit"] {
                settings.rateLimit = value.doubleValue.flatMap { $0 > 0 ? $0 : nil }
                state.bucket = settings.rateLimit.map { TokenBucket(rate: $0, now: now) }
            }
            if let value = body["accessTokenTTL"] {
                settings.accessTokenTTL = value.intValue.map { min(max($0, 1), 315_360_000) }
            }
            if let value = body["denyAuthorize"]?.boolValue { settings.denyAuthorize = value }
            if let value = body["duplicateDeliveries"]?.boolValue { settings.duplicateDeliveries = value }
            if let value = body["shuffleDeliveries"]?.boolValue { settings.shuffleDeliveries = value }
            if let faults = body["faults"] {
                if faults.isNull {
                    settings.faults = FaultSettings()
                } else {
                    Self.apply(faults, to: &settings.faults)
                }
            }
            state.settings = settings
            return settings.json
        }
        return Replies.json(200, settings)
    }

    private static func apply(_ faults: JSONValue, to settings: inout FaultSettings) {
        if let value = faults["errorRate"]?.doubleValue { settings.errorRate = min(1, max(0, value)) }
        if let value = faults["errorStatuses"]?.arrayValue?.compactMap(\.intValue).filter({ (100...599).contains($0) }),
            !value.isEmpty
        {
            settings.errorStatuses = value
        }
        if let value = faults["latencyMs"]?.intValue {
            settings.latencyMinMs = min(max(0, value), 120_000)
            settings.latencyMaxMs = min(max(0, value), 120_000)
        }
        if let value = faults["latencyMinMs"]?.intValue { settings.latencyMinMs = min(max(0, value), 120_000) }
        if let value = faults["latencyMaxMs"]?.intValue { settings.latencyMaxMs = min(max(0, value), 120_000) }
        if let value = faults["dropRate"]?.doubleValue { settings.dropRate = min(1, max(0, value)) }
        if let value = faults["appliesToTokenEndpoint"]?.boolValue { settings.appliesToTokenEndpoint = value }
    }

    private func accountJSON(_ account: Account) -> JSONValue {
        account.state.withLock { state in
            [
                "accountId": .int(state.accountId), "name": .string(state.name), "clientId": .string(state.clientId),
                "redirectPrefixes": .array(state.redirectPrefixes.map(JSONValue.string)),
                "user": state.actingUser.nameJSON, "statuses": .array(state.statuses.map(\.json)),
                "noteTypes": .array(state.noteTypes.map(\.json)), "contacts": .int(state.contacts.count),
                "settings": state.settings.json,
                "webhooks": .array(
                    state.webhooks.values.sorted { $0.createdAt < $1.createdAt }.map { hook in
                        [
                            "webhookId": .string(hook.webhookId), "status": .string(hook.status),
                            "url": .string(hook.url),
                        ]
                    }
                ),
            ]
        }
    }

    private func statisticsJSON() -> JSONValue {
        [
            "requests": statistics.json,
            "accounts": .object(
                registry.all.map { account in (String(account.accountId), account.state.withLock { $0.meter.json }) }
            ),
        ]
    }

    /// Drops every account, token and statistic, then loads the configured seed again.
    private func reset() {
        for account in registry.all {
            tokens.revokeAll(accountId: account.accountId)
        }
        registry.removeAll()
        tokens.removeAll()
        statistics.reset()
        loadSeed()
    }
}
