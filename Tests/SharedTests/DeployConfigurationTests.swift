import Foundation
import Testing

/// Keeps `deploy/` and the code in step on configuration: every `HANDOVER_*` variable the executables read
/// must appear somewhere under `deploy/` (the example env file lists them all), and `deploy/` must not set a
/// variable that no executable reads (a typo there would be silently ignored at run time).
@Suite("Deploy configuration")
struct DeployConfigurationTests {
    /// Names that may appear in `deploy/` although no executable reads them.
    ///
    /// `HANDOVER_TEST_*` configure the test suites, and the port variables configure `scripts/services.sh`
    /// (the private services for tests and demos), not the executables. They are ignored when they appear.
    static let scriptOnlyNames: Set<String> = [
        "HANDOVER_PG_PORT",
        "HANDOVER_AMQP_PORT",
        "HANDOVER_AMQP_DIST_PORT",
        "HANDOVER_SMTP_PORT",
        "HANDOVER_EPMD_PORT",
        "HANDOVER_AMQP_PROMETHEUS_PORT",
    ]

    @Test("deploy/ names exactly the variables the code reads")
    func deployMatchesCode() throws {
        let root = try Self.repositoryRoot()
        let inDeploy = try Self.names(
            pattern: #"HANDOVER_[A-Z0-9_]*[A-Z0-9]"#,
            under: root.appendingPathComponent("deploy"),
            fileExtension: nil
        ).filter(Self.isDeploymentVariable)
        let inCode = try Self.names(
            pattern: #""(HANDOVER_[A-Z0-9_]+)""#,
            under: root.appendingPathComponent("Sources"),
            fileExtension: "swift"
        ).filter(Self.isDeploymentVariable)

        #expect(!inCode.isEmpty, "found no HANDOVER_ variables in Sources; is the repository root right?")
        let unknown = inDeploy.subtracting(inCode).sorted()
        let undocumented = inCode.subtracting(inDeploy).sorted()
        #expect(
            unknown.isEmpty,
            "deploy/ names variables no executable reads: \(unknown.joined(separator: ", "))"
        )
        #expect(
            undocumented.isEmpty,
            "the code reads variables deploy/ never mentions: \(undocumented.joined(separator: ", "))"
        )
    }

    @Test("the example env file lists every variable the code reads")
    func exampleEnvironmentIsComplete() throws {
        let root = try Self.repositoryRoot()
        let example = root.appendingPathComponent("deploy/handover.env.example")
        let text = try String(contentsOf: example, encoding: .utf8)
        var listed: Set<String> = []
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let assignment = trimmed.hasPrefix("#") ? String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces)
                : trimmed
            guard let equals = assignment.firstIndex(of: "="), assignment.hasPrefix("HANDOVER_") else { continue }
            listed.insert(String(assignment[..<equals]))
        }
        let inCode = try Self.names(
            pattern: #""(HANDOVER_[A-Z0-9_]+)""#,
            under: root.appendingPathComponent("Sources"),
            fileExtension: "swift"
        ).filter(Self.isDeploymentVariable)

        let missing = inCode.subtracting(listed).sorted()
        #expect(
            missing.isEmpty,
            "deploy/handover.env.example has no line for: \(missing.joined(separator: ", "))"
        )
    }

    /// False for test-suite and service-script variables, which deployments do not set.
    private static func isDeploymentVariable(_ name: String) -> Bool {
        !name.hasPrefix("HANDOVER_TEST_") && !scriptOnlyNames.contains(name)
    }

    /// The folder holding `Package.swift`, found by walking up from this file.
    private static func repositoryRoot() throws -> URL {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                return folder
            }
            folder.deleteLastPathComponent()
        }
        throw RootNotFound()
    }

    /// Every match of `pattern` (its first capture group when it has one) in the text files under `folder`.
    private static func names(pattern: String, under folder: URL, fileExtension: String?) throws -> Set<String> {
        let expression = try NSRegularExpression(pattern: pattern)
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        var found: Set<String> = []
        for case let file as URL in walker {
            if let fileExtension, file.pathExtension != fileExtension { continue }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), !isFolder.boolValue,
                let text = try? String(contentsOf: file, encoding: .utf8)
            else { continue }
            let whole = NSRange(text.startIndex..., in: text)
            for match in expression.matches(in: text, range: whole) {
                let group = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
                if let range = Range(group, in: text) {
                    found.insert(String(text[range]))
                }
            }
        }
        return found
    }

    /// `Package.swift` was not found above this test file.
    private struct RootNotFound: Error, CustomStringConvertible {
        var description: String { "no Package.swift above \(#filePath)" }
    }
}
