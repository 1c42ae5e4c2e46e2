/// One page of a JobAdder list: `{ items, totalCount, links }`.
///
/// Lookup lists (statuses, note types, webhooks) are not paged; for them `totalCount` is nil.
public struct Page<Item: Decodable & Sendable>: Decodable, Sendable {
    /// Links to neighbouring pages as JobAdder returns them.
    public struct Links: Decodable, Sendable, Equatable {
        public var first: String?
        public var prev: String?
        public var next: String?
        public var last: String?
        public var `self`: String?
    }

    public var items: [Item]
    public var totalCount: Int?
    public var links: Links?

    public init(items: [Item], totalCount: Int? = nil, links: Links? = nil) {
        self.items = items
        self.totalCount = totalCount
        self.links = links
    }
}
