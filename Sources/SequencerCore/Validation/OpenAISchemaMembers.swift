// GENERATED from Tests/SequencerTestSupport/ProviderSchemas/openai-input.schema.json (OpenAI's
// published OpenAPI description, openai/openai-openapi commit f85dbe2, cut as that directory's
// README says). Do not edit by hand: regenerate with the Python below (run from the package
// root, its output replaces the two tables), and commit. `OpenAISchemaMembersTests` reads the
// same file through `ProviderSchema` and fails when a table and the file disagree.
//
//   (save the commented lines below as gen.py) python3 gen.py Tests/SequencerTestSupport/ProviderSchemas/openai-input.schema.json
//
//   import json, sys
//   d = json.load(open(sys.argv[1]))["$defs"]
//   declared = {"LocalShellToolCallOutput": ["call_id"]}  # ProviderSchema.requiredButUndeclared, .declaredString
//   def res(s):
//       while "$ref" in s: s = d[s["$ref"].split("/")[-1]]
//       return s
//   def named(s):
//       while "$ref" in s:
//           n = s["$ref"].split("/")[-1]; s = d[n]
//       return n
//   def branches(s):
//       r = res(s)
//       if "oneOf" in r: return [b for x in r["oneOf"] for b in branches(x)]
//       return [s]
//   def types(p):
//       t = p.get("type", {})
//       return t.get("enum", []) + [v for a in t.get("anyOf", []) for v in a.get("enum", [])]
//   items, roles = {}, {}
//   for b in branches(d["InputItem"]):
//       r, n = res(b), named(b)
//       for t in types(r["properties"]):
//           items.setdefault(t, [])
//           for m in list(r["properties"]) + declared.get(n, []):
//               if m not in items[t]: items[t].append(m)
//   for b in d["ChatCompletionRequestMessage"]["oneOf"]:
//       r = res(b)
//       for role in r["properties"]["role"]["enum"]: roles[role] = list(r["properties"])
//   def table(t):
//       return "\n".join(f'        "{k}": [{", ".join(chr(34)+m+chr(34) for m in v)}],' for k, v in t.items())
//   print(f"""    static let responsesItemMembers: [String: [String]] = [
//   {table(items)}
//       ]
//
//       static let chatMessageMembers: [String: [String]] = [
//   {table(roles)}
//       ]""")

/// The members OpenAI's published schema declares (`properties`) for each Responses input item
/// type and each Chat Completions message role: the APIs reject any other top-level member.
enum OpenAISchemaMembers {
    /// Per Responses item `type`, the union of the `properties` of every branch of
    /// `#/$defs/InputItem` with that type (three branches are `message`s), plus `call_id` on
    /// `local_shell_call_output`, which the file requires without declaring (see
    /// `ProviderSchema.requiredButUndeclared`).
    static let responsesItemMembers: [String: [String]] = [
        "message": ["role", "content", "phase", "type", "status", "id"],
        "file_search_call": ["id", "type", "status", "queries", "results"],
        "computer_call": ["type", "id", "call_id", "action", "actions", "pending_safety_checks", "status"],
        "computer_call_output": ["id", "call_id", "type", "output", "acknowledged_safety_checks", "status"],
        "web_search_call": ["id", "type", "status", "action"],
        "function_call": ["id", "type", "call_id", "caller", "namespace", "name", "arguments", "status"],
        "function_call_output": ["id", "call_id", "type", "output", "name", "namespace", "caller", "status"],
        "tool_search_call": ["id", "call_id", "type", "execution", "arguments", "status"],
        "tool_search_output": ["id", "call_id", "type", "execution", "tools", "status"],
        "additional_tools": ["id", "type", "role", "tools"],
        "reasoning": ["type", "id", "encrypted_content", "summary", "content", "status"],
        "compaction": ["id", "type", "encrypted_content"],
        "image_generation_call": ["type", "id", "status", "result"],
        "code_interpreter_call": ["type", "id", "status", "container_id", "code", "outputs"],
        "local_shell_call": ["type", "id", "call_id", "action", "status"],
        "local_shell_call_output": ["type", "id", "output", "status", "call_id"],
        "shell_call": ["id", "call_id", "caller", "type", "action", "status", "environment"],
        "shell_call_output": ["id", "call_id", "caller", "type", "output", "status", "max_output_length"],
        "apply_patch_call": ["type", "id", "call_id", "caller", "status", "operation"],
        "apply_patch_call_output": ["type", "id", "call_id", "caller", "status", "output"],
        "mcp_list_tools": ["type", "id", "server_label", "tools", "error"],
        "mcp_approval_request": ["type", "id", "server_label", "name", "arguments"],
        "mcp_approval_response": ["type", "id", "approval_request_id", "approve", "reason"],
        "mcp_call": ["type", "id", "server_label", "name", "arguments", "output", "error", "status", "approval_request_id"],
        "custom_tool_call_output": ["type", "id", "call_id", "caller", "output"],
        "custom_tool_call": ["type", "id", "call_id", "caller", "namespace", "name", "input"],
        "compaction_trigger": ["type"],
        "item_reference": ["type", "id"],
        "program": ["id", "type", "call_id", "code", "fingerprint"],
        "program_output": ["id", "type", "call_id", "result", "status"],
    ]

    /// Per Chat `role`, the `properties` of its branch of `#/$defs/ChatCompletionRequestMessage`.
    static let chatMessageMembers: [String: [String]] = [
        "developer": ["content", "role", "name"],
        "system": ["content", "role", "name"],
        "user": ["content", "role", "name"],
        "assistant": ["content", "refusal", "role", "name", "audio", "tool_calls", "function_call"],
        "tool": ["role", "content", "tool_call_id"],
        "function": ["role", "content", "name"],
    ]
}
