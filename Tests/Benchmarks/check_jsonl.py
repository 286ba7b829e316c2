#!/usr/bin/env python3
"""Python peer for benchmarking `tunekit validate`.

This is the checker a competent Python engineer would write to validate Zhipu BigModel
(OpenAI-compatible) fine-tuning JSONL files before upload: it streams the file in binary, line by
line, parses each line with orjson and applies the same rules TuneKit checks for the `chat`,
`thinking`, `tools` and `dpo` formats (shared/formats/FORMATS.md; the codes and severities are the
"zp" column of shared/formats/RULES.md section 2). It is the baseline TuneKit's speed is compared
against, so it is kept straightforward and correct rather than clever. Memory stays flat: only the
current line and a few per-line sets are held.

Usage:
    check_jsonl.py FILE [--format chat|thinking|tools|dpo]

Output: one line per problem, `FILE:LINE: [code] message (at /json/pointer)` (warnings say
`warning:` before the code; file-level problems have no line), then the summary
`FILE: N records, E errors, W warnings, T seconds, X MB/s`. T is measured from opening the file
to the end of the checks (interpreter start-up and imports excluded). Exit status: 0 no errors,
1 errors found, 2 bad usage or unreadable file.
"""

import argparse
import os
import re
import sys
import time

import orjson

MAX_FILE_BYTES = 100 * 1_000_000  # BigModel upload limit (file.too_large)
MIN_RECORDS = 300                 # "at least a few hundred records" (limit.examples_min)
BOM = b"\xef\xbb\xbf"
TOOL_NAME = re.compile(r"[a-zA-Z0-9_-]{1,64}")  # used with fullmatch

ERROR = "error"
WARNING = "warning"

CHAT_ROLES = frozenset(("system", "user", "assistant"))
TOOL_ROLES = frozenset(("system", "user", "assistant", "tool"))

# Per format: allowed top-level keys, allowed roles, allowed message keys.
TOP_KEYS = {
    "chat": frozenset(("messages",)),
    "thinking": frozenset(("messages",)),
    "tools": frozenset(("messages", "tools")),
}
ROLES = {"chat": CHAT_ROLES, "thinking": CHAT_ROLES, "tools": TOOL_ROLES}
MESSAGE_KEYS = {
    "chat": frozenset(("role", "content")),
    "thinking": frozenset(("role", "content", "reasoning_content")),
    # thinking + tools (examples/thinking-tools.jsonl) is accepted in the tools format.
    "tools": frozenset(("role", "content", "tool_calls", "tool_call_id", "reasoning_content")),
}
DPO_KEYS = ("input", "preferred_output", "non_preferred_output")
DPO_TOP_KEYS = frozenset(DPO_KEYS)
DPO_INPUT_MESSAGE_KEYS = frozenset(("role", "content", "tool_calls", "tool_call_id"))


def kind(value):
    """A JSON type name for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def is_blank(text):
    return not text.strip()


class Checker:
    def __init__(self, path, fmt, out):
        self.path = path
        self.fmt = fmt
        self.out = out
        self.errors = 0
        self.warnings = 0
        self.records = 0
        self.blank_lines = 0
        self.line = 0

    # ---- reporting -------------------------------------------------------------------------

    def report(self, severity, code, message, pointer=""):
        if severity == ERROR:
            self.errors += 1
            level = ""
        else:
            self.warnings += 1
            level = "warning: "
        where = f" (at {pointer})" if pointer else ""
        self.out.write(f"{self.path}:{self.line}: {level}[{code}] {message}{where}\n")

    def report_file(self, severity, code, message):
        if severity == ERROR:
            self.errors += 1
            level = ""
        else:
            self.warnings += 1
            level = "warning: "
        self.out.write(f"{self.path}: {level}[{code}] {message}\n")

    # ---- file ------------------------------------------------------------------------------

    def run(self):
        size = os.path.getsize(self.path)
        with open(self.path, "rb", buffering=1 << 20) as f:
            for raw in f:
                self.line += 1
                if self.line == 1 and raw.startswith(BOM):
                    self.report(WARNING, "enc.bom",
                                "the file starts with a UTF-8 byte-order mark; many validators fail on it")
                    raw = raw[3:]
                self.check_line(raw)
        if self.records == 0 and self.errors == self.blank_lines:
            self.report_file(ERROR, "file.empty", "the file holds no records")
        elif 0 < self.records < MIN_RECORDS:
            self.report_file(WARNING, "limit.examples_min",
                             f"{self.records} records; the platform advises at least a few hundred")
        if size > MAX_FILE_BYTES:
            self.report_file(ERROR, "file.too_large",
                             f"the file is {size / 1e6:.1f} MB; the platform accepts at most "
                             f"{MAX_FILE_BYTES // 1_000_000} MB per file (split it)")
        return size

    def check_line(self, raw):
        if not raw or raw.isspace():
            self.blank_lines += 1
            self.report(ERROR, "json.blank_line", "blank line (every line must hold one JSON object)")
            return
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as e:
            self.report(ERROR, "json.parse", f"invalid JSON: {e}")
            return
        self.records += 1
        if not isinstance(obj, dict):
            self.report(ERROR, "json.not_object", f"the line is {kind(obj)}, not a JSON object")
            return
        if self.fmt == "dpo":
            self.check_dpo(obj)
        else:
            self.check_conversation(obj)

    # ---- chat / thinking / tools -----------------------------------------------------------

    def check_conversation(self, obj):
        fmt = self.fmt
        allowed_top = TOP_KEYS[fmt]
        for key in obj:
            if key not in allowed_top:
                if key == "tools":
                    self.report(ERROR, "struct.unknown_top_key",
                                "\"tools\" belongs in a function-calling dataset (--format tools)", "/tools")
                else:
                    self.report(ERROR, "struct.unknown_top_key",
                                f"unknown top-level key \"{key}\"", "/" + key)

        tool_names = None
        if fmt == "tools" and "tools" in obj:
            tool_names = self.check_tool_defs(obj["tools"])

        if "messages" not in obj:
            self.report(ERROR, "struct.missing_key", "missing key \"messages\"")
            return
        messages = obj["messages"]
        if not isinstance(messages, list):
            self.report(ERROR, "struct.messages_type",
                        f"\"messages\" must be an array, not {kind(messages)}", "/messages")
            return
        if not messages:
            self.report(ERROR, "struct.messages_type", "\"messages\" is empty", "/messages")
            return

        allowed_roles = ROLES[fmt]
        allowed_keys = MESSAGE_KEYS[fmt]
        tools_fmt = fmt == "tools"
        reasoning = fmt != "chat"
        call_ids = set()     # ids of the calls made so far in this line
        roles = []           # role per message (None when unknown/invalid)
        calls = []           # whether the message carries tool_calls
        for index, message in enumerate(messages):
            if not isinstance(message, dict):
                self.report(ERROR, "struct.message_type",
                            f"a message must be an object, not {kind(message)}", f"/messages/{index}")
                roles.append(None)
                calls.append(False)
                continue
            role = self.check_message(message, "/messages", index, allowed_roles, allowed_keys,
                                      tools_fmt, reasoning)
            has_calls = tools_fmt and "tool_calls" in message
            if tools_fmt:
                pointer = f"/messages/{index}"
                if has_calls:
                    self.check_tool_calls(message["tool_calls"], role, pointer, tool_names, call_ids)
                if role == "tool":
                    self.check_tool_result(message, pointer, call_ids)
            roles.append(role)
            calls.append(has_calls)
        self.check_order(roles, calls, "/messages", final=True)

    def check_message(self, message, base, index, allowed_roles, allowed_keys, tools_fmt, reasoning):
        """Role, keys, content (and reasoning_content) of one message; returns the valid role or None."""
        role = None
        if "role" not in message:
            self.report(ERROR, "struct.missing_role", "the message has no \"role\"", f"{base}/{index}")
        else:
            value = message["role"]
            if not isinstance(value, str):
                self.report(ERROR, "struct.role_type",
                            f"\"role\" must be a string, not {kind(value)}", f"{base}/{index}/role")
            elif value not in allowed_roles:
                self.report(ERROR, "role.unknown",
                            f"unknown role \"{value}\" (allowed: {', '.join(sorted(allowed_roles))})",
                            f"{base}/{index}/role")
            else:
                role = value

        for key in message:
            if key not in allowed_keys:
                self.report(WARNING, "struct.unknown_message_key",
                            f"unknown message key \"{key}\"", f"{base}/{index}/{key}")

        has_calls = tools_fmt and role == "assistant" and "tool_calls" in message
        content = message.get("content")
        if content is None:
            # Absent or null. An assistant message that makes tool calls may omit its content.
            if not has_calls:
                what = "has no \"content\"" if "content" not in message else "has \"content\": null"
                self.report(ERROR, "struct.missing_content", f"the message {what}", f"{base}/{index}")
        elif not isinstance(content, str):
            code = "tool.content_type" if role == "tool" else "struct.content_type"
            self.report(ERROR, code, f"\"content\" must be a string, not {kind(content)}",
                        f"{base}/{index}/content")
        elif (not content or content.isspace()) and not has_calls:
            severity = ERROR if role == "assistant" else WARNING
            self.report(severity, "struct.content_empty",
                        f"{role + ' ' if role else ''}content is empty", f"{base}/{index}/content")

        if reasoning and "reasoning_content" in message:
            value = message["reasoning_content"]
            if not isinstance(value, str):
                self.report(ERROR, "reason.type",
                            f"\"reasoning_content\" must be a string, not {kind(value)}",
                            f"{base}/{index}/reasoning_content")
            if role is not None and role != "assistant":
                self.report(ERROR, "reason.role",
                            f"\"reasoning_content\" is only allowed on assistant messages, not {role}",
                            f"{base}/{index}/reasoning_content")
        return role

    def check_order(self, roles, calls, base, final):
        """Role order. `final` is False for DPO input (it ends before the compared reply)."""
        saw_system = False
        first_turn_checked = False
        previous = None
        previous_calls = False
        for index, role in enumerate(roles):
            if role is None:
                previous = None
                continue
            if role == "system":
                if saw_system:
                    self.report(ERROR, "role.multiple_system", "more than one system message", f"{base}/{index}")
                elif index != 0:
                    self.report(ERROR, "role.system_position", "the system message must come first", f"{base}/{index}")
                saw_system = True
            else:
                if not first_turn_checked and role != "user":
                    self.report(ERROR, "role.first_turn",
                                f"the first message after the system prompt must be from the user, not {role}",
                                f"{base}/{index}")
                first_turn_checked = True
                if role == previous:
                    # Tool calls: several results in a row, or an assistant turn next to a call turn.
                    exempt = role == "tool" or (role == "assistant" and (calls[index] or previous_calls))
                    if not exempt:
                        self.report(WARNING, "role.consecutive",
                                    f"two {role} messages in a row (user and assistant should alternate)",
                                    f"{base}/{index}")
            previous = role
            previous_calls = calls[index]
        if not final:
            return
        if "assistant" not in roles:
            self.report(ERROR, "role.no_assistant", "no assistant message: the line teaches nothing", base)
        else:
            last = roles[-1]
            if last is not None and last != "assistant":
                self.report(WARNING, "role.last_not_assistant",
                            f"the last message is from the {last}, not the assistant: that turn teaches nothing",
                            f"{base}/{len(roles) - 1}")

    # ---- tools -----------------------------------------------------------------------------

    def check_tool_defs(self, tools):
        """Checks the top-level `tools`; returns the set of defined function names."""
        names = set()
        if not isinstance(tools, list) or not tools:
            what = "is empty" if isinstance(tools, list) else f"must be a non-empty array, not {kind(tools)}"
            self.report(ERROR, "tool.tools_type", f"\"tools\" {what}", "/tools")
            return names
        for index, tool in enumerate(tools):
            pointer = f"/tools/{index}"
            if not isinstance(tool, dict):
                self.report(ERROR, "tool.def_shape", f"a tool definition must be an object, not {kind(tool)}", pointer)
                continue
            problems = []
            if tool.get("type") != "function":
                problems.append("\"type\": \"function\"")
            function = tool.get("function")
            name = None
            if not isinstance(function, dict):
                problems.append("a \"function\" object")
            else:
                name = function.get("name")
                if not isinstance(name, str):
                    problems.append("function.name (string)")
                    name = None
                if not isinstance(function.get("description"), str):
                    problems.append("function.description (string)")
                if not isinstance(function.get("parameters"), dict):
                    problems.append("function.parameters (object)")
            if problems:
                self.report(ERROR, "tool.def_shape",
                            "the tool definition needs " + ", ".join(problems), pointer)
            if name is not None:
                if not TOOL_NAME.fullmatch(name):
                    self.report(ERROR, "tool.name_invalid",
                                f"function name \"{name}\" must match ^[a-zA-Z0-9_-]{{1,64}}$",
                                pointer + "/function/name")
                if name in names:
                    self.report(ERROR, "tool.name_duplicate",
                                f"function \"{name}\" is defined twice", pointer + "/function/name")
                names.add(name)
        return names

    def check_tool_calls(self, tool_calls, role, pointer, tool_names, call_ids):
        base = pointer + "/tool_calls"
        if role is not None and role != "assistant":
            self.report(ERROR, "tool.call_shape", f"only assistant messages make tool calls, not {role}", base)
        if not isinstance(tool_calls, list) or not tool_calls:
            what = "is empty" if isinstance(tool_calls, list) else f"must be a non-empty array, not {kind(tool_calls)}"
            self.report(ERROR, "tool.call_shape", f"\"tool_calls\" {what}", base)
            return
        for index, call in enumerate(tool_calls):
            cp = f"{base}/{index}"
            if not isinstance(call, dict):
                self.report(ERROR, "tool.call_shape", f"a tool call must be an object, not {kind(call)}", cp)
                continue
            problems = []
            call_id = call.get("id")
            if not isinstance(call_id, str) or not call_id:
                problems.append("\"id\" (non-empty string)")
                call_id = None
            if call.get("type") != "function":
                problems.append("\"type\": \"function\"")
            function = call.get("function")
            name = None
            if not isinstance(function, dict):
                problems.append("a \"function\" object")
                function = None
            else:
                name = function.get("name")
                if not isinstance(name, str):
                    problems.append("function.name (string)")
                    name = None
                if "arguments" not in function:
                    problems.append("function.arguments")
            if problems:
                self.report(ERROR, "tool.call_shape", "the tool call needs " + ", ".join(problems), cp)
            if function is not None and "arguments" in function:
                arguments = function["arguments"]
                if not isinstance(arguments, str):
                    self.report(ERROR, "tool.arguments_type",
                                f"\"arguments\" must be a string holding JSON, not {kind(arguments)}",
                                cp + "/function/arguments")
                else:
                    try:
                        parsed = orjson.loads(arguments)
                    except orjson.JSONDecodeError as e:
                        self.report(ERROR, "tool.arguments_json",
                                    f"\"arguments\" is not valid JSON: {e}", cp + "/function/arguments")
                    else:
                        if not isinstance(parsed, dict):
                            self.report(ERROR, "tool.arguments_json",
                                        f"\"arguments\" must hold a JSON object, not {kind(parsed)}",
                                        cp + "/function/arguments")
            if name is not None and (tool_names is None or name not in tool_names):
                self.report(ERROR, "tool.call_unknown_function",
                            f"the call names \"{name}\", which is not defined in \"tools\"",
                            cp + "/function/name")
            if call_id is not None:
                if call_id in call_ids:
                    self.report(ERROR, "tool.call_id_duplicate",
                                f"tool call id \"{call_id}\" is used twice", cp + "/id")
                call_ids.add(call_id)

    def check_tool_result(self, message, pointer, call_ids):
        if "tool_call_id" not in message:
            self.report(ERROR, "tool.result_missing_id", "the tool message has no \"tool_call_id\"", pointer)
            return
        call_id = message["tool_call_id"]
        if not isinstance(call_id, str):
            self.report(ERROR, "tool.result_unknown_id",
                        f"\"tool_call_id\" must be a string, not {kind(call_id)}", pointer + "/tool_call_id")
        elif call_id not in call_ids:
            self.report(ERROR, "tool.result_unknown_id",
                        f"\"tool_call_id\" \"{call_id}\" answers no earlier tool call", pointer + "/tool_call_id")

    # ---- dpo -------------------------------------------------------------------------------

    def check_dpo(self, obj):
        for key in obj:
            if key not in DPO_TOP_KEYS:
                self.report(ERROR, "struct.unknown_top_key", f"unknown top-level key \"{key}\"", "/" + key)
        for key in DPO_KEYS:
            if key not in obj:
                self.report(ERROR, "struct.missing_key", f"missing key \"{key}\"")

        if "input" in obj:
            self.check_dpo_input(obj["input"])

        outputs = []
        for key in ("preferred_output", "non_preferred_output"):
            if key in obj:
                outputs.append(self.check_dpo_output(obj[key], "/" + key))
        if len(outputs) == 2 and outputs[0] is not None and outputs[1] is not None:
            if " ".join(outputs[0].split()) == " ".join(outputs[1].split()):
                self.report(WARNING, "dpo.outputs_identical",
                            "the preferred and non-preferred outputs are identical", "/non_preferred_output/0/content")

    def check_dpo_input(self, value):
        if not isinstance(value, dict):
            self.report(ERROR, "dpo.input_type", f"\"input\" must be an object, not {kind(value)}", "/input")
            return
        if "tools" in value and not isinstance(value["tools"], list):
            self.report(ERROR, "dpo.tools_shape",
                        f"\"input.tools\" must be an array, not {kind(value['tools'])}", "/input/tools")
        if "parallel_tool_calls" in value and not isinstance(value["parallel_tool_calls"], bool):
            self.report(ERROR, "dpo.tools_shape",
                        f"\"parallel_tool_calls\" must be a boolean, not {kind(value['parallel_tool_calls'])}",
                        "/input/parallel_tool_calls")
        messages = value.get("messages")
        if not isinstance(messages, list) or not messages:
            if "messages" not in value:
                what = "is missing"
            elif isinstance(messages, list):
                what = "is empty"
            else:
                what = f"must be an array, not {kind(messages)}"
            self.report(ERROR, "dpo.input_type", f"\"input.messages\" {what}", "/input/messages")
            return
        roles = []
        calls = []
        for index, message in enumerate(messages):
            if not isinstance(message, dict):
                self.report(ERROR, "struct.message_type",
                            f"a message must be an object, not {kind(message)}", f"/input/messages/{index}")
                roles.append(None)
                calls.append(False)
                continue
            roles.append(self.check_message(message, "/input/messages", index, TOOL_ROLES, DPO_INPUT_MESSAGE_KEYS,
                                            tools_fmt=True, reasoning=False))
            calls.append("tool_calls" in message)
        self.check_order(roles, calls, "/input/messages", final=False)
        if roles[-1] == "assistant":
            self.report(ERROR, "dpo.input_last_assistant",
                        "the last input message is from the assistant; the input must end before the compared reply",
                        f"/input/messages/{len(roles) - 1}")

    def check_dpo_output(self, value, pointer):
        """Checks one output array; returns its content when it is a valid single assistant message."""
        if not isinstance(value, list):
            self.report(ERROR, "dpo.output_type", f"{pointer[1:]} must be an array, not {kind(value)}", pointer)
            return None
        if len(value) != 1:
            self.report(ERROR, "dpo.output_count",
                        f"{pointer[1:]} must hold exactly one message, not {len(value)}", pointer)
            return None
        message = value[0]
        mp = pointer + "/0"
        if not isinstance(message, dict):
            self.report(ERROR, "dpo.output_role", f"the output must be a message object, not {kind(message)}", mp)
            return None
        role = message.get("role")
        content = message.get("content")
        ok = True
        if role != "assistant":
            shown = f"\"{role}\"" if isinstance(role, str) else kind(role) if "role" in message else "missing"
            self.report(ERROR, "dpo.output_role", f"the output role must be assistant, not {shown}", mp + "/role")
            ok = False
        if not isinstance(content, str) or is_blank(content):
            what = ("missing" if "content" not in message else
                    "empty" if isinstance(content, str) else kind(content))
            self.report(ERROR, "dpo.output_role",
                        f"the output content must be a non-empty string, not {what}", mp + "/content")
            ok = False
        return content if ok else None


def main(argv=None):
    parser = argparse.ArgumentParser(description="Check a BigModel fine-tuning JSONL file (Python peer of tunekit validate).")
    parser.add_argument("file")
    parser.add_argument("--format", choices=("chat", "thinking", "tools", "dpo"), default="chat")
    args = parser.parse_args(argv)

    out = sys.stdout
    started = time.perf_counter()
    checker = Checker(args.file, args.format, out)
    try:
        size = checker.run()
    except OSError as e:
        print(f"{args.file}: cannot read: {e.strerror or e}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    rate = size / 1e6 / seconds if seconds > 0 else 0.0
    out.write(f"{args.file}: {checker.records} records, {checker.errors} errors, "
              f"{checker.warnings} warnings, {seconds:.3f} seconds, {rate:.1f} MB/s\n")
    out.flush()
    return 1 if checker.errors else 0


if __name__ == "__main__":
    sys.exit(main())
