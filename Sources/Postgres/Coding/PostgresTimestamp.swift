import Foundation

/// Converts between `Date` and PostgreSQL's ISO timestamp text, to the microsecond.
///
/// Written by hand (civil-date arithmetic) so it needs no shared formatter and no locale.
enum PostgresTimestamp {
    /// `2024-05-06T07:08:09.123456Z`; `infinity`/`-infinity` for the distant future and past sentinels.
    static func encode(_ date: Date) -> String {
        if date == .distantFuture { return "infinity" }
        if date == .distantPast { return "-infinity" }
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let seconds = floorDivide(micros, 1_000_000)
        let fraction = micros - seconds * 1_000_000
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        return pad(year, 4) + "-" + pad(Int64(month), 2) + "-" + pad(Int64(day), 2)
            + "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay % 3600 / 60, 2)
            + ":" + pad(secondOfDay % 60, 2) + "." + pad(fraction, 6) + "Z"
    }

    /// Parses `YYYY-MM-DD[( |T)HH:MM:SS[.f…]][Z|±HH[:MM[:SS]]]`; no offset means UTC.
    static func decode(_ text: String) throws -> Date {
        switch text {
        case "infinity": return .distantFuture
        case "-infinity": return .distantPast
        default: break
        }
        var scanner = Scanner(Array(text.utf8))
        let year = try scanner.number(minDigits: 4, maxDigits: 7)
        try scanner.expect(UInt8(ascii: "-"))
        let month = try scanner.number(minDigits: 2, maxDigits: 2)
        try scanner.expect(UInt8(ascii: "-"))
        let day = try scanner.number(minDigits: 2, maxDigits: 2)
        guard (1...12).contains(month), (1...31).contains(day) else {
            throw PostgresDecodingFailure("the date is out of range")
        }
        var seconds = days(fromCivil: year, month: Int(month), day: Int(day)) * 86_400
        var micros: Int64 = 0

        if scanner.consume(UInt8(ascii: " ")) || scanner.consume(UInt8(ascii: "T")) {
            let hour = try scanner.number(minDigits: 2, maxDigits: 2)
            try scanner.expect(UInt8(ascii: ":"))
            let minute = try scanner.number(minDigits: 2, maxDigits: 2)
            try scanner.expect(UInt8(ascii: ":"))
            let second = try scanner.number(minDigits: 2, maxDigits: 2)
            guard hour <= 24, minute < 60, second < 61 else {
                throw PostgresDecodingFailure("the time of day is out of range")
            }
            seconds += hour * 3600 + minute * 60 + second
            if scanner.consume(UInt8(ascii: ".")) {
                micros = try scanner.fractionMicroseconds()
            }
            seconds -= try scanner.offsetSeconds()
        }
        guard scanner.isAtEnd else { throw PostgresDecodingFailure("unexpected text after the timestamp") }
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient
    }

    /// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar.
    private static func civil(fromDays dayNumber: Int64) -> (Int64, Int, Int) {
        let shifted = dayNumber + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, Int(month), Int(day))
    }

    /// (year, month, day) in the proleptic Gregorian calendar to days since 1970-01-01.
    private static func days(fromCivil civilYear: Int64, month: Int, day: Int) -> Int64 {
        let year = month <= 2 ? civilYear - 1 : civilYear
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let monthIndex = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * monthIndex + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// A cursor over ASCII bytes.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        var isAtEnd: Bool { index == bytes.count }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func expect(_ byte: UInt8) throws {
            guard consume(byte) else { throw PostgresDecodingFailure("the timestamp is not in ISO format") }
        }

        mutating func number(minDigits: Int, maxDigits: Int) throws -> Int64 {
            var value: Int64 = 0
            var count = 0
            while index < bytes.count, count < maxDigits, (48...57).contains(bytes[index]) {
                value = value * 10 + Int64(bytes[index] - 48)
                index += 1
                count += 1
            }
            guard count >= minDigits else { throw PostgresDecodingFailure("the timestamp is not in ISO format") }
            return value
        }

        /// Up to six digits are kept; further digits are dropped (PostgreSQL never sends more).
        mutating func fractionMicroseconds() throws -> Int64 {
            var value: Int64 = 0
            var count = 0
            while index < bytes.count, (48...57).contains(bytes[index]) {
                if count < 6 { value = value * 10 + Int64(bytes[index] - 48) }
                index += 1
                count += 1
            }
            guard count > 0 else { throw PostgresDecodingFailure("the timestamp is not in ISO format") }
            for _ in count..<max(count, 6) { value *= 10 }
            return value
        }

        /// `Z`, `+HH`, `+HH:MM` or `+HH:MM:SS` (and `-`), in seconds east of UTC; zero when absent.
        mutating func offsetSeconds() throws -> Int64 {
            if consume(UInt8(ascii: "Z")) { return 0 }
            let sign: Int64
            if consume(UInt8(ascii: "+")) {
                sign = 1
            } else if consume(UInt8(ascii: "-")) {
                sign = -1
            } else {
                return 0
            }
            var total = try number(minDigits: 2, maxDigits: 2) * 3600
            if consume(UInt8(ascii: ":")) { total += try number(minDigits: 2, maxDigits: 2) * 60 }
            if consume(UInt8(ascii: ":")) { total += try number(minDigits: 2, maxDigits: 2) }
            return sign * total
        }
    }
}
