/// Fills templates with a lead's field values.
///
/// A value that is absent or only whitespace counts as empty: the fallback is used, or the render is held.
/// Values are inserted as they are; escaping for HTML or headers is the mail builder's job.
public enum TemplateRenderer {
    /// Renders raw template text; malformed text gives `.invalid`. Unknown field names are not an error here
    /// (they are simply empty); contexts reject them when saved.
    public static func render(_ template: String, fields: [String: String]) -> RenderResult {
        do {
            return render(try Template.parse(template, knownFields: nil), fields: fields)
        } catch {
            return .invalid(error)
        }
    }

    /// Renders a parsed template.
    public static func render(_ template: Template, fields: [String: String]) -> RenderResult {
        var output = ""
        var missing: [String] = []
        for segment in template.segments {
            switch segment {
            case .text(let text):
                output += text
            case .field(let name, let fallback):
                if let value = fields[name], value.contains(where: { !$0.isWhitespace }) {
                    output += value
                } else if let fallback {
                    output += fallback
                } else if !missing.contains(name) {
                    missing.append(name)
                }
            }
        }
        return missing.isEmpty ? .rendered(output) : .held(missing: missing)
    }
}
