/// The body of one request while libmicrohttpd hands it over in chunks.
///
/// Only the connection's own polling thread touches it, between the first access call and the
/// completion callback.
final class PendingRequest {
    var body: [UInt8] = []
    var isTooLarge = false
}
