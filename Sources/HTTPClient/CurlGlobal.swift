import CCurl

/// Process-wide libcurl initialisation, done once before the first easy handle is made.
enum CurlGlobal {
    /// The result of the one `curl_global_init` call; Swift runs the initializer exactly once.
    static let initResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_SSL))

    /// Makes sure libcurl is initialised; throws if initialisation failed.
    static func ensureInitialized() throws {
        guard initResult == CURLE_OK else {
            throw HTTPClientError(kind: .other, message: "curl_global_init failed (\(initResult.rawValue))")
        }
    }
}
