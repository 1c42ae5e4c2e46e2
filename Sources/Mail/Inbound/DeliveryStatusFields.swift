import Foundation

/// Reads the body of a `message/delivery-status` part: header-style fields in blank-line separated blocks.
///
/// The first block describes the message, each later block one recipient (RFC 3464 §2.1). GMime has
/// already removed the transfer encoding; this only splits fields.
enum DeliveryStatusFields {
    /// Parses the decoded body of a delivery-status part.
    static func parse(_ text: String) -> DeliveryStatusReport {
        let blocks = fieldBlocks(text)
        var report = DeliveryStatusReport()
        guard let first = blocks.first else { return report }

        report.reportingMTA = first["reporting-mta"].map(valueAfterType)
        for block in blocks.dropFirst() where block["final-recipient"] != nil || block["status"] != nil {
            report.recipients.append(
                DeliveryStatusReport.Recipient(
                    finalRecipient: block["final-recipient"].map(valueAfterType),
                    originalRecipient: block["original-recipient"].map(valueAfterType),
                    action: block["action"]?.lowercased(),
                    status: block["status"].map(firstToken),
                    diagnosticCode: block["diagnostic-code"].map(valueAfterType)
                )
            )
        }
        if report.recipients.isEmpty, first["final-recipient"] != nil {
            // Some MTAs put everything in one block; read it as a single recipient.
            report.recipients.append(
                DeliveryStatusReport.Recipient(
                    finalRecipient: first["final-recipient"].map(valueAfterType),
                    action: first["action"]?.lowercased(),
                    status: first["status"].map(firstToken),
                    diagnosticCode: first["diagnostic-code"].map(valueAfterType)
                )
            )
        }
        return report
    }

    /// Splits into blocks of lower-cased field name → unfolded value (first occurrence wins).
    private static func fieldBlocks(_ text: String) -> [[String: String]] {
        var blocks: [[String: String]] = []
        var current: [String: String] = [:]
        var lastName: String?

        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                if !current.isEmpty { blocks.append(current) }
                current = [:]
                lastName = nil
            } else if line.first == " " || line.first == "\t", let name = lastName {
                current[name, default: ""] += " " + line.trimmed
            } else if let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].trimmed.lowercased()
                let value = line[line.index(after: colon)...].trimmed
                if current[name] == nil { current[name] = value }
                lastName = name
            }
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks
    }

    /// `rfc822; jo@example.com` → `jo@example.com`; values without a type are returned trimmed.
    private static func valueAfterType(_ value: String) -> String {
        guard let semicolon = value.firstIndex(of: ";") else { return value }
        return value[value.index(after: semicolon)...].trimmed
    }

    /// `5.1.1 (user unknown)` → `5.1.1`.
    private static func firstToken(_ value: String) -> String {
        String(value.split(separator: " ").first ?? Substring(value))
    }
}
