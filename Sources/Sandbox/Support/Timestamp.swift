import Foundation

/// Milliseconds since the Unix epoch, the sandbox's only time unit, with ISO-8601 text in UTC.
enum Timestamp {
    /// The wall clock now.
    static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// `2025-01-31T12:00:00.123Z`.
    static func iso(_ millis: Int64) -> String {
        var seconds = time_t(millis / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var out: [UInt8] = []
        out.reserveCapacity(24)
        func digits(_ value: Int32, _ width: Int) {
            var divisor: Int32 = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                out.append(UInt8(48 + (rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(parts.tm_year + 1900, 4)
        out.append(45)
        digits(parts.tm_mon + 1, 2)
        out.append(45)
        digits(parts.tm_mday, 2)
        out.append(84)
        digits(parts.tm_hour, 2)
        out.append(58)
        digits(parts.tm_min, 2)
        out.append(58)
        digits(parts.tm_sec, 2)
        out.append(46)
        digits(Int32(millis % 1000), 3)
        out.append(90)
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS[.fff]]` with optional `Z` or `±HH:MM` (UTC when
    /// absent). Nil when the text is not one of those.
    static func parse(_ text: String) -> Int64? {
        let chars = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= chars.count else { return nil }
            var value = 0
            for byte in chars[index..<index + width] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += width
            return value
        }
        func take(_ byte: UInt8) -> Bool {
            guard index < chars.count, chars[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), take(45), let month = number(2), take(45), let day = number(2) else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var millis = 0
        var offsetMinutes = 0
        if take(84) || take(32) {
            guard let parsedHour = number(2), take(58), let parsedMinute = number(2) else { return nil }
            hour = parsedHour
            minute = parsedMinute
            if take(58) {
                guard let parsedSecond = number(2) else { return nil }
                second = parsedSecond
                if take(46) {
                    var scale = 100
                    let start = index
                    while index < chars.count, (48...57).contains(chars[index]) {
                        millis += Int(chars[index] - 48) * scale
                        scale /= 10
                        index += 1
                    }
                    guard index > start else { return nil }
                }
            }
            if take(90) {
            } else if index < chars.count, chars[index] == 43 || chars[index] == 45 {
                let sign = chars[index] == 45 ? -1 : 1
                index += 1
                guard let offsetHour = number(2) else { return nil }
                _ = take(58)
                guard let offsetMinute = number(2) else { return nil }
                offsetMinutes = sign * (offsetHour * 60 + offsetMinute)
            }
        }
        guard index == chars.count, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
            second < 61
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = Int64(timegm(&parts)) - Int64(offsetMinutes * 60)
        return seconds * 1000 + Int64(millis)
    }
}
