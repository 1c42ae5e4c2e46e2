import AMQP
import Foundation
import Postgres
import Shared

/// The floor Handover is measured against: what the same broker and database do with nothing on top.
enum RawFloor {
    /// Publish + confirm + consume (manual ack) on one quorum queue, one connection each way,
    /// persistent messages of Handover's size, publisher and consumer running at the same time.
    static func amqpMessagesPerSecond(url: String, count: Int, messageBytes: Int) throws -> Double {
        let prefix = "bench-\(UUID().uuidString.prefix(8).lowercased())"
        let topology = Topology.handover(stages: ["floor"], retryTiers: [], deliveryLimit: 10, prefix: prefix)
        let publisher = try AMQPPublisher(
            configuration: try AMQPConfiguration(url: url, connectionName: "bench-publisher"),
            topology: topology,
            logger: Logger(label: "bench", logLevel: .warning)
        )
        let consumer = try AMQPConsumer(
            configuration: try AMQPConfiguration(url: url, connectionName: "bench-consumer"),
            queue: topology.workQueue("floor"),
            prefetch: 500,
            topology: topology,
            logger: Logger(label: "bench", logLevel: .warning)
        )
        defer {
            publisher.close()
            consumer.close()
            if let admin = try? AMQPAdmin(configuration: try AMQPConfiguration(url: url, connectionName: "bench-admin"))
            {
                try? admin.delete(topology)
            }
        }
        let body = [UInt8](repeating: UInt8(ascii: "x"), count: messageBytes)
        let route = topology.workRoute("floor")
        let started = Date()
        let publishing = Thread {
            var sent = 0
            while sent < count {
                let batch = (sent..<min(sent + 500, count)).map { index in
                    Publication(route: route, message: AMQPMessage(body: body, messageID: "m\(index)", type: "bench"))
                }
                try? publisher.publish(batch)
                sent += batch.count
            }
        }
        publishing.start()
        var received = 0
        while received < count, let delivery = try consumer.next(timeout: 30) {
            try consumer.ack(delivery)
            received += 1
        }
        return Double(received) / Date().timeIntervalSince(started)
    }

    /// Single-row INSERT transactions per second on one connection.
    static func postgresCommitsPerSecond(url: String, count: Int) throws -> Double {
        let connection = try PostgresConnection.connect(url: url, applicationName: "bench")
        defer { connection.close() }
        let table = "bench_\(UUID().uuidString.prefix(8).lowercased())"
        try connection.simpleQuery("CREATE TABLE \(table) (id bigserial PRIMARY KEY, payload text NOT NULL)")
        defer { try? connection.simpleQuery("DROP TABLE \(table)") }
        let started = Date()
        for index in 0..<count {
            try connection.transaction {
                try $0.execute("INSERT INTO \(table) (payload) VALUES ($1)", ["row \(index)"])
            }
        }
        return Double(count) / Date().timeIntervalSince(started)
    }
}
