import HTTPServer

extension SandboxService {
    /// `GET /webhooks` with optional `Status` and `Events` filters.
    func listWebhooks(_ request: HTTPRequest, account: Account) -> HTTPResponse {
        let statuses = Set(request.queryValues("Status", caseInsensitive: true).map { $0.lowercased() })
        let events = Set(request.queryValues("Events", caseInsensitive: true))
        let items = account.state.withLock { state in
            state.webhookOrder.compactMap { state.webhooks[$0] }.filter { hook in
                (statuses.isEmpty || statuses.contains(hook.status.lowercased()))
                    && (events.isEmpty || !events.isDisjoint(with: hook.events))
            }.map { $0.json(apiBase: apiBase) }
        }
        return Replies.json(200, ["items": .array(items), "links": ["self": .string(apiBase + "/webhooks")]])
    }

    /// `POST /webhooks`: 201 with `WebhookRepresentation`, 422 `ErrorModel` for a bad command.
    func createWebhook(_ request: HTTPRequest, account: Account) -> HTTPResponse {
        let command: WebhookCommand
        switch WebhookCommand.parse(request, requireURL: true) {
        case .success(let parsed): command = parsed
        case .failure(let failure): return failure.response
        }
        let now = Timestamp.now()
        let status = command.status ?? "Enabled"
        let hook = Webhook(
            webhookId: RandomToken.uuid(),
            name: command.name,
            url: command.url ?? "",
            authorization: command.authorization,
            events: command.events,
            eventFilters: command.eventFilters,
            status: status,
            createdAt: now,
            updatedAt: now,
            enabledAt: status == "Enabled" ? now : nil,
            disabledAt: status == "Disabled" ? now : nil,
            suspendedAt: status == "Suspended" ? now : nil
        )
        account.state.withLock { state in
            state.webhooks[hook.webhookId] = hook
            state.webhookOrder.append(hook.webhookId)
        }
        return Replies.json(201, hook.json(apiBase: apiBase)).adding(
            header: "Location",
            apiBase + "/webhooks/" + hook.webhookId
        )
    }

    func getWebhook(_ webhookId: String, account: Account) -> HTTPResponse {
        let hook = account.state.withLock { $0.webhooks[webhookId.lowercased()] }
        guard let hook else { return Replies.notFound() }
        return Replies.json(200, hook.json(apiBase: apiBase))
    }

    /// `PUT /webhooks/{id}`: replaces name, events and the optional fields; `status: Enabled` re-enables a
    /// suspended webhook and clears its failure count. `url` may be left out to keep the current one.
    func updateWebhook(_ webhookId: String, request: HTTPRequest, account: Account) -> HTTPResponse {
        let command: WebhookCommand
        switch WebhookCommand.parse(request, requireURL: false) {
        case .success(let parsed): command = parsed
        case .failure(let failure): return failure.response
        }
        let now = Timestamp.now()
        let updated = account.state.withLock { state -> Webhook? in
            guard var hook = state.webhooks[webhookId.lowercased()] else { return nil }
            hook.name = command.name
            hook.events = command.events
            hook.url = command.url ?? hook.url
            hook.authorization = command.authorization ?? hook.authorization
            hook.eventFilters = command.eventFilters
            hook.updatedAt = now
            if let status = command.status, status != hook.status {
                hook.status = status
                switch status {
                case "Enabled":
                    hook.enabledAt = now
                    hook.suspendedAt = nil
                    hook.recentFailures = []
                case "Disabled": hook.disabledAt = now
                default: hook.suspendedAt = now
                }
            }
            state.webhooks[hook.webhookId] = hook
            return hook
        }
        guard let updated else { return Replies.notFound() }
        return Replies.json(200, updated.json(apiBase: apiBase))
    }

    /// `DELETE /webhooks/{id}`: 204, or 404 when unknown.
    func deleteWebhook(_ webhookId: String, account: Account) -> HTTPResponse {
        let removed = account.state.withLock { state -> Bool in
            guard state.webhooks.removeValue(forKey: webhookId.lowercased()) != nil else { return false }
            state.webhookOrder.removeAll { $0 == webhookId.lowercased() }
            return true
        }
        return removed ? .empty(204) : Replies.notFound()
    }
}
