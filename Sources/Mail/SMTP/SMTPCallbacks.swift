import CCurl

/// libcurl callbacks for `SMTPConnection`. Capture-free C functions; the context pointer is an unretained
/// `SMTPTransfer` that the connection keeps alive for the whole `curl_easy_perform`.
enum SMTPCallbacks {
    /// `CURLOPT_READFUNCTION`: copies the next slice of the message; 0 signals the end of data.
    static let read: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        buffer,
        size,
        count,
        context in
        guard let buffer, let context else { return 0 }
        let transfer = Unmanaged<SMTPTransfer>.fromOpaque(context).takeUnretainedValue()
        return transfer.read(into: buffer, capacity: size * count)
    }

    /// `CURLOPT_DEBUGFUNCTION`: feeds protocol lines to the transfer's transcript.
    static let debug:
        @convention(c) (
            UnsafeMutableRawPointer?, curl_infotype, UnsafeMutablePointer<CChar>?, Int, UnsafeMutableRawPointer?
        ) -> Int32 = { _, kind, data, size, context in
            guard let data, let context else { return 0 }
            let transfer = Unmanaged<SMTPTransfer>.fromOpaque(context).takeUnretainedValue()
            let bytes = UnsafeBufferPointer(
                start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self),
                count: size
            )
            if kind == CURLINFO_HEADER_IN {
                transfer.transcript.recordReceived(bytes)
            } else if kind == CURLINFO_HEADER_OUT {
                transfer.transcript.recordSent(bytes)
            }
            return 0
        }
}

/// The state of one send that the C callbacks reach through their context pointer.
final class SMTPTransfer {
    private let payload: [UInt8]
    private var offset = 0
    var transcript = SMTPTranscript()

    init(payload: [UInt8]) {
        self.payload = payload
    }

    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, payload.count - offset)
        guard count > 0 else {
            transcript.isBodyComplete = true
            return 0
        }
        payload.withUnsafeBytes { source in
            guard let base = source.baseAddress else { return }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + offset, byteCount: count)
        }
        offset += count
        return count
    }
}
