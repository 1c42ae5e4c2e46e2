import Foundation
import HTTPServer

/// A validated `AddWebhookCommand` (POST) or update body (PUT).
struct WebhookCommand {
    static let knownEvents: Set<String> = [
        "contact_status_changed", "contact_partner_action", "folder_contact_added", "folder_contact_removed",
        "job_status_changed", "job_invoice_sent", "job_partner_action", "jobad_posted", "jobad_expired",
        "jobad_partner_action", "candidate_status_changed", "candidate_updated", "candidate_partner_action",
        "jobapplication_status_changed", "jobapplication_partner_action", "placement_approved",
        "placement_status_changed", "placement_partner_action", "company_status_changed", "company_partner_action",
        "interview_scheduled", "interview_evaluation_submitted", "folder_updated", "user_suspended", "sms_sent",
        "folder_candidate_added", "folder_candidate_removed", "folder_company_added", "folder_company_removed",
        "folder_job_added", "folder_job_removed", "folder_placement_added", "folder_placement_removed",
    ]
    static let statuses = ["Enabled", "Disabled", "Suspended"]

    let name: String
    let events: [String]
    let url: String?
    let authorization: String?
    let eventFilters: JSONValue?
    let status: String?

    /// Validates a body; `requireURL` is true for POST. The failure is the 400/422 to answer.
    static func parse(_ request: HTTPRequest, requireURL: Bool) -> Result<WebhookCommand, ResponseFailure> {
        guard let body = try? JSONParser.parse(request.body) else { return .failure(.init(Replies.badJSON())) }
        guard case .object = body else {
            return .failure(.init(Replies.invalid("body", "The body must be a JSON object")))
        }
        var errors: [Replies.FieldError] = []
        let allowed = ["name", "events", "url", "authorization", "eventFilters", "status"]
        for extra in body.memberNames where !allowed.contains(extra) {
            errors.append(.init(code: "Invalid", message: "Unknown field '\(extra)'", fields: [extra]))
        }
        let name = body["name"]?.stringValue ?? ""
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(.init(code: "MissingField", message: "name is required", fields: ["name"]))
        } else if name.count > 100 {
            errors.append(.init(code: "Invalid", message: "name is longer than 100 characters", fields: ["name"]))
        }
        let events = body["events"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if events.isEmpty {
            errors.append(.init(code: "MissingField", message: "events is required", fields: ["events"]))
        } else if let unknown = events.first(where: { !knownEvents.contains($0) }) {
            errors.append(.init(code: "Invalid", message: "Unknown event '\(unknown)'", fields: ["events"]))
        }
        let url = body["url"]?.stringValue
        if let url {
            let parsed = URL(string: url)
            if parsed?.host == nil || !["http", "https"].contains(parsed?.scheme?.lowercased() ?? "") {
                errors.append(.init(code: "Invalid", message: "url must be an absolute http(s) URL", fields: ["url"]))
            }
        } else if requireURL {
            errors.append(.init(code: "MissingField", message: "url is required", fields: ["url"]))
        }
        let status = body["status"]?.stringValue
        if let status, !statuses.contains(status) {
            errors.append(
                .init(code: "Invalid", message: "status must be Enabled, Disabled or Suspended", fields: ["status"])
            )
        }
        if let value = body["authorization"], !value.isNull, value.stringValue == nil {
            errors.append(.init(code: "Invalid", message: "authorization must be a string", fields: ["authorization"]))
        }
        guard errors.isEmpty else {
            return .failure(.init(Replies.errorModel(422, "Validation failed", errors)))
        }
        let filters = body["eventFilters"].flatMap { $0.isNull ? nil : $0 }
        return .success(
            WebhookCommand(
                name: name,
                events: events,
                url: url,
                authorization: body["authorization"]?.stringValue,
                eventFilters: filters,
                status: status
            )
        )
    }
}

/// A ready answer carried through a `Result` failure.
struct ResponseFailure: Error {
    let response: HTTPResponse

    init(_ response: HTTPResponse) {
        self.response = response
    }
}
