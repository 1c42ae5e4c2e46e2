/// What happened on the wire during one send, as far as classifying its outcome needs.
///
/// Fed from curl's debug callback. Only command verbs and the RCPT address are kept from what we send,
/// so AUTH arguments (credentials) are never stored.
struct SMTPTranscript {
    /// One server reply: the code and the text of its last line.
    struct Reply: Equatable {
        var code: Int
        var text: String
    }

    /// The verb of the last command sent (`MAIL`, `RCPT`, `DATA`, `AUTH`…), upper-cased.
    private(set) var lastCommand: String?
    /// The address of the last `RCPT TO`.
    private(set) var lastRecipient: String?
    /// The last complete reply received in this send.
    private(set) var lastReply: Reply?
    /// The first 4xx/5xx reply of this send with the command it answered and, for RCPT, the address.
    /// Kept separately because curl may QUIT after a failure, and the 221 would hide the refusal.
    /// Refusals of EHLO (curl falls back to HELO) and of QUIT do not count.
    private(set) var firstFailure: (reply: Reply, command: String?, recipient: String?)?
    /// A greeting (or any reply) arrived during this send.
    private(set) var hasReplies = false
    /// curl asked for more body after the read callback returned end-of-data.
    var isBodyComplete = false

    /// Records a chunk curl reports as sent protocol lines (`CURLINFO_HEADER_OUT`).
    mutating func recordSent(_ bytes: UnsafeBufferPointer<UInt8>) {
        let line = String(decoding: bytes, as: UTF8.self)
        let verb = line.prefix(while: { $0 != " " && !$0.isNewline }).uppercased()
        lastCommand = verb
        if verb == "RCPT", let open = line.firstIndex(of: "<"), let close = line.firstIndex(of: ">"), open < close {
            lastRecipient = String(line[line.index(after: open)..<close])
        }
    }

    /// Records a chunk curl reports as received protocol lines (`CURLINFO_HEADER_IN`).
    mutating func recordReceived(_ bytes: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(whereSeparator: \.isNewline) {
            guard line.count >= 3, let code = Int(line.prefix(3)) else { continue }
            let isFinalLine = line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " "
            if isFinalLine {
                let reply = Reply(code: code, text: String(line.dropFirst(4)))
                lastReply = reply
                hasReplies = true
                if code >= 400, firstFailure == nil, lastCommand != "EHLO", lastCommand != "QUIT" {
                    firstFailure = (reply, lastCommand, lastRecipient)
                }
            }
        }
    }
}
