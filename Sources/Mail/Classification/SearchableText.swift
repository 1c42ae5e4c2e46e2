#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// UTF-8 text prepared for many fast substring searches (`memmem`).
///
/// `String.contains(String)` goes through Foundation's NSString search on Linux, which dominated
/// classification time; rules that test dozens of phrases against one text use this instead.
struct SearchableText {
    let bytes: [UInt8]

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// The UTF-8 offset of the first occurrence of `needle`, or nil (`memchr` for the first byte, then
    /// `memcmp`; `memmem` is a GNU extension the Glibc module does not export).
    func offset(of needle: String) -> Int? {
        var needle = needle
        return needle.withUTF8 { needleBytes in
            bytes.withUnsafeBufferPointer { haystack -> Int? in
                guard let base = haystack.baseAddress, let needleBase = needleBytes.baseAddress,
                    needleBytes.count <= haystack.count
                else { return nil }
                let first = Int32(needleBytes[0])
                let lastStart = haystack.count - needleBytes.count
                var start = 0
                while start <= lastStart {
                    guard let hit = memchr(base + start, first, lastStart - start + 1) else { return nil }
                    let position = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                    if memcmp(base + position, needleBase, needleBytes.count) == 0 { return position }
                    start = position + 1
                }
                return nil
            }
        }
    }

    func contains(_ needle: String) -> Bool {
        offset(of: needle) != nil
    }

    func containsAny(_ needles: [String]) -> Bool {
        needles.contains { contains($0) }
    }

    /// The text before the given UTF-8 offset.
    func prefix(upTo offset: Int) -> String {
        String(decoding: bytes[..<min(offset, bytes.count)], as: UTF8.self)
    }
}
