/// Run-time switches of one account, changed through `PUT /_sandbox/accounts/{id}/settings`.
struct AccountSettings: Sendable {
    /// Requests per second (token bucket, burst = limit); nil means unlimited.
    var rateLimit: Double?
    /// Access-token lifetime in seconds; nil uses the server default.
    var accessTokenTTL: Int?
    var denyAuthorize = false
    var duplicateDeliveries = false
    var shuffleDeliveries = false
    var faults = FaultSettings()

    var json: JSONValue {
        [
            "rateLimit": rateLimit.map(JSONValue.double) ?? .null, "accessTokenTTL": .optional(accessTokenTTL),
            "denyAuthorize": .bool(denyAuthorize), "duplicateDeliveries": .bool(duplicateDeliveries),
            "shuffleDeliveries": .bool(shuffleDeliveries), "faults": faults.json,
        ]
    }
}
