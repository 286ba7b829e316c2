/// What to do about each reject code convert emits, in one sentence naming the flag or the data to change:
/// the `fix` of the report's `reject_reasons` and of the console summary.
public enum RejectFix {
    /// The sentence for `code`: its own, else its family's (`img.…`, `csv.…`), else a general one.
    public static func sentence(for code: String) -> String {
        if let sentence = byCode[code] { return sentence }
        if code.hasPrefix("map.empty_") {
            return "fill the empty cells, or point the template of that field at the column that holds the text (--user, --assistant …)"
        }
        let family = code.split(separator: ".").first.map(String.init) ?? code
        return byFamily[family] ?? "correct the record at the first location; tunekit validate explains the rule (\(code))"
    }

    private static let byCode: [String: String] = [
        "map.local_image": "add --image-mode base64 (and --image-root DIR if the pictures are elsewhere)",
        "map.image_reference": "put an http(s) URL or the path of a picture file in the image column",
        "map.cell_picture": "put text in the mapped cells, or read the workbook's pictures with --image-mode base64",
        "map.identical_preference": "give each row a rejected reply that differs from the chosen one",
        "map.arguments_not_object": "make the call arguments render to a JSON object such as {\"city\":\"北京\"}",
        "map.unknown_function": "name only functions defined in the --tools file, or add the missing definition",
        "csv.ragged_row": "quote fields that hold the delimiter, or fix the row's number of fields (--delimiter if it was guessed wrong)",
        "csv.row_too_long": "close the quote that runs on, or split the oversized row",
        "csv.text_after_quote": "double the quotes inside quoted fields (\"\" for \"), or remove the text after the closing quote",
        "csv.unterminated_quote": "close the open quote in the row, or remove the stray quote character",
        "csv.undecodable": "pass the file's encoding with --encoding (gbk, utf-16le …) or save it as UTF-8",
        "sheet.extra_cells": "move the cells right of the last named column under a header, or delete them",
        "jsonl.parse": "fix the JSON of the line (tunekit repair rewrites common slips)",
        "jsonl.not_object": "make each line one JSON object",
        "jsonl.shape": "give the record the keys of a platform format (messages, or input/preferred_output …), or pass --to",
        "chat.no_exchange": "keep at least one user turn answered by an assistant turn (--speaker NAME=assistant names who answers)",
        "chat.roles_undecided": "name who answers with --me NAME or --speaker NAME=assistant",
        "chat.no_messages": "give the chat at least one text message, or leave it out of the export",
        "chat.empty_chat": "give the chat at least one text message, or leave it out of the export",
        "chat.empty_conversation": "give the conversation at least one text message, or leave it out of the export",
        "kto.unpaired": "give each prompt both a reply labelled true and one labelled false, or convert with --to chat",
        "kto.undesired": "a reply labelled false is never a target; pair it with a true reply to the same prompt for --to dpo",
        "dpo.outputs_identical": "give each pair a rejected reply that differs from the chosen one",
        "img.missing": "check the picture's path, or pass --image-root DIR where the pictures are",
        "img.path_escape": "keep picture paths inside --image-root, or pass the folder that holds them as --image-root",
        "img.unreadable": "check the picture file's permissions and that it is a file",
        "img.file_too_large": "shrink the picture file before converting",
        "img.not_an_image": "replace the file with a JPEG or PNG picture",
        "img.unsupported_format": "save the picture as JPEG or PNG",
        "img.corrupt": "replace the damaged picture file",
        "img.truncated": "replace the picture with a complete copy (its end is missing), or add --accept-truncated to take it with the missing part gray",
        "img.corrupt_data": "replace the picture with an undamaged copy (its coded data is corrupt), or add --accept-truncated to take it with the damaged part as the decoder guesses it",
        "map.loss_weight": "set loss_weight 1 on the assistant turns to learn, or end the conversation before the reply not to learn: the platform trains every assistant turn",
        "img.decode": "replace the damaged picture with an undamaged copy (--image-mode base64 decodes every picture and names what is wrong with it)",
        "img.count": "give each record only as many pictures as the platform takes per example (the message names the cap): split a conversation about several pictures into one record per picture",
        "img.too_many_pixels": "shrink the picture, or lower --max-pixels/--max-side",
        "img.over_budget": "raise --max-image-bytes, or lower --max-side or --quality",
        "img.encode_failed": "re-save the picture as a plain JPEG or PNG",
        "img.write_failed": "make the --image-out folder writable and check the disk's free space",
        "content.special_tokens": "remove model control tokens such as <|user|> from the text",
        "reason.dialect_tags": "move the <think>…</think> text into the reasoning column (--reasoning)",
        "clean.contaminated": "the evaluation set (--against) already asks this; leave the record out of training or rewrite its question (the message names the evaluation record)",
        "clean.conflict": "decide which answer is right and correct the other records of that prompt (the message names the first); --conflicts keep writes them all",
        "lint.blocklist": "remove or reword the blocked text, or drop such records with --drop-flagged lint.blocklist",
        "lint.personal_data": "convert with --redact to replace personal data with placeholders, or remove it from the input",
        "lint.refusal": "replace the refusal with the answer the model should give, or drop such records with --drop-flagged lint.refusal",
        "lint.cut_off": "complete the answer (the input cell or export was probably cut), or drop such records with --drop-flagged lint.cut_off",
        "lint.language_mismatch": "answer in the question's language, or drop such records with --drop-flagged lint.language_mismatch",
        "lint.short_answer": "check the answer is complete (a cut cell, a placeholder such as 好的), or drop such records with --drop-flagged lint.short_answer",
        "lint.repeated_rejected": "give each pair a rejected answer written for its prompt; a canned one teaches little",
    ]

    private static let byFamily: [String: String] = [
        "img": "fix or replace the picture at the first location (--image-mode, --image-root and --max-side decide how pictures are read)",
        "struct": "give the record the keys and types of the output format (tunekit validate explains each rule)",
        "role": "order the turns as the format requires: system first, then user and assistant alternating, ending with the assistant",
        "tool": "check the call names, arguments and results against the --tools definitions",
        "dpo": "give each record a user prompt, one chosen and one rejected assistant reply",
        "reason": "put the reasoning text in the assistant turn's reasoning (--reasoning)",
        "chat": "check who speaks in the log (--me, --speaker NAME=user|assistant|skip)",
        "csv": "fix the row at the first location, or pass --delimiter/--encoding if they were guessed wrong",
        "enc": "save the input as UTF-8, or pass --encoding",
    ]
}
