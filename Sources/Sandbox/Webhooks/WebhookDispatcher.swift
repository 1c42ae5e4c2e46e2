import Dispatch
import Foundation
import Shared
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Delivers `contact_status_changed` events to an account's enabled webhooks in the background.
///
/// Rules (after JobAdder's help centre): non-2xx or a transport error is a failure; a failed delivery is
/// retried after `retrySeconds` (at most `maxAttempts` attempts); 10 failures within an hour suspend the
/// webhook, and events for a suspended or disabled webhook are dropped. Per-account switches deliver
/// each event twice and shuffle the order. One long-lived URLSession keeps connections open.
final class WebhookDispatcher: Sendable {
    static let maxAttempts = 24
    static let suspendAfterFailures = 10

    private let session: URLSession
    private let retrySeconds: Double
    private let logger: Logger
    private let queue = DispatchQueue(label: "sandbox.webhooks", attributes: .concurrent)
    private let isStopped = Atomic<Bool>(false)

    init(retrySeconds: Double, timeoutSeconds: Double, logger: Logger) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 32
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.timeoutIntervalForResource = timeoutSeconds
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        self.session = URLSession(configuration: configuration)
        self.retrySeconds = retrySeconds
        self.logger = logger
    }

    /// Stops new attempts and cancels those in flight.
    func shutdown() {
        if isStopped.exchange(true, ordering: .relaxed) { return }
        session.invalidateAndCancel()
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
        guard !deliveries.isEmpty else { return }
        queue.async {
            for delivery in deliveries {
                self.attempt(delivery, account: account)
            }
        }
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
        guard live, let url = URL(string: delivery.url) else { return }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(delivery.body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(delivery.webhookId, forHTTPHeaderField: "x-jobadder-webhookid")
        if let authorization = delivery.authorization {
            request.setValue(authorization, forHTTPHeaderField: "Authorization")
        }
        session.dataTask(with: request) { _, response, error in
            let status = (response as? HTTPURLResponse)?.statusCode
            let delivered = error == nil && (200..<300).contains(status ?? 0)
            self.finish(delivery, account: account, delivered: delivered, status: status)
        }.resume()
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
        queue.asyncAfter(deadline: .now() + retrySeconds) {
            self.attempt(next, account: account)
        }
    }
}
