import Testing

/// Every test that needs the server shares one fresh database, made and dropped by `.freshDatabase`.
/// Serialized so the throughput figures are not disturbed by the other tests.
@Suite(.serialized, .freshDatabase)
struct PostgresIntegrationTests {}
