import Foundation
import Postgres
import Testing

/// Runs `body` and returns the `PostgresError` it threw, or nil.
func capture(_ body: () throws -> Void) -> PostgresError? {
    do {
        try body()
        return nil
    } catch let error as PostgresError {
        return error
    } catch {
        return PostgresError(kind: .usage, message: "unexpected \(type(of: error))", operation: "test")
    }
}

extension PostgresIntegrationTests {
    @Suite struct ErrorTests {
        @Test func uniqueViolationCarriesSQLStateAndConstraint() async throws {
            let database = try TestDatabase.shared()
            let error = try await onThread {
                let connection = try database.connectOwner()
                defer { connection.close() }
                let slug = "dup-\(UUID().uuidString.prefix(8).lowercased())"
                return capture {
                    try connection.systemTransaction { connection in
                        try connection.execute("INSERT INTO orgs (slug, name) VALUES ($1, 'One')", [slug])
                        try connection.execute("INSERT INTO orgs (slug, name) VALUES ($1, 'Two')", [slug])
                    }
                }
            }
            let failure = try #require(error)
            #expect(failure.sqlState == "23505")
            #expect(failure.isUniqueViolation)
            #expect(failure.constraint == "orgs_slug_key")
            #expect(!failure.isRetryable)
        }

        @Test func syntaxErrorCarriesSQLState() async throws {
            let database = try TestDatabase.shared()
            let (error, stillUsable) = try await onThread {
                let connection = try database.connectOwner()
                defer { connection.close() }
                let error = capture { _ = try connection.query("SELEC 1") }
                let value = try connection.query("SELECT 1 AS one").first?.decode("one", as: Int.self)
                return (error, value == 1)
            }
            let failure = try #require(error)
            #expect(failure.kind == .server)
            #expect(failure.sqlState == "42601")
            #expect(!failure.isUniqueViolation)
            #expect(stillUsable)
        }

        /// The shared server trusts every local login, so a wrong password is accepted there. These failures
        /// go through libpq with a password in the settings and must not echo it or the URL.
        @Test func connectErrorsHideThePasswordAndURL() async throws {
            let secret = "s3cret-\(UUID().uuidString.prefix(6))"
            let base = try PostgresConfiguration(url: TestDatabase.baseURL)
            let host = base.host ?? "127.0.0.1"
            let port = base.port ?? 5432
            let urls = [
                "postgresql://handover_owner:\(secret)@\(host):\(port)/no_such_database_\(UUID().uuidString.prefix(6))",
                "postgresql://no_such_role:\(secret)@\(host):\(port)/handover",
                "postgresql://handover_owner:\(secret)@127.0.0.1:1/handover?connect_timeout=2",
            ]
            let errors = try await onThread {
                urls.map { url in capture { _ = try PostgresConnection.connect(url: url) } }
            }
            for (url, error) in zip(urls, errors) {
                let failure = try #require(error)
                #expect(failure.kind == .connection)
                #expect(failure.isRetryable)
                #expect(!failure.description.contains(secret))
                #expect(!failure.description.contains(url))
            }
        }

        @Test func refusedPasswordErrorHidesThePassword() async throws {
            let server = try PasswordRefusingServer()
            let secret = "pw-\(UUID().uuidString.prefix(8))"
            let url =
                "postgresql://handover_owner:\(secret)@127.0.0.1:\(server.port)/handover"
                + "?sslmode=disable&gssencmode=disable&connect_timeout=10"
            let error = try await onThread { capture { _ = try PostgresConnection.connect(url: url) } }
            let failure = try #require(error)
            #expect(server.password == secret)
            #expect(failure.kind == .connection)
            #expect(failure.message.contains("password authentication failed"))
            #expect(!failure.description.contains(secret))
            #expect(!failure.description.contains(url))
        }

        @Test func closedConnectionIsAUsageError() async throws {
            let database = try TestDatabase.shared()
            let (error, connected) = try await onThread {
                let connection = try database.connectOwner()
                connection.close()
                connection.close()
                return (capture { _ = try connection.query("SELECT 1") }, connection.isConnected)
            }
            #expect(error?.kind == .usage)
            #expect(!connected)
        }
    }
}
