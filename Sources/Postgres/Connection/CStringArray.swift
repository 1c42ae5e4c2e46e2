#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// NUL-terminated copies of Swift strings laid out as a C `const char *const *` array, freed after use.
enum CStringArray {
    /// Calls `body` with one pointer per element (NULL for nil) and, when `terminated`, a final NULL.
    static func with<Result>(
        _ strings: [String?],
        terminated: Bool = false,
        _ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> Result
    ) rethrows -> Result {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { text in text.flatMap { strdup($0) } }
        defer {
            for pointer in pointers { free(pointer) }
        }
        if terminated { pointers.append(nil) }
        let constant = pointers.map { UnsafePointer($0) }
        return try constant.withUnsafeBufferPointer { buffer in
            try body(buffer.baseAddress)
        }
    }
}
