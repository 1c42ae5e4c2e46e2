import CCurl

/// One libcurl easy handle used for SMTP, owned by exactly one thread (`SMTPSender`'s).
///
/// The handle is kept between sends, so curl's connection cache keeps the SMTP session open and the next
/// send starts at `MAIL FROM`. Not thread-safe by design; `close()` is idempotent and `deinit` is a backstop.
final class SMTPConnection {
    private let configuration: SMTPConfiguration
    private var handle: UnsafeMutableRawPointer?

    init(configuration: SMTPConfiguration) {
        self.configuration = configuration
    }

    deinit {
        close()
    }

    /// Ends the SMTP session (curl sends QUIT) and frees the handle.
    func close() {
        guard let handle else { return }
        curl_easy_cleanup(handle)
        self.handle = nil
    }

    /// Sends one message; see `SMTPSendError` for how failures map.
    func send(from sender: String, recipients: [String], data: [UInt8]) -> Result<SMTPSendResult, SMTPSendError> {
        guard !recipients.isEmpty else { return .failure(.configuration(reason: "no recipients")) }
        let first = attempt(from: sender, recipients: recipients, data: data, freshConnection: false)

        // A kept connection the relay closed while idle fails before any reply; nothing was sent, so one
        // retry on a fresh connection is safe.
        if case .failure(.connectionLost) = first.result, first.wasReused, !first.hadReplies {
            return attempt(from: sender, recipients: recipients, data: data, freshConnection: true).result
        }
        return first.result
    }

    private struct Attempt {
        var result: Result<SMTPSendResult, SMTPSendError>
        var wasReused: Bool
        var hadReplies: Bool
    }

    private func attempt(
        from sender: String,
        recipients: [String],
        data: [UInt8],
        freshConnection: Bool
    ) -> Attempt {
        guard let handle = preparedHandle() else {
            let failure = SMTPSendError.configuration(reason: "curl_easy_init failed")
            return Attempt(result: .failure(failure), wasReused: false, hadReplies: false)
        }
        let transfer = SMTPTransfer(payload: data)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        var recipientList: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients {
            recipientList = curl_slist_append(recipientList, "<\(recipient)>")
        }
        defer {
            _ = handover_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, nil)
            _ = handover_curl_setopt_pointer(handle, CURLOPT_READDATA, nil)
            _ = handover_curl_setopt_pointer(handle, CURLOPT_DEBUGDATA, nil)
            curl_slist_free_all(recipientList)
        }

        _ = handover_curl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(sender)>")
        _ = handover_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipientList)
        _ = handover_curl_setopt_pointer(handle, CURLOPT_READDATA, context)
        _ = handover_curl_setopt_pointer(handle, CURLOPT_DEBUGDATA, context)
        _ = handover_curl_setopt_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(data.count))
        _ = handover_curl_setopt_long(handle, CURLOPT_FRESH_CONNECT, freshConnection ? 1 : 0)

        let code = withExtendedLifetime(transfer) { curl_easy_perform(handle) }

        var connects = 0
        _ = handover_curl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
        var responseCode = 0
        _ = handover_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &responseCode)
        let transcript = transfer.transcript
        let wasReused = connects == 0

        let result: Result<SMTPSendResult, SMTPSendError>
        if code == CURLE_OK {
            let reply = transcript.lastReply
            result = .success(
                SMTPSendResult(
                    responseCode: reply?.code ?? responseCode,
                    responseText: reply?.text ?? "",
                    reusedConnection: wasReused
                )
            )
        } else {
            result = .failure(Self.classify(code: code, transcript: transcript, reused: wasReused))
        }
        return Attempt(result: result, wasReused: wasReused, hadReplies: transcript.hasReplies)
    }

    /// Maps a failed perform to an `SMTPSendError`; the order is documented on `SMTPSendError`.
    static func classify(code: CURLcode, transcript: SMTPTranscript, reused: Bool) -> SMTPSendError {
        let curlText = String(cString: curl_easy_strerror(code))
        if code == CURLE_LOGIN_DENIED {
            let reply = transcript.lastReply
            return .authenticationFailed(code: reply?.code ?? 535, text: reply?.text ?? curlText)
        }
        if let (reply, command, recipient) = transcript.firstFailure {
            if reply.code < 500 { return .temporary(code: reply.code, text: reply.text) }
            if command == "RCPT" {
                return .rejectedRecipient(recipient: recipient ?? "", code: reply.code, text: reply.text)
            }
            return .rejectedMessage(code: reply.code, text: reply.text)
        }

        let connectFailures: Set<UInt32> = [
            CURLE_COULDNT_RESOLVE_HOST.rawValue, CURLE_COULDNT_RESOLVE_PROXY.rawValue,
            CURLE_COULDNT_CONNECT.rawValue, CURLE_USE_SSL_FAILED.rawValue, CURLE_SSL_CONNECT_ERROR.rawValue,
            CURLE_PEER_FAILED_VERIFICATION.rawValue, CURLE_SSL_CERTPROBLEM.rawValue,
            CURLE_SSL_CACERT_BADFILE.rawValue,
        ]
        let transportFailures: Set<UInt32> = [
            CURLE_SEND_ERROR.rawValue, CURLE_RECV_ERROR.rawValue, CURLE_GOT_NOTHING.rawValue,
            CURLE_OPERATION_TIMEDOUT.rawValue, CURLE_PARTIAL_FILE.rawValue, CURLE_WEIRD_SERVER_REPLY.rawValue,
            CURLE_ABORTED_BY_CALLBACK.rawValue, CURLE_READ_ERROR.rawValue, CURLE_UPLOAD_FAILED.rawValue,
        ]
        let reason = "curl error \(code.rawValue): \(curlText)"
        if connectFailures.contains(code.rawValue) { return .connectionFailed(reason: reason) }
        if transportFailures.contains(code.rawValue) {
            if !transcript.hasReplies && !reused { return .connectionFailed(reason: reason) }
            if transcript.isBodyComplete { return .outcomeUnknown(reason: reason) }
            return .connectionLost(reason: reason)
        }
        return .configuration(reason: reason)
    }

    /// The easy handle with the per-relay options set; created on first use and after `close()`.
    private func preparedHandle() -> UnsafeMutableRawPointer? {
        if let handle { return handle }
        guard let created = curl_easy_init() else { return nil }
        handle = created

        _ = handover_curl_setopt_string(created, CURLOPT_URL, configuration.url)
        if let username = configuration.username {
            _ = handover_curl_setopt_string(created, CURLOPT_USERNAME, username)
        }
        if let password = configuration.password {
            _ = handover_curl_setopt_string(created, CURLOPT_PASSWORD, password)
        }
        if let caFile = configuration.caFile {
            _ = handover_curl_setopt_string(created, CURLOPT_CAINFO, caFile)
        }
        let tls = configuration.requireTLS ? CURLUSESSL_ALL : CURLUSESSL_TRY
        _ = handover_curl_setopt_long(created, CURLOPT_USE_SSL, Int(tls.rawValue))
        _ = handover_curl_setopt_long(created, CURLOPT_UPLOAD, 1)
        _ = handover_curl_setopt_long(created, CURLOPT_NOSIGNAL, 1)
        _ = handover_curl_setopt_long(created, CURLOPT_TCP_KEEPALIVE, 1)
        _ = handover_curl_setopt_long(
            created,
            CURLOPT_TIMEOUT_MS,
            SMTPConfiguration.milliseconds(configuration.timeout)
        )
        _ = handover_curl_setopt_long(
            created,
            CURLOPT_CONNECTTIMEOUT_MS,
            SMTPConfiguration.milliseconds(configuration.connectTimeout)
        )
        _ = handover_curl_setopt_read_callback(created, SMTPCallbacks.read)
        _ = handover_curl_setopt_debug_callback(created, SMTPCallbacks.debug)
        _ = handover_curl_setopt_long(created, CURLOPT_VERBOSE, 1)
        return created
    }
}
