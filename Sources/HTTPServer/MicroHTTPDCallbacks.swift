import CMicroHTTPD
import Shared

/// libmicrohttpd's access callback: collects the body, then runs the Swift handler once per request.
///
/// The first call for a request only allocates its `PendingRequest`; upload calls append chunks; the
/// final call (no upload data) builds the `HTTPRequest`, runs the handler and queues the answer.
/// Returning `MHD_Result.NO` closes the connection, which is how dropped connections are simulated.
let handoverHTTPAccess: MHD_AccessHandlerCallback = { context, connection, url, method, _, upload, size, slot in
    guard let context, let connection, let slot, let size else { return MHD_Result.NO }
    let core = Unmanaged<ServerCore>.fromOpaque(context).takeUnretainedValue()

    guard let existing = slot.pointee else {
        let pending = PendingRequest()
        if let length = MHD_lookup_connection_value(connection, MHD_ValueKind.HEADER_KIND, "Content-Length"),
            let declared = Int(String(cString: length)), declared > core.maxBodyBytes
        {
            pending.isTooLarge = true
        }
        slot.pointee = Unmanaged.passRetained(pending).toOpaque()
        return MHD_Result.YES
    }
    let pending = Unmanaged<PendingRequest>.fromOpaque(existing).takeUnretainedValue()

    if size.pointee > 0 {
        if !pending.isTooLarge, let upload {
            if pending.body.count + size.pointee > core.maxBodyBytes {
                pending.isTooLarge = true
                pending.body = []
            } else {
                upload.withMemoryRebound(to: UInt8.self, capacity: size.pointee) { bytes in
                    pending.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: size.pointee))
                }
            }
        }
        size.pointee = 0
        return MHD_Result.YES
    }

    let response: HTTPResponse
    if pending.isTooLarge {
        response = .jsonError(413, "request body larger than \(core.maxBodyBytes) bytes")
    } else {
        let request = makeRequest(connection: connection, url: url, method: method, body: pending.body)
        response = core.handler(request)
    }
    if response.dropsConnection {
        return MHD_Result.NO
    }
    return queue(response, on: connection)
}

/// libmicrohttpd's completion callback: frees the request's `PendingRequest`.
let handoverHTTPCompleted: MHD_RequestCompletedCallback = { _, _, slot, _ in
    guard let slot, let pending = slot.pointee else { return }
    Unmanaged<PendingRequest>.fromOpaque(pending).release()
    slot.pointee = nil
}

/// Collects key/value pairs from `MHD_get_connection_values` into a Swift array.
private final class PairCollector {
    var pairs: [(String, String)] = []
}

/// Appends one key/value pair to the `PairCollector` passed as context.
private let collectPair: MHD_KeyValueIterator = { context, _, key, value in
    guard let context, let key else { return MHD_Result.YES }
    let collector = Unmanaged<PairCollector>.fromOpaque(context).takeUnretainedValue()
    collector.pairs.append((String(cString: key), value.map { String(cString: $0) } ?? ""))
    return MHD_Result.YES
}

/// Reads method, path, decoded query, headers and peer address of the current request.
private func makeRequest(
    connection: OpaquePointer,
    url: UnsafePointer<CChar>?,
    method: UnsafePointer<CChar>?,
    body: [UInt8]
) -> HTTPRequest {
    let queryCollector = PairCollector()
    let headerCollector = PairCollector()
    withExtendedLifetime((queryCollector, headerCollector)) {
        MHD_get_connection_values(
            connection,
            MHD_ValueKind.GET_ARGUMENT_KIND,
            collectPair,
            Unmanaged.passUnretained(queryCollector).toOpaque()
        )
        MHD_get_connection_values(
            connection,
            MHD_ValueKind.HEADER_KIND,
            collectPair,
            Unmanaged.passUnretained(headerCollector).toOpaque()
        )
    }
    var headers: [String: String] = [:]
    for (name, value) in headerCollector.pairs {
        headers[name.lowercased()] = value
    }
    var addressBuffer = [CChar](repeating: 0, count: 64)
    let address: String? =
        handover_mhd_client_address(connection, &addressBuffer, addressBuffer.count) == 0
        ? String(decoding: addressBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
    return HTTPRequest(
        method: method.map { String(cString: $0) } ?? "GET",
        path: url.map { String(cString: $0) } ?? "/",
        query: queryCollector.pairs,
        headers: headers,
        body: body,
        remoteAddress: address
    )
}

/// Hands `response` to libmicrohttpd (which copies the body) and queues it on `connection`.
private func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
    let made: OpaquePointer? = response.body.withUnsafeBytes { raw in
        MHD_create_response_from_buffer(
            raw.count,
            UnsafeMutableRawPointer(mutating: raw.baseAddress),
            MHD_ResponseMemoryMode.RESPMEM_MUST_COPY
        )
    }
    guard let made else { return MHD_Result.NO }
    for (name, value) in response.headers {
        MHD_add_response_header(made, name, value)
    }
    let result = MHD_queue_response(connection, UInt32(clamping: response.status), made)
    MHD_destroy_response(made)
    return result
}
