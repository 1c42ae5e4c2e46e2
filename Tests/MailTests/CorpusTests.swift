import Foundation
import Glibc
import Testing

@testable import Mail

/// The hand-written corpora in `<folder>/<category>/*.eml`: every message parses and is classified into
/// its folder's category. `Corpus` is what the rules were developed against; `HeldOut` was written
/// separately, without sight of the rules or of `Corpus`, to measure how they do on mail they never saw.
@Suite struct CorpusTests {
    /// One corpus message with the category its folder names.
    struct Sample: CustomStringConvertible, Sendable {
        let category: String
        let name: String
        let raw: [UInt8]
        var description: String { "\(category)/\(name)" }
    }

    static func loadCorpus(_ folder: String = "Corpus") throws -> [Sample] {
        guard let root = Bundle.module.url(forResource: folder, withExtension: nil) else {
            throw TestServerError(message: "the \(folder) resource folder is missing")
        }
        var samples: [Sample] = []
        let manager = FileManager.default
        for category in try manager.contentsOfDirectory(atPath: root.path).sorted() where !category.hasPrefix(".") {
            let folder = root.appendingPathComponent(category)
            for file in try manager.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".eml") {
                let raw = try [UInt8](Data(contentsOf: folder.appendingPathComponent(file)))
                samples.append(Sample(category: category, name: file, raw: raw))
            }
        }
        return samples
    }

    static func category(of kind: ReplyKind) -> String {
        switch kind {
        case .bounce(let hard): hard ? "bounce-hard" : "bounce-soft"
        case .autoReply: "auto-reply"
        case .unsubscribeRequest: "unsubscribe"
        case .interested(.meeting): "interested-meeting"
        case .interested(.call): "interested-call"
        case .interested(.moreInformation): "interested-info"
        case .other: "other"
        }
    }

    @Test func corpusHasAtLeastSixtyMessagesInEveryCategory() throws {
        let samples = try Self.loadCorpus()
        #expect(samples.count >= 60)
        let categories = Set(samples.map(\.category))
        #expect(
            categories == [
                "bounce-hard", "bounce-soft", "auto-reply", "unsubscribe", "interested-meeting", "interested-call",
                "interested-info", "other",
            ]
        )
    }

    @Test func everyMessageParses() throws {
        for sample in try Self.loadCorpus() {
            let email = try InboundEmail.parse(raw: sample.raw)
            #expect(email.from != nil, "\(sample): no From")
            #expect(!email.subject.isEmpty, "\(sample): no subject")
            #expect(email.date != nil, "\(sample): no Date")
            let needsBody = !sample.category.hasPrefix("bounce") && sample.name != "subject-only-opt-out.eml"
            if needsBody {
                #expect(!email.textBody.isEmpty, "\(sample): empty body")
            }
            #expect(!email.textBody.contains("<p>") && !email.textBody.contains("&nbsp;"), "\(sample): HTML left")
        }
    }

    @Test(arguments: [("Corpus", 0.95), ("HeldOut", 0.9)])
    func classificationAccuracyPerCategory(folder: String, floor: Double) throws {
        let classifier = RuleBasedClassifier()
        var totals: [String: (correct: Int, total: Int)] = [:]
        var misses: [String] = []
        for sample in try Self.loadCorpus(folder) {
            let decision = classifier.classify(try InboundEmail.parse(raw: sample.raw))
            let predicted = Self.category(of: decision.kind)
            let isCorrect = predicted == sample.category
            totals[sample.category, default: (0, 0)].total += 1
            if isCorrect {
                totals[sample.category, default: (0, 0)].correct += 1
            } else {
                misses.append("\(sample) → \(predicted) (\(decision.reason))")
            }
        }

        var report = ["Classification accuracy (RuleBasedClassifier over \(folder)):"]
        for (category, counts) in totals.sorted(by: { $0.key < $1.key }) {
            report.append("  \(category): \(counts.correct)/\(counts.total)")
        }
        let correct = totals.values.map(\.correct).reduce(0, +)
        let total = totals.values.map(\.total).reduce(0, +)
        report.append(
            "  overall: \(correct)/\(total) = \(String(format: "%.1f", 100 * Double(correct) / Double(total)))%"
        )
        report += misses.map { "  miss: \($0)" }
        print(report.joined(separator: "\n"))

        #expect(Double(correct) / Double(total) >= floor)
    }

    @Test func corpusReturnDates() throws {
        let expected: [String: String] = [
            "auto-submitted-until-monday.eml": "2026-12-14",
            "exchange-automatic-reply-annual-leave.eml": "2026-12-14",
            "gmail-vacation-december-14th.eml": "2026-12-14",
            "plain-ooo-the-14th-no-headers.eml": "2026-12-14",
            "base64-x-autoreply-iso-date.eml": "2026-12-14",
            "qp-cp1252-maternity-leave.eml": "2027-03-01",
            "precedence-bulk-office-closed.eml": "2027-01-04",
            "x-autorespond-away-until-friday.eml": "2026-12-18",
            "html-only-will-return-wednesday.eml": "2026-12-16",
            "german-abwesenheit-latin1.eml": "2026-12-14",
        ]
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let classifier = RuleBasedClassifier()
        for sample in try Self.loadCorpus() where sample.category == "auto-reply" {
            guard case .autoReply(let returnDate) = classifier.classify(try InboundEmail.parse(raw: sample.raw)).kind
            else { continue }
            #expect(returnDate.map(formatter.string) == expected[sample.name], "\(sample)")
        }
    }

    /// CPU time of the calling thread, in seconds: on a loaded shared machine wall time mostly measures others.
    private static func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    @Test func measureParseAndClassifyThroughput() throws {
        let samples = try Self.loadCorpus()
        let classifier = RuleBasedClassifier()
        let count = 10_000
        let clock = ContinuousClock()

        var cpuStart = Self.threadCPUSeconds()
        let parseOnly = try clock.measure {
            for index in 0..<count {
                _ = try InboundEmail.parse(raw: samples[index % samples.count].raw)
            }
        }
        let parseCPU = Self.threadCPUSeconds() - cpuStart

        var bounces = 0
        cpuStart = Self.threadCPUSeconds()
        let elapsed = try clock.measure {
            for index in 0..<count {
                let email = try InboundEmail.parse(raw: samples[index % samples.count].raw)
                if case .bounce = classifier.classify(email).kind { bounces += 1 }
            }
        }
        let totalCPU = Self.threadCPUSeconds() - cpuStart

        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "Inbound throughput (\(count) corpus messages, one thread): parse only \(parseOnly) wall, "
                + "\(String(format: "%.0f", Double(count) / parseCPU)) msg/s per CPU-second; parse+classify "
                + "\(String(format: "%.2f", seconds)) s wall = "
                + "\(String(format: "%.0f", Double(count) / seconds)) msg/s, "
                + "\(String(format: "%.0f", Double(count) / totalCPU)) msg/s per CPU-second"
        )
        #expect(bounces > 0)
    }
}
