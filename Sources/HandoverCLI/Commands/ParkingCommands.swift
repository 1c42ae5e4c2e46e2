import AMQP
import Foundation
import Shared
import WorkerKit

/// `handover dlq …`: messages parked after bounded retries, for every stage.
///
/// Listing reads parked messages one by one without acknowledging them and returns them all to the
/// queue at the end, so looking never loses anything.
enum ParkingCommands {
    static let all = [
        Command(
            words: ["dlq", "list"],
            summary: "list parked messages with their reason, attempts and a payload summary",
            usage: "[--stage ingest|nurture|writeback] [--limit <n>]"
        ) { context in
            let limit = try context.arguments.integer("limit", default: 50, in: 1...10_000)
            var rows: [[String]] = []
            for stage in try stages(context) {
                try browse(context, stage: stage, limit: limit) { delivery in
                    rows.append(summary(stage, delivery))
                    return .keep
                }
            }
            context.output.table(
                ["stage", "message_id", "kind", "org_id", "contact", "attempts", "reason"],
                rows,
                empty: "no parked messages"
            )
        },
        Command(
            words: ["dlq", "show"],
            summary: "show one parked message in full",
            usage: "--stage <stage> --message-id <id>"
        ) { context in
            let stage = try context.arguments.required("stage", hint: "ingest, nurture or writeback")
            let id = try context.arguments.required("message-id", hint: "see: handover dlq list")
            var found = false
            try browse(context, stage: stage, limit: 100_000) { delivery in
                guard delivery.message.messageID == id else { return .keep }
                found = true
                let headers = delivery.message.headers.mapValues { "\($0)" }
                let payload = String(decoding: delivery.message.body.prefix(4000), as: UTF8.self)
                context.output.object([
                    "stage": stage, "message_id": id, "kind": delivery.message.type,
                    "reason": headers["x-handover-error"] ?? headers["x-first-death-reason"] ?? "-",
                    "attempts": headers["x-handover-attempt"] ?? "-", "headers": headers, "payload": payload,
                ])
                return .stop
            }
            guard found else { throw CLIError("no parked message \(id) in stage \(stage)") }
        },
        Command(
            words: ["dlq", "replay"],
            summary: "send parked messages back to their stage's work queue",
            usage: "--stage <stage> (--message-id <id> | --all)"
        ) { context in
            let stage = try context.arguments.required("stage", hint: "ingest, nurture or writeback")
            let id = context.arguments.options["message-id"]
            guard id != nil || context.arguments.flags.contains("all") else {
                throw CLIError("give --message-id <id> or --all")
            }
            let (amqp, topology) = try connection(context)
            let publisher = try AMQPPublisher(configuration: amqp, topology: nil, logger: Logger(label: "cli"))
            defer { publisher.close() }
            var replayed = 0
            try browse(context, stage: stage, limit: 100_000) { delivery in
                guard id == nil || delivery.message.messageID == id else { return .keep }
                var message = delivery.message
                message.headers["x-handover-replay"] = .string("true")
                message.headers["x-handover-attempt"] = .int(0)
                try publisher.publish([Publication(route: topology.workRoute(stage), message: message)])
                replayed += 1
                return id == nil ? .remove : .removeAndStop
            }
            context.output.message("replayed \(replayed) message(s) to \(stage)", data: ["replayed": replayed])
        },
        Command(
            words: ["dlq", "drop"],
            summary: "delete a parked message for good",
            usage: "--stage <stage> --message-id <id> --yes"
        ) { context in
            let stage = try context.arguments.required("stage", hint: "ingest, nurture or writeback")
            let id = try context.arguments.required("message-id", hint: "see: handover dlq list")
            guard context.arguments.flags.contains("yes") else {
                throw CLIError("dropping loses the message; add --yes to confirm")
            }
            var dropped = false
            try browse(context, stage: stage, limit: 100_000) { delivery in
                guard delivery.message.messageID == id else { return .keep }
                dropped = true
                return .removeAndStop
            }
            guard dropped else { throw CLIError("no parked message \(id) in stage \(stage)") }
            context.output.message("dropped \(id) from \(stage)")
        },
    ]

    enum Decision {
        case keep, stop, remove, removeAndStop
    }

    private static func stages(_ context: CLIContext) throws -> [String] {
        if let stage = context.arguments.options["stage"] {
            guard Stage(rawValue: stage) != nil else { throw CLIError("--stage must be ingest, nurture or writeback") }
            return [stage]
        }
        return Stage.allCases.map(\.rawValue)
    }

    private static func connection(_ context: CLIContext) throws -> (AMQPConfiguration, Topology) {
        let url = try context.environment.url("HANDOVER_AMQP_URL", schemes: ["amqp"]).absoluteString
        let prefix = try context.environment.string("HANDOVER_AMQP_PREFIX", default: "handover")
        let topology = Topology.handover(
            stages: Stage.allCases.map(\.rawValue),
            retryTiers: RetryPolicy.tiers,
            deliveryLimit: 10,
            prefix: prefix
        )
        return (try AMQPConfiguration(url: url, connectionName: "handover-cli"), topology)
    }

    /// Reads up to `limit` parked messages of `stage`; kept ones go back to the queue at the end.
    private static func browse(
        _ context: CLIContext,
        stage: String,
        limit: Int,
        _ visit: (AMQPDelivery) throws -> Decision
    ) throws {
        guard Stage(rawValue: stage) != nil else { throw CLIError("--stage must be ingest, nurture or writeback") }
        let (amqp, topology) = try connection(context)
        let admin = try AMQPAdmin(configuration: amqp)
        var kept: [AMQPDelivery] = []
        defer { kept.forEach { try? admin.reject($0, requeue: true) } }
        var seen = 0
        while seen < limit, let delivery = try admin.getOne(queue: topology.parkingQueue(stage)) {
            seen += 1
            switch try visit(delivery) {
            case .keep: kept.append(delivery)
            case .stop:
                kept.append(delivery)
                return
            case .remove: try admin.ack(delivery)
            case .removeAndStop:
                try admin.ack(delivery)
                return
            }
        }
    }

    private static func summary(_ stage: String, _ delivery: AMQPDelivery) -> [String] {
        let headers = delivery.message.headers
        let work = try? WorkMessage.decode(delivery.message.body)
        return [
            stage, delivery.message.messageID, delivery.message.type, work?.orgID.uuidString.lowercased() ?? "-",
            work?.contactID.map(String.init) ?? "-", headers["x-handover-attempt"].map { "\($0)" } ?? "-",
            (headers["x-handover-error"]?.stringValue ?? headers["x-first-death-reason"]?.stringValue ?? "-"),
        ]
    }
}
