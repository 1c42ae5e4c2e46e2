import Foundation
import HTTPClient
import JobAdder
import Shared
import WorkerKit

// writeback: applies the notes and status changes that ingest and nurture emit to JobAdder.

let logger = Logger(label: "writeback")
do {
    let environment = Environment()
    let configuration = try WorkerConfiguration(
        environment: environment,
        defaults: .init(httpPort: 8083, consumerThreads: 8, prefetch: 16, batchSize: 8)
    )
    let settings = try JobAdderSettings(environment: environment)
    let worker = try Worker(stage: .writeback, configuration: configuration, logger: logger)
    let client = JobAdderAccess.makeClient(settings: settings, pool: worker.pool, logger: logger)
    let handler = WritebackHandler(
        client: client,
        statuses: StatusCache(client: client, pool: worker.pool),
        maxAttempts: configuration.maxAttempts
    )
    try worker.run(handler: handler, routes: [])
} catch {
    logger.critical("writeback cannot start", ["error": "\(error)"])
    exit(1)
}
