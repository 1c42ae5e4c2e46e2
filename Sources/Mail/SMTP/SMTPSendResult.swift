/// A message the relay accepted: its final reply to the end of `DATA`.
public struct SMTPSendResult: Sendable, Hashable {
    /// The final reply code, normally 250.
    public var responseCode: Int
    /// The final reply text, for example `2.0.0 Ok: queued as 4BQ1x`; never contains credentials.
    public var responseText: String
    /// Whether the send went over a connection kept from an earlier send.
    public var reusedConnection: Bool

    public init(responseCode: Int, responseText: String, reusedConnection: Bool) {
        self.responseCode = responseCode
        self.responseText = responseText
        self.reusedConnection = reusedConnection
    }
}
