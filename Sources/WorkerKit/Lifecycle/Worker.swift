import AMQP
import Foundation
import HTTPServer
import Postgres
import Shared

/// The shell every Handover worker runs in: HTTP (`/healthz`, `/metrics` and the worker's routes),
/// the outbox relay, consumer threads for the stage's queue, and any background loops the worker adds.
///
/// `run()` returns after SIGTERM once everything has drained: consumers stop taking deliveries and
/// finish their batch (unacked ones return to the queue), loops see the shutdown flag, the HTTP server
/// finishes in-flight requests.
public final class Worker: @unchecked Sendable {
    /// A named background loop; it must return soon after `shutdown.isRequested` turns true.
    public typealias Loop = (name: String, body: @Sendable () -> Void)

    public let stage: Stage
    public let configuration: WorkerConfiguration
    public let topology: Topology
    public let publisher: AMQPPublisher
    public let pool: PostgresPool
    public let shutdown: ShutdownSignal
    public let logger: Logger

    public init(stage: Stage, configuration: WorkerConfiguration, logger: Logger) throws {
        self.stage = stage
        self.configuration = configuration
        self.logger = logger
        self.shutdown = ShutdownSignal()
        self.topology = Topology.handover(
            stages: Stage.allCases.map(\.rawValue),
            retryTiers: RetryPolicy.tiers,
            deliveryLimit: configuration.deliveryLimit,
            prefix: configuration.amqpPrefix
        )
        let amqp = try AMQPConfiguration(
            url: configuration.amqpURL,
            connectionName: "\(stage.rawValue)-publisher-\(configuration.instanceID)",
            heartbeatSeconds: configuration.heartbeatSeconds
        )
        self.publisher = try Self.connectPublisher(amqp, topology: topology, logger: logger)
        self.pool = PostgresPool(
            url: configuration.databaseURL,
            applicationName: "\(stage.rawValue)-http",
            size: 16
        )
    }

    /// The broker may still be starting (or restarting) when a worker starts: keep trying for a minute
    /// before giving up, so an orchestrator's restart loop is the last resort, not the usual path.
    private static func connectPublisher(
        _ amqp: AMQPConfiguration,
        topology: Topology,
        logger: Logger
    ) throws -> AMQPPublisher {
        let deadline = Date().addingTimeInterval(60)
        while true {
            do {
                return try AMQPPublisher(configuration: amqp, topology: topology, logger: logger)
            } catch {
                guard Date() < deadline else { throw error }
                logger.warning("broker not reachable yet; retrying", ["error": "\(error)"])
                Thread.sleep(forTimeInterval: 2)
            }
        }
    }

    /// Runs until SIGTERM or SIGINT, then drains and returns.
    public func run(handler: (any MessageHandler)?, routes: [HTTPRoutes.Route], loops: [Loop] = []) throws {
        shutdown.install()
        let pool = self.pool
        let httpRoutes = HTTPRoutes(routes: routes) {
            let databaseReachable = (try? pool.withConnection { try $0.query("SELECT 1 AS one").count }) == 1
            return HealthReport(checks: ["database": databaseReachable])
        }
        let server = try HTTPServer(
            host: configuration.httpHost,
            port: configuration.httpPort,
            maxBodyBytes: 12 * 1024 * 1024,
            threadCount: 8,
            logger: logger
        ) { request in
            httpRoutes.respond(to: request)
        }
        logger.info(
            "worker started",
            ["stage": stage.rawValue, "instance": configuration.instanceID, "http_port": "\(server.port)"]
        )

        var threads: [Thread] = []
        func start(_ name: String, _ body: @escaping @Sendable () -> Void) {
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                body()
                done.signal()
            }
            thread.name = name
            thread.stackSize = 1 << 20
            thread.start()
            threads.append(thread)
            finished.append(done)
        }
        var finished: [DispatchSemaphore] = []

        let relay = OutboxRelay(
            configuration: configuration,
            topology: topology,
            publisher: publisher,
            shutdown: shutdown,
            logger: logger
        )
        start("outbox-relay") { relay.run() }
        if let handler {
            for index in 0..<configuration.consumerThreads {
                let loop = ConsumerLoop(
                    stage: stage,
                    configuration: configuration,
                    topology: topology,
                    handler: handler,
                    publisher: publisher,
                    shutdown: shutdown,
                    logger: logger
                )
                start("consumer-\(index)") { loop.run() }
            }
        }
        for loop in loops {
            start(loop.name, loop.body)
        }

        shutdown.wait()
        logger.info("shutdown requested; draining", ["stage": stage.rawValue])
        for done in finished {
            done.wait()
        }
        server.stop()
        publisher.close()
        pool.close()
        logger.info("worker stopped", ["stage": stage.rawValue])
    }
}
