// swift-tools-version:6.0
import PackageDescription

/// Handover: three workers (ingest, nurture, writeback) that talk over RabbitMQ and share PostgreSQL,
/// an admin CLI and a JobAdder sandbox. Only the toolchain and Debian's C libraries are used.
let package = Package(
    name: "Handover",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ingest", targets: ["Ingest"]),
        .executable(name: "nurture", targets: ["Nurture"]),
        .executable(name: "writeback", targets: ["Writeback"]),
        .executable(name: "handover", targets: ["HandoverCLI"]),
        .executable(name: "jobadder-sandbox", targets: ["JobAdderSandbox"]),
        .executable(name: "handover-bench", targets: ["Bench"]),
        .executable(name: "handover-chaos", targets: ["Chaos"]),
    ],
    targets: [
        // C libraries, one system-library target each.
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CRabbitMQ", pkgConfig: "librabbitmq", providers: [.apt(["librabbitmq-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CGMime", pkgConfig: "gmime-3.0", providers: [.apt(["libgmime-3.0-dev"])]),

        // Infrastructure layers.
        .target(name: "Shared", dependencies: ["CSodium"]),
        .target(name: "Postgres", dependencies: ["CPostgres", "Shared"]),
        .target(name: "AMQP", dependencies: ["CRabbitMQ", "Shared"]),
        .target(name: "HTTPServer", dependencies: ["CMicroHTTPD", "Shared"]),
        .target(name: "HTTPClient", dependencies: ["CCurl", "Shared"]),
        .target(name: "Mail", dependencies: ["CGMime", "CCurl", "Shared"]),

        // Handover's own building blocks.
        .target(name: "JobAdder", dependencies: ["HTTPClient", "Shared"]),
        .target(name: "Sandbox", dependencies: ["HTTPServer", "HTTPClient", "Shared"], exclude: ["README.md"]),
        .target(name: "Domain", dependencies: ["Shared"]),
        .target(name: "Store", dependencies: ["Postgres", "Shared", "Domain"]),
        // Runs a whole deployment as child processes: used by the integration tests, bench and chaos.
        .target(name: "Harness", dependencies: ["Sandbox", "HTTPClient", "Postgres", "AMQP", "Store", "Shared"]),
        .target(
            name: "WorkerKit",
            dependencies: ["AMQP", "Postgres", "HTTPServer", "HTTPClient", "JobAdder", "Store", "Shared"]
        ),

        // Executables.
        .executableTarget(
            name: "Ingest",
            dependencies: ["WorkerKit", "JobAdder", "Domain", "Store"]
        ),
        .executableTarget(
            name: "Nurture",
            dependencies: ["WorkerKit", "Mail", "Domain", "Store"]
        ),
        .executableTarget(
            name: "Writeback",
            dependencies: ["WorkerKit", "JobAdder", "Domain", "Store"]
        ),
        .executableTarget(
            name: "HandoverCLI",
            dependencies: ["WorkerKit", "Store", "AMQP", "JobAdder", "Domain", "Shared"]
        ),
        .executableTarget(name: "JobAdderSandbox", dependencies: ["Sandbox"]),
        .executableTarget(name: "Bench", dependencies: ["Harness", "AMQP", "Postgres", "Shared"]),
        .executableTarget(name: "Chaos", dependencies: ["Harness", "Shared"]),

        // Tests: pure units first, then the ones that need real services.
        .testTarget(name: "SharedTests", dependencies: ["Shared"]),
        .testTarget(name: "DomainTests", dependencies: ["Domain"]),
        .testTarget(name: "MailTests", dependencies: ["Mail"], exclude: ["Support"], resources: [.copy("Corpus"), .copy("HeldOut")]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "Store"]),
        .testTarget(name: "AMQPTests", dependencies: ["AMQP"]),
        .testTarget(name: "SandboxTests", dependencies: ["Sandbox", "JobAdder", "HTTPClient", "HTTPServer"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "Harness", "WorkerKit", "JobAdder", "Store", "Domain", "AMQP", "Postgres", "Mail", "Sandbox",
                "HTTPClient",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
