import Domain
import Foundation
import Testing

/// SplitMix64: a tiny deterministic generator for tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Daily cap and mailbox spacing")
struct SendLimitsTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)
    static func ago(_ hours: Double) -> Date { now.addingTimeInterval(-hours * 3600) }

    @Test func capCountsAnyRolling24Hours() {
        let sends = [Self.ago(30), Self.ago(23), Self.ago(2), Self.ago(1)]
        let full = DailyCap.allows(sentTimes: sends, now: Self.now, cap: 3)
        #expect(!full.allowed)
        #expect(full.nextAllowedAt == Self.ago(23).addingTimeInterval(86_400))

        let room = DailyCap.allows(sentTimes: sends, now: Self.now, cap: 4)
        #expect(room.allowed && room.nextAllowedAt == nil)

        let exactlyADayAgo = DailyCap.allows(sentTimes: [Self.ago(24)], now: Self.now, cap: 1)
        #expect(exactlyADayAgo.allowed)
    }

    @Test func capOverflowWaitsForEnoughSendsToExpire() {
        let sends = [Self.ago(20), Self.ago(10), Self.ago(5), Self.ago(1)]
        let result = DailyCap.allows(sentTimes: sends, now: Self.now, cap: 2)
        #expect(!result.allowed)
        // Three of the four must leave the window before a fourth send fits under a cap of two.
        #expect(result.nextAllowedAt == Self.ago(5).addingTimeInterval(86_400))
    }

    @Test func zeroCapNeverAllows() {
        let result = DailyCap.allows(sentTimes: [], now: Self.now, cap: 0)
        #expect(!result.allowed && result.nextAllowedAt == nil)
    }

    @Test func spacingAddsJitterToTheMinimum() {
        var generator = SeededGenerator(state: 42)
        #expect(
            MailboxSpacing.nextSlot(
                lastSend: nil,
                now: Self.now,
                minimum: 60,
                jitter: 0...30,
                random: &generator
            ) == Self.now
        )

        let last = Self.now.addingTimeInterval(-10)
        var slots: [Date] = []
        for _ in 0..<200 {
            slots.append(
                MailboxSpacing.nextSlot(
                    lastSend: last,
                    now: Self.now,
                    minimum: 60,
                    jitter: 0...30,
                    random: &generator
                )
            )
        }
        #expect(slots.allSatisfy { $0 >= last.addingTimeInterval(60) && $0 <= last.addingTimeInterval(90) })
        #expect(Set(slots).count > 100)

        var first = SeededGenerator(state: 7)
        var second = SeededGenerator(state: 7)
        #expect(
            MailboxSpacing.nextSlot(lastSend: last, now: Self.now, minimum: 60, jitter: 0...30, random: &first)
                == MailboxSpacing.nextSlot(lastSend: last, now: Self.now, minimum: 60, jitter: 0...30, random: &second)
        )
    }

    @Test func spacingNeverGoesBelowTheMinimumOrIntoThePast() {
        var generator = SeededGenerator(state: 1)
        let last = Self.now.addingTimeInterval(-10)
        for _ in 0..<100 {
            let slot = MailboxSpacing.nextSlot(
                lastSend: last,
                now: Self.now,
                minimum: 60,
                jitter: -30...(-1),
                random: &generator
            )
            #expect(slot == last.addingTimeInterval(60))
        }
        let long = Self.now.addingTimeInterval(-3600)
        #expect(
            MailboxSpacing.nextSlot(
                lastSend: long,
                now: Self.now,
                minimum: 60,
                jitter: 0...30,
                random: &generator
            ) == Self.now
        )
    }
}
