/// The words of the workbook templates: each format's worked example, each column's note in Chinese and
/// English, and the rules that apply to the whole sheet.
enum WorkbookTemplateText {
    /// The worked example row of `format` by field (the same as the first row of `Templates/FORMAT.csv`).
    static func example(for format: OutputFormat) -> [ColumnAliases.Field: String] {
        let shop = "你是一家网店的客服助手，回答要准确、简洁、礼貌。"
        switch format {
        case .chat:
            return [.system: shop, .user: "退货需要多久到账？", .assistant: "退货签收后 1–3 个工作日内原路退回。", .category: "退换货"]
        case .thinking:
            return [.system: "你是一家网店的客服助手，先想清楚再回答。", .user: "我 3 月 1 日签收的衣服，3 月 9 日还能退吗？",
                    .reasoning: "七天无理由退货从签收次日起算，3 月 2 日到 3 月 8 日是七天，3 月 9 日已超过期限；但质量问题不受七天限制。",
                    .assistant: "很抱歉，七天无理由退货已在 3 月 8 日截止；如果衣服有质量问题，仍可申请售后。", .category: "退换货"]
        case .dpo:
            return [.system: "你是一家网店的客服助手。", .user: "快递三天没更新了怎么办？",
                    .chosen: "很抱歉让您久等了。请把订单号发给我，我马上联系快递核实，今天内给您答复。",
                    .rejected: "不知道，你自己问快递吧。", .category: "物流"]
        case .imageGen:
            return [.prompt: "一只蓝色的电热水壶，白色背景，产品摄影", .image: "https://example.com/images/kettle-blue.jpg", .category: "家电"]
        case .vision:
            return [.system: "你是网店的商品顾问，根据图片回答顾客的问题。", .user: "图中是什么商品？",
                    .image: "https://example.com/images/kettle-blue.jpg", .assistant: "这是一只蓝色电热水壶，1.7 升，带黄色指示灯。",
                    .category: "家电"]
        case .tools:
            return [.system: "你是一家网店的客服助手，可以查询订单。", .user: "帮我查一下订单 20240301-8812 到哪了",
                    .callName: "get_order_status", .callArguments: "{\"order_id\": \"20240301-8812\"}",
                    .toolResult: "{\"status\": \"已发货\", \"carrier\": \"顺丰\", \"eta\": \"3 月 5 日\"}",
                    .assistant: "您的订单已由顺丰发出，预计 3 月 5 日送达。", .category: "订单"]
        }
    }

    /// The tools sheet's example function (the one of `Templates/tools.json`).
    static let exampleTool = [
        "get_order_status", "查询订单的物流状态 / Look up an order's shipping status",
        "{\"type\": \"object\", \"properties\": {\"order_id\": {\"type\": \"string\", \"description\": \"订单号 / order number\"}}, \"required\": [\"order_id\"]}",
    ]

    /// A column's width in characters.
    static func width(_ field: ColumnAliases.Field) -> Double {
        switch field {
        case .category, .callName: return 16
        case .system, .user, .prompt, .image, .callArguments, .toolResult: return 36
        case .assistant, .reasoning, .chosen, .rejected: return 48
        }
    }

    /// What goes in a column, in Chinese and in English.
    static func note(for field: ColumnAliases.Field, in format: OutputFormat) -> (chinese: String, english: String) {
        switch field {
        case .system:
            return ("系统提示词（人设），可以留空。只在第一行填写即可：设置表的 system_from_first_row 为 yes（默认）时，第一行的系统提示词用于之后所有 system 为空的行。",
                    "The system prompt (the assistant's role); may be left empty. Filling it in the first row is enough: with system_from_first_row = yes on the settings sheet (the default), the first row's system prompt applies to every later row whose system cell is empty.")
        case .user:
            return ("用户的提问，一行一个问题。", "The user's question, one per row.")
        case .assistant:
            return format == .tools
                ? ("拿到函数结果后给用户的最终回答。", "The final reply to the user, after the function's result.")
                : ("希望模型给出的回答。", "The reply the model should learn to give.")
        case .category:
            return ("类别，可以留空。用于报告中的分类统计，并按类别分层划分验证集。", "The category; may be left empty. The report counts records by it, and the validation split is stratified by it.")
        case .reasoning:
            return ("回答之前的思考过程（写入 reasoning_content）。", "The thinking before the reply (written as reasoning_content).")
        case .chosen:
            return ("更好的回答（preferred_output）。", "The better reply (preferred_output).")
        case .rejected:
            return ("较差的回答（non_preferred_output），必须与 chosen 不同。", "The worse reply (non_preferred_output); it must differ from chosen.")
        case .prompt:
            return ("画面描述：生成这张图片的提示词。", "The picture's description: the prompt that should produce the image.")
        case .image:
            return ("图片：http(s) 链接；或本地图片路径、或直接插入单元格的图片（转换时加 --image-mode base64）。图片会按 EXIF 转正，最长边缩到 1024 像素，重新编码为 JPEG，base64 后不超过 5 MB。",
                    "The picture: an http(s) URL; or a local file's path, or a picture placed in the cell (convert with --image-mode base64). It is turned upright by its EXIF orientation, resized to at most 1024 px on its longer side and re-encoded as JPEG within 5 MB of base64.")
        case .callName:
            return ("调用的函数名，从下拉列表选择：必须是 tools 表中某一行的 name。", "The function called, from the drop-down list: a name on the tools sheet.")
        case .callArguments:
            return ("调用参数：一个 JSON 对象，例如 {\"order_id\": \"123\"}，须符合该函数在 tools 表中的 parameters。",
                    "The call's arguments: a JSON object such as {\"order_id\": \"123\"}, matching the function's parameters on the tools sheet.")
        case .toolResult:
            return ("函数返回的结果（文本或 JSON），写入 tool 消息。", "What the function returned (text or JSON), written as the tool turn.")
        }
    }

    /// Rows for the notes sheet after the columns: how to convert, and the format's fixed values.
    static func generalNotes(for format: OutputFormat) -> [[String]] {
        var rows: [[String]] = [
            ["(转换 convert)", "", "填好后保存（xlsx 或原格式），运行：tunekit convert 文件 -o out。列名已是标准列名，无需任何参数；格式由列决定。只读取第一张表（数据表）。",
             "Save it (as .xlsx or as it is) and run: tunekit convert FILE -o out. The columns have the canonical names, so no flag is needed; the columns decide the format. Only the first sheet (the data sheet) is read as data."],
            ["(示例 example)", "", "第二行是示例，请替换或删除；空行会被跳过。", "Row 2 is an example: replace or delete it. Empty rows are skipped."],
        ]
        if format == .tools {
            rows.append(["(tools)", "", "函数定义写在 tools 表：每行一个函数，name（字母、数字、_ 或 -，最多 64 个），description，parameters（JSON Schema 对象）。不需要单独的 tools.json；若同时给了 --tools，以 --tools 为准。",
                         "The functions are defined on the tools sheet, one per row: name (letters, digits, _ or -, at most 64), description, parameters (a JSON Schema object). No separate tools.json is needed; --tools, when given, is used instead."])
        } else {
            rows.append(["(下拉列表 lists)", "", "本格式没有取值固定的列，因此数据表没有下拉列表；设置表的 yes/no 有下拉列表。",
                         "No column of this format takes fixed values, so the data sheet has no drop-down lists; the settings sheet's yes/no has one."])
        }
        return rows
    }
}
