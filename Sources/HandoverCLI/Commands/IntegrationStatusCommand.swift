import Domain
import Foundation
import WorkerKit

/// `handover assistants status`: each assistant's CRM integration status, with what to do about it.
enum IntegrationStatusCommand {
    static func run(_ context: CLIContext) throws {
        let org = try context.org()
        if context.arguments.flags.contains("refresh") {
            let settings = try JobAdderSettings(environment: context.environment)
            let (_, pool) = try JobAdderCommands.makeConnector(context)
            defer { pool.close() }
            let client = JobAdderAccess.makeClient(
                settings: settings,
                pool: pool,
                logger: .init(label: "cli", logLevel: .warning)
            )
            let report = try IntegrationStatusChecker(client: client, pool: pool).refresh(orgID: org.id)
            var rows = report.assistants.map { [$0.handle, $0.status.rawValue, $0.advice] }
            rows += report.orphanStatuses.map { ["(status) \($0.statusName)", "ORPHAN_STATUS", $0.advice] }
            rows += report.missingHandBackStatuses.map { ["(status) \($0.statusName)", "MISSING_STATUS", $0.advice] }
            if let advice = report.connectionAdvice {
                rows.append(["(connection)", report.connected ? "CONNECTED" : "NOT_CONNECTED", advice])
            }
            context.output.table(["assistant", "status", "what_to_do"], rows, empty: "no assistants")
            return
        }
        let rows = try context.database().transaction(org: org.id) { database in
            try database.query(
                "SELECT handle, crm_status, crm_checked_at FROM assistants ORDER BY handle"
            ).map { row in
                [
                    try row.decode("handle", as: String.self), try row.decode("crm_status", as: String.self),
                    try row.decode("crm_checked_at", as: Date?.self).map { ISO8601DateFormatter().string(from: $0) }
                        ?? "never (use --refresh)",
                ]
            }
        }
        context.output.table(["assistant", "status", "checked_at"], rows, empty: "no assistants")
    }
}
