/// Why a send failed, in terms of what the caller may do next.
///
/// How libcurl's outcome maps, checked in this order (`SMTPTranscript` records the dialogue through
/// curl's debug callback, `CURLINFO_RESPONSE_CODE` is read as a cross-check):
/// 1. `CURLE_LOGIN_DENIED` → `.authenticationFailed`.
/// 2. The first refusal of the send (a 4xx/5xx reply, not counting EHLO and QUIT) is 4xx (curl then fails
///    with `CURLE_SEND_ERROR`, `CURLE_WEIRD_SERVER_REPLY`, `CURLE_RECV_ERROR`…, whatever the phase) → `.temporary`.
/// 3. The first refusal is 5xx to `RCPT TO` → `.rejectedRecipient`; 5xx to anything else (greeting, `MAIL FROM`,
///    `DATA`, the end of data) → `.rejectedMessage`. Both mean definitely not delivered.
/// 4. No failing reply and `CURLE_COULDNT_RESOLVE_HOST`, `CURLE_COULDNT_RESOLVE_PROXY`, `CURLE_COULDNT_CONNECT`,
///    `CURLE_USE_SSL_FAILED`, a TLS handshake error, or any transport error before the greeting arrived →
///    `.connectionFailed`.
/// 5. No failing reply, a transport error (`CURLE_SEND_ERROR`, `CURLE_RECV_ERROR`, `CURLE_GOT_NOTHING`,
///    `CURLE_OPERATION_TIMEDOUT`, …) after the whole message was handed to curl → `.outcomeUnknown`.
/// 6. The same before the whole message was handed over → `.connectionLost` (the relay never saw the
///    end-of-data dot, so nothing was delivered).
/// 7. Anything else (`CURLE_URL_MALFORMAT`, `CURLE_UNSUPPORTED_PROTOCOL`, …) → `.configuration`.
///
/// Reply texts come from the relay; descriptions never contain the password or the message.
public enum SMTPSendError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A recipient was refused with 5xx before `DATA`: not delivered to anyone.
    case rejectedRecipient(recipient: String, code: Int, text: String)
    /// The relay refused the sender, the data or the session with 5xx: not delivered.
    case rejectedMessage(code: Int, text: String)
    /// The relay answered 4xx: not delivered now, retry later.
    case temporary(code: Int, text: String)
    /// AUTH was refused: not delivered; the credentials or the relay setup are wrong.
    case authenticationFailed(code: Int, text: String)
    /// No usable connection was made (refused, unresolvable, TLS failed or required but unavailable):
    /// nothing was sent, safe to retry.
    case connectionFailed(reason: String)
    /// The connection broke before the end of the message was sent: not delivered, safe to retry.
    case connectionLost(reason: String)
    /// The connection broke after the whole message was sent but before the final reply: it may or may not
    /// have been delivered. Do not resend blindly.
    case outcomeUnknown(reason: String)
    /// The configuration cannot work (bad URL, unsupported scheme, sender closed).
    case configuration(reason: String)

    /// True when the message was certainly not delivered.
    public var isDefinitelyNotDelivered: Bool {
        if case .outcomeUnknown = self { return false }
        return true
    }

    /// True when sending the same message again later is reasonable without human attention.
    public var isRetryable: Bool {
        switch self {
        case .temporary, .connectionFailed, .connectionLost: true
        case .rejectedRecipient, .rejectedMessage, .authenticationFailed, .outcomeUnknown, .configuration: false
        }
    }

    public var description: String {
        switch self {
        case .rejectedRecipient(_, let code, let text): "SMTP recipient rejected: \(code) \(text)"
        case .rejectedMessage(let code, let text): "SMTP message rejected: \(code) \(text)"
        case .temporary(let code, let text): "SMTP temporary failure: \(code) \(text)"
        case .authenticationFailed(let code, let text): "SMTP authentication failed: \(code) \(text)"
        case .connectionFailed(let reason): "SMTP connection failed: \(reason)"
        case .connectionLost(let reason): "SMTP connection lost before the message was complete: \(reason)"
        case .outcomeUnknown(let reason): "SMTP outcome unknown (connection lost after DATA): \(reason)"
        case .configuration(let reason): "SMTP configuration error: \(reason)"
        }
    }
}
