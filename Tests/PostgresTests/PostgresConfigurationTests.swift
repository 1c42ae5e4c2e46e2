import Postgres
import Testing

/// URL parsing needs no server.
@Suite struct PostgresConfigurationTests {
    @Test func parsesEveryPart() throws {
        let configuration = try PostgresConfiguration(
            url: "postgresql://app%40x:p%3Ass@db.example.com:6543/handover%20db?sslmode=require&connect_timeout=3"
        )
        #expect(configuration.user == "app@x")
        #expect(configuration.password == "p:ss")
        #expect(configuration.host == "db.example.com")
        #expect(configuration.port == 6543)
        #expect(configuration.database == "handover db")
        #expect(configuration.parameters == ["sslmode": "require", "connect_timeout": "3"])
        #expect(!configuration.description.contains("p:ss"))
    }

    @Test func acceptsShortSchemeIPv6AndMissingParts() throws {
        let configuration = try PostgresConfiguration(url: "postgres://[::1]:5433")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 5433)
        #expect(configuration.user == nil)
        #expect(configuration.database == nil)
    }

    @Test func malformedURLErrorsHideThePassword() {
        for url in ["mysql://u:hunter2@h/db", "postgresql://u:hunter2@h:notaport/db", "postgresql://u:hunter2@h/db?x"] {
            do {
                _ = try PostgresConfiguration(url: url)
                Issue.record("accepted a malformed URL")
            } catch let error as PostgresError {
                #expect(error.kind == .usage)
                #expect(!error.description.contains("hunter2"))
                #expect(!error.description.contains(url))
            } catch {
                Issue.record("unexpected error type")
            }
        }
    }
}
