import Testing
@testable import TuneKit

@Suite("Templates and mapping")
struct MappingTests {
    let header = TableHeader(columns: ["问题", "答案", "类别", "Product Name", "a.b"])

    private func render(_ template: String, _ values: [String]) throws -> String {
        try FieldTemplate(template).bind(to: header).render(values)
    }

    @Test func insertsValuesVerbatim() throws {
        let values = [#"He said "hi" & <b>bye</b>"#, "x", "", "", ""]
        #expect(try render("{{问题}}", values) == values[0])
        #expect(try render("{{{问题}}}", values) == values[0])
        #expect(try render("{{& 问题 }}", values) == values[0])
        #expect(try render("Q: {{问题}} [{{类别}}]", values) == #"Q: He said "hi" & <b>bye</b> []"#)
    }

    @Test func sectionsRenderThroughMustacheWithoutEscaping() throws {
        let template = try FieldTemplate("{{#类别}}[{{类别}}] {{/类别}}{{问题}}")
        #expect(template.singleColumn == nil)
        let bound = template.bind(to: header)
        #expect(bound.render([#"a "quoted" <q>"#, "x", "退货", "", ""]) == #"[退货] a "quoted" <q>"#)
        #expect(bound.render(["plain", "x", "", "", ""]) == "plain")
        let inverted = try FieldTemplate("{{^答案}}(no answer){{/答案}}{{! a comment }}").bind(to: header)
        #expect(inverted.render(["q", "", "", "", ""]) == "(no answer)")
        #expect(inverted.render(["q", "a", "", "", ""]) == "")
        #expect(throws: ImportError.self) { try FieldTemplate("{{> partial}}") }
    }

    @Test func columnNamesWithSpacesAndDotsWork() throws {
        #expect(try render("{{Product Name}}: {{a.b}}", ["", "", "", "Kettle", "2L"]) == "Kettle: 2L")
    }

    @Test func unknownColumnsAreNamed() throws {
        let bound = try FieldTemplate("{{question}} {{问题}}").bind(to: header)
        #expect(bound.unknownColumns == ["question"])
        #expect(throws: ImportError.self) {
            try TableMapper(spec: MappingSpec(user: FieldTemplate("{{question}}"), assistant: FieldTemplate("{{答案}}")),
                            header: header, file: "faq.csv")
        }
    }

    @Test func invalidMustacheIsAnError() {
        #expect(throws: ImportError.self) { try FieldTemplate("{{#open}} never closed") }
    }

    @Test(arguments: [
        (["问题", "答案", "类别"], "{{问题}}", "{{答案}}", "{{类别}}"),
        (["Question", "Answer", "Category"], "{{Question}}", "{{Answer}}", "{{Category}}"),
        (["user", "assistant", "label"], "{{user}}", "{{assistant}}", "{{label}}"),
        (["提问", "回复", "分类"], "{{提问}}", "{{回复}}", "{{分类}}"),
    ])
    func canonicalHeadersMapThemselves(columns: [String], user: String, assistant: String, category: String) throws {
        let mapper = try TableMapper(spec: MappingSpec(), header: TableHeader(columns: columns), file: "t.csv")
        let byField = Dictionary(uniqueKeysWithValues: mapper.notes.map { ($0.field, $0.template) })
        #expect(byField["user"] == user)
        #expect(byField["assistant"] == assistant)
        #expect(byField["category"] == category)
        #expect(mapper.notes.allSatisfy { $0.how == "column name" })
    }

    @Test func unmappableTableIsAClearError() {
        do {
            _ = try TableMapper(spec: MappingSpec(), header: TableHeader(columns: ["foo", "bar"]), file: "t.csv")
            Issue.record("mapped")
        } catch {
            #expect(error.kind == .badMapping)
            #expect(error.message.contains("--user"))
            #expect(error.message.contains("foo, bar"))
        }
    }

    @Test func mapsARowToAChatRecord() throws {
        let mapper = try TableMapper(spec: MappingSpec(system: FieldTemplate("客服")), header: header, file: "faq.csv")
        let row = TableRow(header: header, values: ["  如何退货？ ", "7天内。\u{3000}", "售后", "", ""],
                           source: SourceLocation(file: "faq.csv", line: 7))
        let record = try mapper.map(row).get()
        #expect(record.category == "售后")
        #expect(record.source.description == "faq.csv:7")
        #expect(record.example == .conversation(Conversation(system: "客服", messages: [
            Message(.user, "如何退货？"), Message(.assistant, "7天内。")])))
    }

    @Test(arguments: [
        (["", "answer"], "map.empty_user"),
        (["q", "  "], "map.empty_assistant"),
        (["\u{3000}", ""], "map.empty_user_and_assistant"),
    ])
    func emptyTurnsAreRejected(values: [String], reason: String) throws {
        let header = TableHeader(columns: ["question", "answer"])
        let mapper = try TableMapper(spec: MappingSpec(), header: header, file: "f.csv")
        let result = mapper.map(TableRow(header: header, values: values, source: SourceLocation(file: "f.csv", line: 3)))
        guard case .failure(let reject) = result else {
            Issue.record("not rejected")
            return
        }
        #expect(reject.reason == reason)
        #expect(reject.source.line == 3)
        #expect(reject.fields.map(\.key) == ["question", "answer"])
    }

    @Test func recipesParseWithTheFlagKeys() throws {
        let recipe = try Recipe.parse("""
            description: FAQ
            to: chat
            user: "{{问题}}"
            validation: 0.1
            seed: 7
            strict: true
            """)
        #expect(recipe.user == "{{问题}}")
        #expect(recipe.validation == .fraction(0.1))
        #expect(recipe.seed == 7)
        #expect(recipe.strict == true)
        #expect(throws: RecipeError.self) { try Recipe.parse("usr: x") }
        #expect(throws: RecipeError.self) { try Recipe.parse("- a\n- b") }
    }

    @Test func bundledRecipeLoadsByName() throws {
        let recipe = try Recipe.load(nameOrPath: "customer-service-faq",
                                     folder: Fixture.repositoryRoot.appendingPathComponent("Converters").path)
        #expect(recipe.format == .chat)
        #expect(recipe.user == "{{问题}}")
    }
}

/// Templates nested past what a mapping needs are refused before they reach the recursive renderer.
@Suite("Template nesting")
struct TemplateNestingTests {
    private static func nested(_ depth: Int) -> String {
        String(repeating: "{{#a}}", count: depth) + "{{b}}" + String(repeating: "{{/a}}", count: depth)
    }

    @Test(arguments: [1, 3, FieldTemplate.maxSectionDepth])
    func shallowSectionsRender(depth: Int) throws {
        let template = try FieldTemplate(Self.nested(depth))
        let bound = template.bind(to: TableHeader(columns: ["a", "b"]))
        #expect(bound.render(["yes", "answer"]) == "answer")
        #expect(bound.render(["", "answer"]) == "")
    }

    /// 3,000 levels once overflowed the stack (SIGSEGV); now a one-line mapping error.
    @Test(arguments: [FieldTemplate.maxSectionDepth + 1, 200, 3_000])
    func deepSectionsAreRefused(depth: Int) {
        do {
            _ = try FieldTemplate(Self.nested(depth))
            Issue.record("a template \(depth) deep was accepted")
        } catch {
            #expect(error.kind == .badMapping)
            #expect(error.message.contains("nested more than \(FieldTemplate.maxSectionDepth) deep"))
            #expect(error.message.count < 300)
        }
    }

    /// Sections side by side are not nesting.
    @Test func siblingSectionsAreNotNesting() throws {
        let text = String(repeating: "{{#a}}x{{/a}}", count: 100)
        let bound = try FieldTemplate(text).bind(to: TableHeader(columns: ["a"]))
        #expect(bound.render(["1"]) == String(repeating: "x", count: 100))
    }
}
