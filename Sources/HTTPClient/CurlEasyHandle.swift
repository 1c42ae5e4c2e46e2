import CCurl
import Foundation

/// Owns one libcurl easy handle and the open connections it caches between transfers.
///
/// `@unchecked Sendable` audit: a handle is used by one thread at a time. `HTTPClient` checks it out of its
/// pool for one `perform` call and puts it back afterwards; nothing else touches it.
final class CurlEasyHandle: @unchecked Sendable {
    private var handle: UnsafeMutableRawPointer?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws {
        try CurlGlobal.ensureInitialized()
        guard let handle = curl_easy_init() else {
            throw HTTPClientError(kind: .other, message: "curl_easy_init failed")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        close()
        errorBuffer.deallocate()
    }

    /// Closes the handle and its cached connections; safe to call more than once.
    func close() {
        if let handle {
            curl_easy_cleanup(handle)
            self.handle = nil
        }
    }

    /// Runs one request to completion on the calling thread.
    ///
    /// Options are reset first, so nothing leaks from the previous request; cached connections survive the
    /// reset and are reused for the same host.
    /// - Returns: the response and how many new connections libcurl opened for it (0 when one was reused).
    func perform(
        _ request: HTTPClientRequest,
        connectTimeout: Double,
        timeout: Double
    ) throws -> (response: HTTPClientResponse, newConnections: Int) {
        guard let handle else {
            throw HTTPClientError(kind: .other, message: "curl handle already closed")
        }
        curl_easy_reset(handle)
        errorBuffer[0] = 0

        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for (name, value) in request.headers {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        if !request.headers.contains(where: { $0.0.lowercased() == "expect" }) {
            // An empty Expect header stops libcurl from waiting for `100 Continue` on larger bodies.
            headerList = curl_slist_append(headerList, "Expect:")
        }

        let collector = ResponseCollector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        var setup = [CURLcode]()
        setup.append(handover_curl_setopt_string(handle, CURLOPT_URL, request.url))
        setup.append(handover_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        setup.append(handover_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        setup.append(handover_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.millis(connectTimeout)))
        setup.append(handover_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.millis(timeout)))
        setup.append(handover_curl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1))
        setup.append(handover_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        setup.append(handover_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
        setup.append(handover_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        setup.append(handover_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context))
        setup.append(handover_curl_setopt_write_callback(handle, curlWriteBody))
        setup.append(handover_curl_setopt_header_callback(handle, curlWriteHeader))
        setup.append(contentsOf: setMethodAndBody(handle, request))
        if let failed = setup.first(where: { $0 != CURLE_OK }) {
            throw HTTPClientError(kind: .other, message: "setting up the request failed: \(Self.text(failed))")
        }

        let result = withExtendedLifetime(collector) { curl_easy_perform(handle) }
        guard result == CURLE_OK else {
            throw makeError(result, url: request.url)
        }
        var status = 0
        var connects = 0
        _ = handover_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        _ = handover_curl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
        return (HTTPClientResponse(status: status, headers: collector.headers, body: collector.body), connects)
    }

    /// Chooses the method; any body (or an empty one for POST/PUT/PATCH) is copied into libcurl.
    private func setMethodAndBody(_ handle: UnsafeMutableRawPointer, _ request: HTTPClientRequest) -> [CURLcode] {
        let method = request.method.uppercased()
        var codes = [CURLcode]()
        if method == "HEAD" {
            codes.append(handover_curl_setopt_long(handle, CURLOPT_NOBODY, 1))
        } else if request.body != nil || ["POST", "PUT", "PATCH"].contains(method) {
            let body = request.body ?? []
            codes.append(handover_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            if body.isEmpty {
                codes.append(handover_curl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, ""))
            } else {
                let code = body.withUnsafeBytes { bytes in
                    let pointer = UnsafeMutableRawPointer(mutating: bytes.baseAddress)
                    return handover_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, pointer)
                }
                codes.append(code)
            }
        } else {
            codes.append(handover_curl_setopt_long(handle, CURLOPT_HTTPGET, 1))
        }
        if method != "GET" && method != "POST" && method != "HEAD" {
            codes.append(handover_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method))
        }
        return codes
    }

    private func makeError(_ code: CURLcode, url: String) -> HTTPClientError {
        let kind: HTTPClientError.Kind
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT, CURLE_SSL_CONNECT_ERROR:
            kind = .connect
        case CURLE_OPERATION_TIMEDOUT:
            kind = .timeout
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE, CURLE_HTTP2,
            CURLE_HTTP2_STREAM:
            kind = .connectionDropped
        default:
            kind = .other
        }
        let detail = String(cString: errorBuffer)
        let reason = detail.isEmpty ? Self.text(code) : detail
        return HTTPClientError(kind: kind, message: "\(HTTPClientError.redacted(url)): \(reason)")
    }

    private static func text(_ code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }

    private static func millis(_ seconds: Double) -> Int {
        max(1, Int((seconds * 1000).rounded()))
    }
}

/// libcurl body callback: appends the bytes to the `ResponseCollector` passed as user data.
private func curlWriteBody(
    _ data: UnsafeMutablePointer<CChar>?,
    _ size: Int,
    _ count: Int,
    _ context: UnsafeMutableRawPointer?
) -> Int {
    let length = size * count
    guard let data, let context else { return length }
    let collector = Unmanaged<ResponseCollector>.fromOpaque(context).takeUnretainedValue()
    data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
        collector.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
    }
    return length
}

/// libcurl header callback: hands each header line to the `ResponseCollector` passed as user data.
private func curlWriteHeader(
    _ data: UnsafeMutablePointer<CChar>?,
    _ size: Int,
    _ count: Int,
    _ context: UnsafeMutableRawPointer?
) -> Int {
    let length = size * count
    guard let data, let context else { return length }
    let collector = Unmanaged<ResponseCollector>.fromOpaque(context).takeUnretainedValue()
    data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
        collector.addHeaderLine(UnsafeBufferPointer(start: bytes, count: length))
    }
    return length
}
