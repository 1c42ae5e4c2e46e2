import Foundation
import Mail
import Shared

/// `nurture`'s own settings: the SMTP relay, the public base URL of its links, Message-ID domain.
struct NurtureSettings: Sendable {
    var smtp: SMTPConfiguration
    /// Where recipients' clicks, opens and unsubscribes reach this worker's HTTP routes.
    var publicURL: String
    var messageIDDomain: String
    var senderThreads: Int
    var signingKey: [UInt8]

    init(environment: Environment) throws {
        let smtpURL = try environment.url("HANDOVER_SMTP_URL", schemes: ["smtp", "smtps"])
        smtp = SMTPConfiguration(
            url: smtpURL.absoluteString,
            username: environment.values["HANDOVER_SMTP_USERNAME"].flatMap { $0.isEmpty ? nil : $0 },
            password: environment.values["HANDOVER_SMTP_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 },
            requireTLS: try environment.bool("HANDOVER_SMTP_REQUIRE_TLS", default: false),
            caFile: try environment.readableFile("HANDOVER_SMTP_CA_FILE")
        )
        publicURL = try environment.url("HANDOVER_PUBLIC_URL", schemes: ["http", "https"]).absoluteString
        while publicURL.hasSuffix("/") { publicURL.removeLast() }
        messageIDDomain = try environment.string("HANDOVER_MESSAGE_ID_DOMAIN", default: "mail.handover.local")
        senderThreads = try environment.int("HANDOVER_SENDER_THREADS", default: 8, in: 1...64)
        signingKey = try environment.key("HANDOVER_SIGNING_KEY", byteCount: 32)
    }
}
