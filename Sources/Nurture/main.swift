import Foundation
import Mail
import Shared
import WorkerKit

// nurture: runs each lead's email sequence, reads replies, bounces, opens and clicks.

let logger = Logger(label: "nurture")
do {
    let environment = Environment()
    let configuration = try WorkerConfiguration(
        environment: environment,
        defaults: .init(httpPort: 8082, consumerThreads: 2, prefetch: 64, batchSize: 32)
    )
    let settings = try NurtureSettings(environment: environment)
    let worker = try Worker(stage: .nurture, configuration: configuration, logger: logger)
    let endpoints = MailEndpoints(pool: worker.pool, signer: LinkSigner(key: settings.signingKey), logger: logger)
    let senders: [Worker.Loop] = (0..<settings.senderThreads).map { index in
        let sender = StepSender(
            configuration: configuration,
            settings: settings,
            shutdown: worker.shutdown,
            logger: logger
        )
        return (name: "sender-\(index)", body: { sender.run() })
    }
    try worker.run(
        handler: NurtureHandler(classifier: RuleBasedClassifier()),
        routes: [endpoints.route],
        loops: senders
    )
} catch {
    logger.critical("nurture cannot start", ["error": "\(error)"])
    exit(1)
}
