import Foundation
import Shared
import WorkerKit

// ingest: hears JobAdder assignments (webhooks and polling), takes contacts over, serves the OAuth callback.

let logger = Logger(label: "ingest")
do {
    let environment = Environment()
    let configuration = try WorkerConfiguration(environment: environment, defaults: .init(httpPort: 8081))
    let settings = try JobAdderSettings(environment: environment)
    let pollInterval = try environment.seconds("HANDOVER_POLL_INTERVAL_SECONDS", default: 60, in: 1...86_400)
    let refreshEvery = try environment.seconds(
        "HANDOVER_TOKEN_REFRESH_SECONDS",
        default: 86_400,
        in: 5...(7 * 86_400)
    )
    let worker = try Worker(stage: .ingest, configuration: configuration, logger: logger)
    let client = JobAdderAccess.makeClient(settings: settings, pool: worker.pool, logger: logger)
    let connector = JobAdderConnector(settings: settings, client: client, pool: worker.pool, logger: logger)
    let webhooks = WebhookEndpoint(pool: worker.pool, secretKey: settings.secretKey, logger: logger)
    let callback = OAuthCallback(
        connector: connector,
        checker: IntegrationStatusChecker(client: client, pool: worker.pool),
        signingKey: settings.signingKey,
        logger: logger
    )
    let poller = AssignmentPoller(
        client: client,
        connector: connector,
        pool: worker.pool,
        interval: pollInterval,
        instanceID: configuration.instanceID,
        shutdown: worker.shutdown,
        logger: logger
    )
    let refresher = TokenRefresher(
        connector: connector,
        pool: worker.pool,
        every: refreshEvery,
        shutdown: worker.shutdown,
        logger: logger
    )
    try worker.run(
        handler: IngestHandler(client: client),
        routes: [webhooks.route, callback.route],
        loops: [(name: "poller", body: { poller.run() }), (name: "token-refresher", body: { refresher.run() })]
    )
} catch {
    logger.critical("ingest cannot start", ["error": "\(error)"])
    exit(1)
}
