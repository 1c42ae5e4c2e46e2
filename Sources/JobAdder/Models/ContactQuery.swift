import Foundation

/// Filters for `GET /contacts`. Empty filters are left out of the query.
public struct ContactQuery: Sendable, Equatable {
    /// Contacts in any of these statuses (`StatusId`, repeated).
    public var statusIDs: [Int]
    /// Updated on or after this time (`UpdatedAt=>…`).
    public var updatedAfter: Date?
    /// Updated on or before this time (`UpdatedAt=<…`).
    public var updatedBefore: Date?
    public var email: String?
    /// Only these contacts (`ContactId`, repeated).
    public var contactIDs: [Int]
    public var offset: Int?
    /// Page size; JobAdder's maximum is 1000, and 0 returns only `totalCount`.
    public var limit: Int?

    public init(
        statusIDs: [Int] = [],
        updatedAfter: Date? = nil,
        updatedBefore: Date? = nil,
        email: String? = nil,
        contactIDs: [Int] = [],
        offset: Int? = nil,
        limit: Int? = nil
    ) {
        self.statusIDs = statusIDs
        self.updatedAfter = updatedAfter
        self.updatedBefore = updatedBefore
        self.email = email
        self.contactIDs = contactIDs
        self.offset = offset
        self.limit = limit
    }

    /// The query parameters in JobAdder's PascalCase, repeated keys for arrays.
    var parameters: [(String, String)] {
        var items = [(String, String)]()
        items += contactIDs.map { ("ContactId", String($0)) }
        items += statusIDs.map { ("StatusId", String($0)) }
        if let email { items.append(("Email", email)) }
        if let updatedAfter { items.append(("UpdatedAt", ">" + JobAdderDate.format(updatedAfter))) }
        if let updatedBefore { items.append(("UpdatedAt", "<" + JobAdderDate.format(updatedBefore))) }
        if let offset { items.append(("Offset", String(offset))) }
        if let limit { items.append(("Limit", String(limit))) }
        return items
    }
}
