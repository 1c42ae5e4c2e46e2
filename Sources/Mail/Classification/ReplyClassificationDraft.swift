/// A rule's decision before the classifier stamps its name on it.
struct ReplyClassificationDraft: Sendable, Hashable {
    var kind: ReplyKind
    var confidence: Double
    var reason: String
}
