import CGMime

/// Process-wide GMime set-up and small pointer helpers shared by the parser and the builder.
///
/// `g_mime_init` must run once before any other GMime call; `ensureInitialised()` does that lazily and
/// thread-safely (Swift runs a static initialiser exactly once).
enum GMimeRuntime {
    private static let isInitialised: Bool = {
        g_mime_init()
        return true
    }()

    /// Initialises GMime on first use; cheap afterwards.
    static func ensureInitialised() {
        _ = isInitialised
    }

    /// Reinterprets a GObject pointer as another type in its class hierarchy (a C upcast or checked downcast).
    static func cast<Source, Target>(
        _ pointer: UnsafeMutablePointer<Source>,
        to _: Target.Type = Target.self
    ) -> UnsafeMutablePointer<Target> {
        UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: Target.self)
    }

    /// Copies a NUL-terminated C string into Swift, treating NULL as nil.
    static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// Copies a C string GMime allocated for us into Swift and frees it with `g_free`.
    static func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { g_free(pointer) }
        return String(cString: pointer)
    }

    /// Writes a GMime object to memory and returns the bytes (decoded content for data wrappers).
    static func bytes(writing write: (UnsafeMutablePointer<GMimeStream>) -> Void) -> [UInt8] {
        guard let stream = g_mime_stream_mem_new() else { return [] }
        defer { g_object_unref(stream) }
        write(stream)
        let memory: UnsafeMutablePointer<GMimeStreamMem> = cast(stream)
        guard let array = g_mime_stream_mem_get_byte_array(memory), let data = array.pointee.data else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(array.pointee.len)))
    }
}
