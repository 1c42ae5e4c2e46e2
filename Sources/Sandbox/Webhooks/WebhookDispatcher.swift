import Dispatch
import Foundation
import HTTPClient
import Shared
import Synchronization

/// Delivers `contact_status_changed` events to an account's enabled webhooks in the background.
///
/// Rules (after JobAdder's help centre): non-2xx or a transport error is a failure; a failed delivery is
/// retried after `retrySeconds` (at most `maxAttempts` attempts); 10 failures within an hour suspend the
/// webhook, and events for a suspended or disabled webhook are dropped. Per-account switches deliver
/// each event twice and shuffle the order.
///
/// Deliveries wait in one FIFO queue and `senderCount` threads post them over kept-alive libcurl
/// connections (the project's `HTTPClient`), so a bulk change of thousands of contacts goes out in
/// parallel, oldest first, at whatever rate the receiver accepts.
final class WebhookDispatcher: Sendable {
    static let maxAttempts = 24
    static let suspendAfterFailures = 10
    static let senderCount = 16

    private let client: HTTPClient
    private let retrySeconds: Double
    private let logger: Logger
    private let pending = Mutex(PendingDeliveries())
    private let pendingCount = DispatchSemaphore(value: 0)
    private let isStopped = Atomic<Bool>(false)

    /// Deliveries waiting for a sender, oldest first.
    private struct PendingDeliveries: ~Copyable {
        var items: [(WebhookDelivery, Account)] = []
        var head = 0

        mutating func append(_ deliveries: [(WebhookDelivery, Account)]) {
            items.append(contentsOf: deliveries)
        }

        mutating func popFirst() -> (WebhookDelivery, Account)? {
            guard head < items.count else { return nil }
            let first = items[head]
            head += 1
            if head >= 1_024 && head * 2 >= items.count {
                items.removeFirst(head)
                head = 0
            }
            return first
        }

        mutating func removeAll() {
            items.removeAll()
            head = 0
        }
    }

    init(retrySeconds: Double, timeoutSeconds: Double, logger: Logger) {
        self.client = HTTPClient(
            maxConnections: Self.senderCount,
            connectTimeout: min(5, timeoutSeconds),
            requestTimeout: timeoutSeconds
        )
        self.retrySeconds = retrySeconds
        self.logger = logger
        for index in 0..<Self.senderCount {
            let thread = Thread { [self] in sendUntilStopped() }
            thread.name = "sandbox-webhook-\(index)"
            thread.start()
        }
    }

    /// Stops new attempts; requests in flight finish or time out, queued ones are dropped.
    func shutdown() {
        if isStopped.exchange(true, ordering: .relaxed) { return }
        pending.withLock { $0.removeAll() }
        for _ in 0..<Self.senderCount { pendingCount.signal() }
    }

    private func enqueue(_ deliveries: [(WebhookDelivery, Account)]) {
        guard !isStopped.load(ordering: .relaxed), !deliveries.isEmpty else { return }
        pending.withLock { $0.append(deliveries) }
        for _ in deliveries { pendingCount.signal() }
    }

    /// One sender thread: attempts the oldest queued delivery, one at a time, until shutdown.
    private func sendUntilStopped() {
        while true {
            pendingCount.wait()
            if isStopped.load(ordering: .relaxed) { return }
            guard let (delivery, account) = pending.withLock({ $0.popFirst() }) else { continue }
            attempt(delivery, account: account)
        }
    }

    /// Queues deliveries for `events` to every matching webhook of `account`; returns at once.
    func publish(_ events: [StatusChangeEvent], account: Account) {
        guard !events.isEmpty else { return }
        let now = Timestamp.now()
        let deliveries = account.state.withLock { state -> [WebhookDelivery] in
            let subscribed = state.webhookOrder.compactMap { state.webhooks[$0] }.filter {
                $0.events.contains("contact_status_changed")
            }
            var list: [WebhookDelivery] = []
            for event in events {
                let eventId = RandomToken.uuid()
                let body = Array(Self.payload(event, eventId: eventId).text.utf8)
                for hook in subscribed {
                    guard hook.status == "Enabled" else {
                        state.record(
                            DeliveryRecord(
                                eventId: eventId,
                                webhookId: hook.webhookId,
                                contactId: event.contactId,
                                attempt: 0,
                                outcome: "dropped-" + hook.status.lowercased(),
                                httpStatus: nil,
                                at: now
                            )
                        )
                        continue
                    }
                    let delivery = WebhookDelivery(
                        eventId: eventId,
                        webhookId: hook.webhookId,
                        contactId: event.contactId,
                        url: hook.url,
                        authorization: hook.authorization,
                        body: body
                    )
                    list.append(delivery)
                    if state.settings.duplicateDeliveries {
                        list.append(delivery)
                    }
                }
            }
            if state.settings.shuffleDeliveries {
                list.shuffle()
            }
            return list
        }
        enqueue(deliveries.map { ($0, account) })
    }

    /// The `contact_status_changed` body this sandbox sends (JobAdder's exact shape is unconfirmed).
    static func payload(_ event: StatusChangeEvent, eventId: String) -> JSONValue {
        let status: JSONValue = ["statusId": .int(event.status.statusId), "name": .string(event.status.name)]
        let previous: JSONValue = [
            "statusId": .int(event.previousStatus.statusId), "name": .string(event.previousStatus.name),
        ]
        return [
            "apiVersion": 2, "event": "contact_status_changed", "eventId": .string(eventId),
            "eventDate": .string(Timestamp.iso(event.at)),
            "eventUser": [
                "userId": .int(event.user.userId), "firstName": .string(event.user.firstName),
                "lastName": .string(event.user.lastName), "email": .string(event.user.email),
            ],
            "eventData": ["contactId": .int(event.contactId), "status": status, "previousStatus": previous],
            "contactId": .int(event.contactId),
        ]
    }

    private func attempt(_ delivery: WebhookDelivery, account: Account) {
        guard !isStopped.load(ordering: .relaxed) else { return }
        let live = account.state.withLock { state -> Bool in
            let hook = state.webhooks[delivery.webhookId]
            guard let hook, hook.status == "Enabled" else {
                let outcome = "dropped-" + (hook?.status.lowercased() ?? "deleted")
                state.record(
                    DeliveryRecord(
                        eventId: delivery.eventId,
                        webhookId: delivery.webhookId,
                        contactId: delivery.contactId,
                        attempt: delivery.attempt,
                        outcome: outcome,
                        httpStatus: nil,
                        at: Timestamp.now()
                    )
                )
                return false
            }
            return true
        }
        guard live else { return }
        var headers = [("Content-Type", "application/json"), ("x-jobadder-webhookid", delivery.webhookId)]
        if let authorization = delivery.authorization {
            headers.append(("Authorization", authorization))
        }
        let request = HTTPClientRequest(method: "POST", url: delivery.url, headers: headers, body: delivery.body)
        let status = try? client.execute(request).status
        finish(delivery, account: account, delivered: (200..<300).contains(status ?? 0), status: status)
    }

    private func finish(_ delivery: WebhookDelivery, account: Account, delivered: Bool, status: Int?) {
        let now = Timestamp.now()
        let retry = account.state.withLock { state -> Bool in
            state.record(
                DeliveryRecord(
                    eventId: delivery.eventId,
                    webhookId: delivery.webhookId,
                    contactId: delivery.contactId,
                    attempt: delivery.attempt,
                    outcome: delivered ? "delivered" : "failed",
                    httpStatus: status,
                    at: now
                )
            )
            guard !delivered, var hook = state.webhooks[delivery.webhookId] else { return false }
            hook.failedAt = now
            hook.recentFailures = hook.recentFailures.filter { now - $0 < 3_600_000 } + [now]
            if hook.status == "Enabled", hook.recentFailures.count >= Self.suspendAfterFailures {
                hook.status = "Suspended"
                hook.suspendedAt = now
                hook.updatedAt = now
            }
            state.webhooks[hook.webhookId] = hook
            return hook.status == "Enabled" && delivery.attempt < Self.maxAttempts
        }
        if !delivered {
            logger.debug(
                "webhook delivery failed",
                ["webhook_id": delivery.webhookId, "attempt": String(delivery.attempt), "status": String(status ?? 0)]
            )
        }
        guard retry, !isStopped.load(ordering: .relaxed) else { return }
        var following = delivery
        following.attempt += 1
        let next = following
        DispatchQueue.global().asyncAfter(deadline: .now() + retrySeconds) {
            self.enqueue([(next, account)])
        }
    }
}
