import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A keep-alive URLSession client for the tests that never follows redirects.
final class TestClient: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    private var session: URLSession!

    override init() {
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 32
        configuration.timeoutIntervalForRequest = 60
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }

    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    /// Sends one request; `body` is sent as given with `contentType`.
    func send(
        _ method: String,
        _ url: String,
        headers: [String: String] = [:],
        body: String? = nil,
        contentType: String = "application/json"
    ) async throws -> TestResponse {
        guard let target = URL(string: url) else { throw URLError(.badURL) }
        var request = URLRequest(url: target)
        request.httpMethod = method
        for (name, value) in headers {
            request.setValue(value, forHTTPHeaderField: name)
        }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let finalRequest = request
        return try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: finalRequest) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                    return
                }
                let http = response as? HTTPURLResponse
                var headers: [String: String] = [:]
                for (name, value) in http?.allHeaderFields ?? [:] {
                    headers[String(describing: name).lowercased()] = String(describing: value)
                }
                continuation.resume(
                    returning: TestResponse(status: http?.statusCode ?? 0, headers: headers, body: data ?? Data())
                )
            }.resume()
        }
    }

    func invalidate() {
        session.invalidateAndCancel()
    }
}
