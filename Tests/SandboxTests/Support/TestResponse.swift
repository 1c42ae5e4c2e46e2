import Foundation

/// One answer seen by the tests: status, lower-cased headers and the raw body.
struct TestResponse: Sendable {
    let status: Int
    let headers: [String: String]
    let body: Data

    /// The body as a JSON object, or nil.
    var object: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }

    /// `items` of a list body.
    var items: [[String: Any]] {
        object?["items"] as? [[String: Any]] ?? []
    }

    var text: String {
        String(decoding: body, as: UTF8.self)
    }
}
