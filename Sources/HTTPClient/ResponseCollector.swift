import Foundation

/// Collects one response's status line, header fields and body while libcurl runs a transfer.
///
/// Used only by the thread running `curl_easy_perform`; libcurl reaches it through an opaque pointer.
final class ResponseCollector {
    var headers: [String: String] = [:]
    var body: [UInt8] = []

    /// Takes one raw header line (with its CRLF). A status line starts a fresh header set, so interim
    /// `100 Continue` responses leave nothing behind.
    func addHeaderLine(_ bytes: UnsafeBufferPointer<UInt8>) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            headers = [:]
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return }
        if let existing = headers[name] {
            headers[name] = existing + ", " + value
        } else {
            headers[name] = value
        }
    }
}
