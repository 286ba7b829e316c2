/// Column names that map themselves to a role or field when no template is given for it.
///
/// Matching ignores case, surrounding white space, `_`, `-` and spaces: `System Prompt`, `system_prompt`
/// and `systemprompt` are the same name.
public enum ColumnAliases {
    /// The fields a table column can fill.
    public enum Field: String, Sendable, CaseIterable, Hashable {
        /// The system prompt, the turns, the category, and the thinking, DPO and image fields.
        case system, user, assistant, category, reasoning, chosen, rejected, prompt, image
        /// The called function's name (tools, thinking with calls).
        case callName = "call_name"
        /// The call's arguments as JSON text.
        case callArguments = "call_arguments"
        /// The function's result, the `tool` turn.
        case toolResult = "tool_result"
    }

    /// Known names per field, most specific first.
    package static let names: [Field: [String]] = [
        .system: ["system", "systemprompt", "system message", "系统", "系统提示", "系统提示词", "人设", "角色设定"],
        .user: ["user", "question", "query", "instruction", "input", "ask", "问题", "用户", "提问", "问",
                "用户问题", "客户问题", "咨询", "咨询内容", "问句", "指令", "输入", "问题描述"],
        .assistant: ["assistant", "answer", "response", "reply", "output", "completion", "答案", "回答", "助手", "答",
                     "回复", "客服回复", "标准答案", "答复", "输出", "解答", "参考答案"],
        .category: ["category", "label", "topic", "class", "type", "类别", "分类", "类型", "标签", "主题", "业务类型"],
        .reasoning: ["reasoning", "reasoningcontent", "thinking", "thought", "思考", "思考过程", "推理", "推理过程", "思维链"],
        .chosen: ["chosen", "preferred", "preferredoutput", "good", "goodanswer", "好回答", "优选回答", "更好的回答", "正例"],
        .rejected: ["rejected", "nonpreferred", "nonpreferredoutput", "bad", "badanswer", "差回答", "较差回答", "更差的回答", "负例"],
        .prompt: ["prompt", "提示词", "描述", "画面描述", "图片描述"],
        .image: ["image", "imageurl", "img", "url", "picture", "photo", "图片", "图片链接", "图片地址", "图像", "图片url"],
        .callName: ["callname", "functionname", "toolname", "function", "函数名", "工具名", "函数"],
        .callArguments: ["callarguments", "arguments", "functionarguments", "args", "参数", "调用参数"],
        .toolResult: ["toolresult", "functionresult", "result", "observation", "调用结果", "工具结果", "返回结果", "结果"],
    ]

    /// Names too common to say which format a table is for (`url` may be a link, `result` an outcome): they
    /// still map a field the format reads, but neither decide the format nor count as another format's column.
    package static let generic: Set<String> = [
        "url", "result", "function", "arguments", "args", "good", "bad", "thought", "input", "output",
        "描述", "结果", "函数", "参数",
    ]

    /// The header column named for `field` by a name that is not ``generic``, if any.
    package static func distinctiveColumn(for field: Field, in header: TableHeader) -> String? {
        let keys = header.columns.map(key)
        for alias in names[field] ?? [] where !generic.contains(alias) {
            if let index = keys.firstIndex(of: key(alias)) { return header.columns[index] }
        }
        return nil
    }

    /// The comparison key of a column name.
    package static func key(_ name: String) -> String {
        String(name.lowercased().filter { !$0.isWhitespace && $0 != "_" && $0 != "-" })
    }

    /// Names of the prompt column in preference data (TRL's and most DPO datasets' `prompt`, `chosen`,
    /// `rejected`): in a format without an image prompt, such a column is the user turn when no column is named
    /// for the user.
    package static let promptAsUser = ["prompt", "提示词"]

    /// The header column `field` maps to by name when the output is `format`: ``column(for:in:)``, and for the
    /// user turn of a format that reads no image prompt (dpo, chat …) a ``promptAsUser`` column after the user
    /// names.
    package static func column(for field: Field, in header: TableHeader, format: OutputFormat) -> String? {
        if let column = column(for: field, in: header) { return column }
        guard field == .user, !format.unit.fields(calls: true).contains(.prompt) else { return nil }
        let keys = header.columns.map(key)
        for alias in promptAsUser {
            if let index = keys.firstIndex(of: key(alias)) { return header.columns[index] }
        }
        return nil
    }

    /// The header column that a field maps to by name, if any.
    package static func column(for field: Field, in header: TableHeader) -> String? {
        let keys = header.columns.map(key)
        for alias in names[field] ?? [] {
            if let index = keys.firstIndex(of: key(alias)) { return header.columns[index] }
        }
        return nil
    }
}
