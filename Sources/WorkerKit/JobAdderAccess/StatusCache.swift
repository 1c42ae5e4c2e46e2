import Domain
import Foundation
import JobAdder
import Postgres
import Synchronization

/// Each org's JobAdder contact statuses, read once and cached as a `Domain.StatusDirectory`.
///
/// JobAdder's API cannot create statuses, so Handover finds `Assign to <handle> in 7Targets` and the
/// hand-back statuses by name. The cache is dropped when JobAdder rejects an id and re-read after `ttl`.
public final class StatusCache: Sendable {
    private struct Entry {
        var directory: Domain.StatusDirectory
        var readAt: Date
    }

    private let client: JobAdderClient
    private let pool: PostgresPool
    private let ttl: TimeInterval
    private let cache = Mutex<[UUID: Entry]>([:])

    public init(client: JobAdderClient, pool: PostgresPool, ttl: TimeInterval = 300) {
        self.client = client
        self.pool = pool
        self.ttl = ttl
    }

    /// The org's statuses, from the cache when fresh.
    public func directory(orgID: UUID) throws -> Domain.StatusDirectory {
        if let cached = cache.withLock({ $0[orgID] }), Date().timeIntervalSince(cached.readAt) < ttl {
            return cached.directory
        }
        let statuses = try client.contactStatuses(for: JobAdderAccountKey(orgID: orgID)).map {
            Domain.ContactStatus(statusID: $0.statusId, name: $0.name)
        }
        let names = try pool.withConnection { database in
            try database.transaction(org: orgID) { database in
                let row = try database.query(
                    "SELECT active_status_name, inactive_status_name FROM orgs WHERE id = $1",
                    [orgID]
                ).first
                return HandBackStatusNames(
                    active: try row?.decode("active_status_name", as: String.self) ?? "Active Contact",
                    inactive: try row?.decode("inactive_status_name", as: String.self) ?? "Inactive Contact"
                )
            }
        }
        let directory = Domain.StatusDirectory(statuses: statuses, handBackNames: names)
        cache.withLock { $0[orgID] = Entry(directory: directory, readAt: Date()) }
        return directory
    }

    public func invalidate(_ orgID: UUID) {
        _ = cache.withLock { $0.removeValue(forKey: orgID) }
    }

    /// The status id for a hand-back; throws `StatusLookupError` naming the status to create.
    public func statusID(orgID: UUID, handBack: HandBackStatus, handle: String) throws -> Int {
        let directory = try directory(orgID: orgID)
        if let status = directory.status(for: handBack, handle: handle) {
            return status.statusID
        }
        let name =
            directory.handBackNames.name(for: handBack) ?? AssignmentStatusName.canonicalName(for: handle)
        throw StatusLookupError(name: name)
    }
}

/// A hand-back or assignment status that does not exist in the org's JobAdder account.
public struct StatusLookupError: Error, CustomStringConvertible {
    public let name: String

    public var description: String {
        "JobAdder has no contact status named '\(name)'. Create it in JobAdder (Settings > Contacts > Status), "
            + "then replay parked writes: handover dlq replay --stage writeback"
    }
}
