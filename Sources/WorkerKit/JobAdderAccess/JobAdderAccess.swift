import HTTPClient
import JobAdder
import Shared

/// Builds the JobAdder client every worker uses: tokens in PostgreSQL, a pace shared across processes.
public enum JobAdderAccess {
    /// One client per process; it is thread-safe and keeps its HTTP connections alive.
    public static func makeClient(settings: JobAdderSettings, pool: PostgresPool, logger: Logger) -> JobAdderClient {
        JobAdderClient(
            oauth: settings.oauth,
            http: HTTPClient(maxConnections: 32, connectTimeout: 5, requestTimeout: 30),
            tokenStore: PostgresTokenStore(pool: pool, secretKey: settings.secretKey, logger: logger),
            pacer: PostgresPacer(pool: pool, defaultRequestsPerSecond: settings.defaultRequestsPerSecond),
            // Short in-process waits keep every handler well inside the broker heartbeat; longer outages
            // go back through the broker's retry tiers.
            retryPolicy: JobAdderRetryPolicy(maxAttempts: 3, maxDelay: 4, maxRetryAfter: 10, maxRateLimitRetries: 1),
            logger: logger
        )
    }
}
