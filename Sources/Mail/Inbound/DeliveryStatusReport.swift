/// The machine-readable part of a delivery status notification (RFC 3464, `message/delivery-status`).
public struct DeliveryStatusReport: Sendable, Hashable {
    /// One per-recipient block of the report.
    public struct Recipient: Sendable, Hashable {
        /// `Final-Recipient` without its address-type prefix (`rfc822;`), for example `jo@example.com`.
        public var finalRecipient: String?
        /// `Original-Recipient` without its address-type prefix, when present.
        public var originalRecipient: String?
        /// `Action`, lower-cased: `failed`, `delayed`, `delivered`, `relayed` or `expanded`.
        public var action: String?
        /// `Status`, an RFC 3463 enhanced code such as `5.1.1`.
        public var status: String?
        /// `Diagnostic-Code` without its type prefix (`smtp;`), for example `550 5.1.1 User unknown`.
        public var diagnosticCode: String?

        public init(
            finalRecipient: String? = nil,
            originalRecipient: String? = nil,
            action: String? = nil,
            status: String? = nil,
            diagnosticCode: String? = nil
        ) {
            self.finalRecipient = finalRecipient
            self.originalRecipient = originalRecipient
            self.action = action
            self.status = status
            self.diagnosticCode = diagnosticCode
        }

        /// The status class digit (`5` in `5.1.1`), when the status is well formed.
        public var statusClass: Int? {
            guard let first = status?.first, let digit = first.wholeNumberValue else { return nil }
            return digit
        }
    }

    /// `Reporting-MTA` without its type prefix.
    public var reportingMTA: String?
    /// The per-recipient blocks, in order.
    public var recipients: [Recipient]

    public init(reportingMTA: String? = nil, recipients: [Recipient] = []) {
        self.reportingMTA = reportingMTA
        self.recipients = recipients
    }
}
