import Domain
import Foundation
import JobAdder
import Postgres
import Shared

/// Recomputes each assistant's CRM integration status (SPEC §3) from JobAdder's status list and the
/// org's leads, stores it on the assistants, and returns the whole report (orphan and missing statuses).
public struct IntegrationStatusChecker: Sendable {
    private let client: JobAdderClient
    private let pool: PostgresPool

    public init(client: JobAdderClient, pool: PostgresPool) {
        self.client = client
        self.pool = pool
    }

    public func refresh(orgID: UUID) throws -> CRMIntegrationReport {
        let (facts, names, connected) = try pool.withConnection { database in
            try database.transaction(org: orgID) { database in
                let facts = try database.query(
                    """
                    SELECT a.handle,
                        EXISTS (SELECT 1 FROM leads l WHERE l.assistant_id = a.id) AS taken,
                        EXISTS (SELECT 1 FROM leads l WHERE l.assistant_id = a.id
                            AND l.state IN ('New', 'Cold', 'Engaged', 'Warm')) AS working
                    FROM assistants a ORDER BY a.handle
                    """
                ).map { row in
                    AssistantIntegrationFacts(
                        handle: try row.decode("handle"),
                        hasTakenOverAnyLead: try row.decode("taken"),
                        isWorking: try row.decode("working")
                    )
                }
                let org = try database.query(
                    """
                    SELECT o.active_status_name, o.inactive_status_name, coalesce(c.state, '') AS state
                    FROM orgs o LEFT JOIN jobadder_connections c ON c.org_id = o.id WHERE o.id = $1
                    """,
                    [orgID]
                ).first
                let names = HandBackStatusNames(
                    active: try org?.decode("active_status_name", as: String.self) ?? "Active Contact",
                    inactive: try org?.decode("inactive_status_name", as: String.self) ?? "Inactive Contact"
                )
                return (facts, names, try org?.decode("state", as: String.self) == "connected")
            }
        }
        var statusNames: [String] = []
        if connected {
            statusNames = try client.contactStatuses(for: JobAdderAccountKey(orgID: orgID)).map(\.name)
        }
        let report = CRMIntegrationCheck.evaluate(
            assistants: facts,
            statusNames: statusNames,
            handBackNames: names,
            connected: connected
        )
        try pool.withConnection { database in
            try database.transaction(org: orgID) { database in
                for result in report.assistants {
                    try database.execute(
                        "UPDATE assistants SET crm_status = $2, crm_checked_at = now() WHERE handle = $1",
                        [result.handle, result.status.rawValue]
                    )
                }
            }
        }
        return report
    }
}
