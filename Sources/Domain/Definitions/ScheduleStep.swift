/// One schedule step: how long to wait before its email.
public struct ScheduleStep: Sendable, Hashable, Codable {
    public var delay: StepDelay

    public init(delay: StepDelay) {
        self.delay = delay
    }
}
