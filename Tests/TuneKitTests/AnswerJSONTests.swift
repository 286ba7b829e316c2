import Testing
@testable import TuneKit

/// `--answer-json`: which answers are JSON, and what the reject says of those that are not.
@Suite("answer JSON check")
struct AnswerJSONTests {
    @Test(arguments: [
        (#"{"甲方":"杭州云帆科技有限公司","金额":12000}"#, nil),
        ("  [1, 2, 3]\n", nil),
        ("42", nil),
        ("```json\n{\"a\":1}\n```", "fence"),
        (#"{"a":1,}"#, "trailing comma"),
        ("{'a': 1}", "not valid JSON"),
        (#"{"a":1} {"b":2}"#, "not valid JSON"),
        ("", "not valid JSON"),
        ("甲方：杭州云帆", "not valid JSON"),
    ] as [(String, String?)])
    func answers(text: String, problem: String?) {
        let found = AnswerJSON.problem(text, what: "the answer")
        if let problem {
            #expect(found?.contains(problem) == true && found?.hasPrefix("the answer is not valid JSON (--answer-json)") == true, "\(found ?? "nil")")
        } else {
            #expect(found == nil, "\(found ?? "")")
        }
    }

    @Test func aSavedRecipeReadsBackToTheSameSettings() throws {
        var recipe = try Recipe.parse("""
            description: "引号 \\"和\\" 换行\\n"
            to: tools
            user: "{{问题}}：{{#库存}}有{{/库存}}"
            validation: 10%
            speaker: [客服=assistant, 顾客=user]
            session_gap: 45m
            answer_json: true
            max_image_bytes: 500k
            background: "#FFEEDD"
            crop: 512x384
            delimiter: tab
            sheet: "#3"
            """)
        recipe.origin = .file("-")
        let again = try Recipe.parse(recipe.yamlText(comments: ["a comment"]), origin: .file("-"))
        #expect(again == recipe)
        #expect(again.answerJSON == true && again.description == "引号 \"和\" 换行\n")
    }
}
