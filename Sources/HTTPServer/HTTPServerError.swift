/// Why an `HTTPServer` could not start. The description names the address, nothing secret.
public struct HTTPServerError: Error, CustomStringConvertible, Sendable {
    public let host: String
    public let port: UInt16

    public var description: String {
        "could not start an HTTP server on \(host):\(port) (address invalid or port in use)"
    }
}
