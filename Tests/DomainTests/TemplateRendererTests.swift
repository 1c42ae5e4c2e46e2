import Domain
import Testing

@Suite("Templates")
struct TemplateRendererTests {
    @Test func rendersFieldsAndFallbacks() {
        let template = "Hi {{contact.firstName | \"there\"}}, I'm {{ assistant.name }}."
        #expect(
            TemplateRenderer.render(template, fields: ["contact.firstName": "Sam", "assistant.name": "Ashley"])
                == .rendered("Hi Sam, I'm Ashley.")
        )
        #expect(
            TemplateRenderer.render(template, fields: ["contact.firstName": "  ", "assistant.name": "Ashley"])
                == .rendered("Hi there, I'm Ashley.")
        )
        #expect(
            TemplateRenderer.render(template, fields: ["assistant.name": "Ashley"])
                == .rendered("Hi there, I'm Ashley.")
        )
    }

    @Test func holdsWhenAFieldHasNoValueAndNoFallback() {
        let template = "Hi {{contact.firstName}} at {{contact.company}}, {{contact.firstName}}"
        #expect(
            TemplateRenderer.render(template, fields: [:])
                == .held(missing: ["contact.firstName", "contact.company"])
        )
        #expect(
            TemplateRenderer.render(template, fields: ["contact.firstName": "", "contact.company": "Acme"])
                == .held(missing: ["contact.firstName"])
        )
    }

    @Test func emptyFallbackAllowsLeavingAFieldOut() {
        #expect(TemplateRenderer.render("Hi{{contact.firstName | \"\"}}!", fields: [:]) == .rendered("Hi!"))
    }

    @Test func escapes() {
        #expect(
            TemplateRenderer.render(#"Use \{{name\}} and {single} braces, C:\path"#, fields: [:])
                == .rendered(#"Use {{name}} and {single} braces, C:\path"#)
        )
        #expect(
            TemplateRenderer.render(#"{{org.name | "say \"hi\" \\ bye"}}"#, fields: [:])
                == .rendered(#"say "hi" \ bye"#)
        )
        #expect(TemplateRenderer.render("{{org.name|\"{{x}}\"}}", fields: [:]) == .rendered("{{x}}"))
    }

    @Test(arguments: [
        ("Hi {{contact.firstName", 3, "never closed"),
        ("Hi {{contact.firstName\n}}", 3, "never closed"),
        ("Hi }} there", 3, "without a matching"),
        ("Hi {{ }}", 6, "needs a name"),
        ("Hi {{9lives}}", 5, "not a valid merge field name"),
        ("Hi {{contact.}}", 5, "not a valid merge field name"),
        ("Hi {{contact.firstName | there}}", 25, "double quotes"),
        ("Hi {{contact.firstName | \"there}}", 25, "closing quote"),
        ("Hi {{contact.firstName \"x\"}}", 23, "unexpected"),
        ("Hi {{contact.frstName}}", 5, "unknown merge field \"contact.frstName\""),
    ])
    func malformedTemplatesAreRejectedWithAPosition(text: String, offset: Int, words: String) {
        #expect {
            _ = try Template.parse(text)
        } throws: { error in
            guard let error = error as? TemplateError else { return false }
            return error.offset == offset && error.problem.contains(words)
        }
    }

    @Test func rawRenderReportsMalformedTextAsInvalid() {
        guard case .invalid(let error) = TemplateRenderer.render("{{a", fields: [:]) else {
            Issue.record("expected .invalid")
            return
        }
        #expect(error.offset == 0)
    }

    @Test func listsFieldNamesOnce() throws {
        let template = try Template.parse("{{contact.firstName}} {{signature}} {{contact.firstName}}")
        #expect(template.fieldNames == ["contact.firstName", "signature"])
    }
}
