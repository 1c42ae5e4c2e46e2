import AMQP
import Testing

@Suite struct AMQPConfigurationTests {
    @Test func parsesEveryPart() throws {
        let configuration = try AMQPConfiguration(url: "amqp://app:s3cret@mq.local:5673/prod", connectionName: "x")
        #expect(configuration.host == "mq.local")
        #expect(configuration.port == 5673)
        #expect(configuration.user == "app")
        #expect(configuration.virtualHost == "prod")
        #expect(configuration.heartbeatSeconds == 30)
        #expect(!configuration.redactedURL.contains("s3cret"))
    }

    @Test func defaultsToTheRootVirtualHost() throws {
        #expect(try AMQPConfiguration(url: "amqp://h/", connectionName: "x").virtualHost == "/")
        #expect(try AMQPConfiguration(url: "amqp://h", connectionName: "x").virtualHost == "/")
        #expect(try AMQPConfiguration(url: "amqp://h/%2Fa", connectionName: "x").virtualHost == "/a")
        #expect(try AMQPConfiguration(url: "amqp://h", connectionName: "x").port == 5672)
    }

    @Test func errorsNeverEchoThePassword() {
        #expect(throws: AMQPError.self) {
            try AMQPConfiguration(url: "amqps://u:hunter2@h/", connectionName: "x")
        }
        do {
            _ = try AMQPConfiguration(url: "http://u:hunter2@h/", connectionName: "x")
            Issue.record("expected an error")
        } catch {
            #expect(!"\(error)".contains("hunter2"))
        }
    }

    @Test func badCredentialsFailFastWithoutThePassword() async throws {
        let url = BrokerFixture.url.replacingOccurrences(of: "guest:guest", with: "guest:wrong-pass-123")
        let configuration = try AMQPConfiguration(url: url, connectionName: "x")
        let description = try await onThread { () -> String in
            do {
                _ = try AMQPAdmin(configuration: configuration)
                return "connected"
            } catch {
                return "\(error)"
            }
        }
        #expect(description != "connected")
        #expect(!description.contains("wrong-pass-123"))
    }
}
