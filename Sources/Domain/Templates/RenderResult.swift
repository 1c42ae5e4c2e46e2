/// The outcome of rendering a template for one lead.
public enum RenderResult: Sendable, Hashable {
    /// Every field had a value or a fallback.
    case rendered(String)
    /// These fields were empty or absent and had no fallback: the email must be held, never sent as
    /// "Hi {{firstName}}" or "Hi ,". Names are listed once, in order of first use.
    case held(missing: [String])
    /// The template text itself is malformed (only from `TemplateRenderer.render(_:fields:)` on raw text).
    case invalid(TemplateError)
}
