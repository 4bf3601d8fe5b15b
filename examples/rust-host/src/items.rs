//! The conversation items a host keeps, in the JSON shape Codex CLI's core writes and sends
//! to the OpenAI Responses API: an enum tagged by `"type"`, variants in `snake_case`.
//!
//! It follows Codex's `ResponseItem`, with one difference that matters to a host that passes
//! its history through the sidecar: an item whose `type` this model does not know is kept
//! whole as [`ResponseItem::Other`] (its JSON, members in their original order) instead of
//! being dropped, so that newer item types (`ghost_snapshot`, `compaction`, ...) round-trip.
//!
//! Like Codex, the server-side item `id` (`fc_…`, `rs_…`, `msg_…`) is read but never written
//! back: calls and outputs pair by `call_id`, and the sidecar pairs them the same way.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::collections::HashMap;

/// One conversation item.
///
/// Serialized as `{"type": "<variant in snake_case>", ...fields}`; an unknown `type` reads as
/// [`ResponseItem::Other`] and is written back exactly as it was read. An item of a known
/// `type` with a malformed body is an error, not an `Other`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// `remote = "Self"` makes the derives generate inherent `serialize`/`deserialize` functions
// instead of the trait impls; the hand-written impls below wrap them to add `Other`.
#[serde(remote = "Self", tag = "type", rename_all = "snake_case")]
pub enum ResponseItem {
    /// A message from the user, the assistant, the developer or the system.
    Message {
        /// The server's item id (`msg_…`); read, never written.
        #[serde(default, skip_serializing)]
        id: Option<String>,
        /// `user`, `assistant`, `developer` or `system`.
        role: String,
        /// The message's parts.
        content: Vec<ContentItem>,
    },
    /// The model's reasoning: a summary, optionally the raw text and the encrypted state.
    Reasoning {
        /// The server's item id (`rs_…`); read, never written.
        #[serde(default, skip_serializing)]
        id: Option<String>,
        /// Summary parts.
        summary: Vec<ReasoningSummary>,
        /// The raw reasoning, when the provider returns it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        content: Option<Vec<ReasoningContent>>,
        /// Opaque state to send back on the next request (`null` when there is none).
        #[serde(default)]
        encrypted_content: Option<String>,
    },
    /// A call of a function tool. Answered by a [`ResponseItem::FunctionCallOutput`].
    FunctionCall {
        /// The server's item id (`fc_…`); read, never written.
        #[serde(default, skip_serializing)]
        id: Option<String>,
        /// The tool's name.
        name: String,
        /// The arguments: a JSON document *in a string*, as the model wrote it.
        arguments: String,
        /// The key that pairs the call with its output.
        call_id: String,
    },
    /// A call of the built-in local shell tool. Answered by a
    /// [`ResponseItem::FunctionCallOutput`]. A `null` `call_id` cannot be answered through
    /// the Responses API; the sidecar reports such a call.
    LocalShellCall {
        /// The server's item id; read, never written.
        #[serde(default, skip_serializing)]
        id: Option<String>,
        /// The key that pairs the call with its output.
        call_id: Option<String>,
        /// Where the call was when it was recorded.
        status: LocalShellStatus,
        /// What to run.
        action: LocalShellAction,
    },
    /// A call of a free-form ("custom") tool such as `apply_patch`. Answered only by a
    /// [`ResponseItem::CustomToolCallOutput`].
    CustomToolCall {
        /// The server's item id; read, never written.
        #[serde(default, skip_serializing)]
        id: Option<String>,
        /// Where the call was when it was recorded, if known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<String>,
        /// The key that pairs the call with its output.
        call_id: String,
        /// The tool's name.
        name: String,
        /// The free-form input.
        input: String,
    },
    /// The output of a function call or a local shell call.
    FunctionCallOutput {
        /// The call this answers.
        call_id: String,
        /// A string, or content items.
        output: FunctionCallOutputPayload,
    },
    /// The output of a custom tool call.
    CustomToolCallOutput {
        /// The call this answers.
        call_id: String,
        /// A string (content items are accepted as well).
        output: FunctionCallOutputPayload,
    },
    /// A web search the provider ran itself; it needs no output.
    WebSearchCall {
        /// The server's item id (`ws_…`); read, never written.
        #[serde(default, skip_serializing)]
        id: Option<String>,
        /// `completed`, `in_progress`, ...
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<String>,
        /// What was searched, as sent (`{"type":"search","query":…}`, `open_page`, ...),
        /// kept as JSON so that new action types pass through unchanged.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        action: Option<Value>,
    },
    /// An item of a type this model does not know, kept as it was read. It needs no output
    /// and pairs with nothing.
    #[serde(skip)]
    Other(Value),
}

impl ResponseItem {
    /// The `type` tags of the variants this model reads itself; any other tag is
    /// [`ResponseItem::Other`].
    pub const KNOWN_TYPES: [&'static str; 8] = [
        "message",
        "reasoning",
        "function_call",
        "local_shell_call",
        "custom_tool_call",
        "function_call_output",
        "custom_tool_call_output",
        "web_search_call",
    ];

    /// A user message with one `input_text` part.
    pub fn user_text(text: impl Into<String>) -> Self {
        ResponseItem::Message {
            id: None,
            role: "user".to_owned(),
            content: vec![ContentItem::InputText { text: text.into() }],
        }
    }

    /// An assistant message with one `output_text` part.
    pub fn assistant_text(text: impl Into<String>) -> Self {
        ResponseItem::Message {
            id: None,
            role: "assistant".to_owned(),
            content: vec![ContentItem::OutputText { text: text.into() }],
        }
    }

    /// A function call; `arguments` is the JSON text of the arguments.
    pub fn function_call(
        name: impl Into<String>,
        arguments: impl Into<String>,
        call_id: impl Into<String>,
    ) -> Self {
        ResponseItem::FunctionCall {
            id: None,
            name: name.into(),
            arguments: arguments.into(),
            call_id: call_id.into(),
        }
    }

    /// A local shell call that runs `command`, still in progress.
    pub fn local_shell_exec<S: Into<String>>(
        call_id: impl Into<String>,
        command: impl IntoIterator<Item = S>,
    ) -> Self {
        ResponseItem::LocalShellCall {
            id: None,
            call_id: Some(call_id.into()),
            status: LocalShellStatus::InProgress,
            action: LocalShellAction::Exec(LocalShellExecAction {
                command: command.into_iter().map(Into::into).collect(),
                timeout_ms: None,
                working_directory: None,
                env: None,
                user: None,
            }),
        }
    }

    /// A function call output with a text payload.
    pub fn function_call_output(call_id: impl Into<String>, text: impl Into<String>) -> Self {
        ResponseItem::FunctionCallOutput {
            call_id: call_id.into(),
            output: FunctionCallOutputPayload::Text(text.into()),
        }
    }

    /// The item's `type` tag.
    pub fn type_name(&self) -> &str {
        match self {
            ResponseItem::Message { .. } => "message",
            ResponseItem::Reasoning { .. } => "reasoning",
            ResponseItem::FunctionCall { .. } => "function_call",
            ResponseItem::LocalShellCall { .. } => "local_shell_call",
            ResponseItem::CustomToolCall { .. } => "custom_tool_call",
            ResponseItem::FunctionCallOutput { .. } => "function_call_output",
            ResponseItem::CustomToolCallOutput { .. } => "custom_tool_call_output",
            ResponseItem::WebSearchCall { .. } => "web_search_call",
            ResponseItem::Other(value) => value.get("type").and_then(Value::as_str).unwrap_or(""),
        }
    }

    /// The `call_id` of a call or an output; `None` for every other item.
    pub fn call_id(&self) -> Option<&str> {
        match self {
            ResponseItem::FunctionCall { call_id, .. }
            | ResponseItem::CustomToolCall { call_id, .. }
            | ResponseItem::FunctionCallOutput { call_id, .. }
            | ResponseItem::CustomToolCallOutput { call_id, .. } => Some(call_id),
            ResponseItem::LocalShellCall { call_id, .. } => call_id.as_deref(),
            _ => None,
        }
    }

    /// Whether the item is a call that needs an output.
    pub fn is_call(&self) -> bool {
        matches!(
            self,
            ResponseItem::FunctionCall { .. }
                | ResponseItem::LocalShellCall { .. }
                | ResponseItem::CustomToolCall { .. }
        )
    }

    /// Whether the item is the output of a call.
    pub fn is_output(&self) -> bool {
        matches!(
            self,
            ResponseItem::FunctionCallOutput { .. } | ResponseItem::CustomToolCallOutput { .. }
        )
    }

    /// The role of a message; `None` for every other item.
    pub fn role(&self) -> Option<&str> {
        match self {
            ResponseItem::Message { role, .. } => Some(role),
            _ => None,
        }
    }

    /// The text of an output's payload when it is a plain string.
    pub fn output_text(&self) -> Option<&str> {
        match self {
            ResponseItem::FunctionCallOutput { output, .. }
            | ResponseItem::CustomToolCallOutput { output, .. } => output.text(),
            _ => None,
        }
    }
}

impl Serialize for ResponseItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ResponseItem::Other(value) => value.serialize(serializer),
            // The inherent function generated by the derive (`remote = "Self"`).
            known => ResponseItem::serialize(known, serializer),
        }
    }
}

impl<'de> Deserialize<'de> for ResponseItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let tag = match &value {
            Value::Object(members) => match members.get("type") {
                Some(Value::String(tag)) => tag.as_str(),
                Some(_) => return Err(D::Error::custom("an item's \"type\" must be a string")),
                None => return Err(D::Error::missing_field("type")),
            },
            other => {
                return Err(D::Error::custom(format!(
                    "an item must be a JSON object, not {}",
                    json_type_name(other)
                )))
            }
        };
        if ResponseItem::KNOWN_TYPES.contains(&tag) {
            // The inherent function generated by the derive (`remote = "Self"`).
            ResponseItem::deserialize(value).map_err(D::Error::custom)
        } else {
            Ok(ResponseItem::Other(value))
        }
    }
}

/// One part of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ContentItem {
    /// Text the user (or developer, or system) wrote.
    InputText {
        /// The text.
        text: String,
    },
    /// An image, by URL or `data:` URL.
    InputImage {
        /// The image's URL.
        image_url: String,
    },
    /// Text the model wrote.
    OutputText {
        /// The text.
        text: String,
    },
}

impl ContentItem {
    /// The part's text, if it is a text part.
    pub fn text(&self) -> Option<&str> {
        match self {
            ContentItem::InputText { text } | ContentItem::OutputText { text } => Some(text),
            ContentItem::InputImage { .. } => None,
        }
    }
}

/// One part of a reasoning summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReasoningSummary {
    /// Summary text.
    SummaryText {
        /// The text.
        text: String,
    },
}

/// One part of the raw reasoning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReasoningContent {
    /// Reasoning text.
    ReasoningText {
        /// The text.
        text: String,
    },
    /// Plain text.
    Text {
        /// The text.
        text: String,
    },
}

/// Where a local shell call was when it was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocalShellStatus {
    /// It finished.
    Completed,
    /// It was still running.
    InProgress,
    /// It stopped before finishing.
    Incomplete,
}

/// What a local shell call does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LocalShellAction {
    /// Run a command.
    Exec(LocalShellExecAction),
}

/// A command for the local shell. Absent settings are written as `null`, as Codex does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalShellExecAction {
    /// The program and its arguments.
    pub command: Vec<String>,
    /// How long it may run.
    #[serde(default)]
    pub timeout_ms: Option<u64>,
    /// Where it runs.
    #[serde(default)]
    pub working_directory: Option<String>,
    /// Extra environment variables.
    #[serde(default)]
    pub env: Option<HashMap<String, String>>,
    /// The user it runs as.
    #[serde(default)]
    pub user: Option<String>,
}

/// The output of a call: a string, or content items. Both are valid in the Responses API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FunctionCallOutputPayload {
    /// Plain text.
    Text(String),
    /// Content items (text, images).
    ContentItems(Vec<ContentItem>),
}

impl FunctionCallOutputPayload {
    /// The text, when the payload is a plain string.
    pub fn text(&self) -> Option<&str> {
        match self {
            FunctionCallOutputPayload::Text(text) => Some(text),
            FunctionCallOutputPayload::ContentItems(_) => None,
        }
    }
}

/// The JSON type of `value`, for error messages.
pub(crate) fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn known_items_round_trip() {
        let items = json!([
            {"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]},
            {"type":"reasoning","summary":[{"type":"summary_text","text":"Run make."}],"encrypted_content":null},
            {"type":"function_call","name":"read_file","arguments":"{\"path\":\"a\"}","call_id":"c1"},
            {"type":"local_shell_call","call_id":"c2","status":"in_progress","action":{"type":"exec","command":["ls"],"timeout_ms":null,"working_directory":null,"env":null,"user":null}},
            {"type":"custom_tool_call","status":"completed","call_id":"c3","name":"apply_patch","input":"*** Begin Patch"},
            {"type":"function_call_output","call_id":"c1","output":"text"},
            {"type":"function_call_output","call_id":"c2","output":[{"type":"input_text","text":"ok"}]},
            {"type":"custom_tool_call_output","call_id":"c3","output":"done"},
            {"type":"web_search_call","status":"completed","action":{"type":"search","query":"rust"}}
        ]);
        let parsed: Vec<ResponseItem> = serde_json::from_value(items.clone()).unwrap();
        assert!(parsed
            .iter()
            .all(|item| !matches!(item, ResponseItem::Other(_))));
        assert_eq!(serde_json::to_value(&parsed).unwrap(), items);
    }

    #[test]
    fn every_known_type_is_listed() {
        let samples = [
            ResponseItem::user_text("a"),
            ResponseItem::function_call("f", "{}", "c"),
            ResponseItem::local_shell_exec("c", ["ls"]),
            ResponseItem::function_call_output("c", "x"),
        ];
        for item in samples {
            let value = serde_json::to_value(&item).unwrap();
            let tag = value["type"].as_str().unwrap();
            assert!(ResponseItem::KNOWN_TYPES.contains(&tag));
            assert_eq!(tag, item.type_name());
        }
    }

    #[test]
    fn unknown_type_keeps_its_text() {
        let text = r#"{"type":"ghost_snapshot","zeta":[1,2.50,1e3,null,123456789012345678901234567890],"alpha":{"b":true,"a":"é"}}"#;
        let item: ResponseItem = serde_json::from_str(text).unwrap();
        assert!(matches!(item, ResponseItem::Other(_)));
        assert_eq!(item.type_name(), "ghost_snapshot");
        assert_eq!(serde_json::to_string(&item).unwrap(), text);
    }

    #[test]
    fn numbers_in_known_items_are_read_from_text() {
        // Guards the arbitrary_precision feature: numbers inside tagged enums still decode.
        let text = r#"{"type":"local_shell_call","call_id":"c","status":"completed","action":{"type":"exec","command":["ls"],"timeout_ms":1000,"working_directory":"/tmp","env":{"A":"1"},"user":null}}"#;
        let item: ResponseItem = serde_json::from_str(text).unwrap();
        match &item {
            ResponseItem::LocalShellCall {
                action: LocalShellAction::Exec(exec),
                ..
            } => assert_eq!(exec.timeout_ms, Some(1000)),
            other => panic!("{other:?}"),
        }
        assert_eq!(serde_json::to_string(&item).unwrap(), text);
    }

    #[test]
    fn server_ids_are_read_but_not_written() {
        let item: ResponseItem = serde_json::from_value(
            json!({"type":"function_call","id":"fc_1","name":"f","arguments":"{}","call_id":"c1"}),
        )
        .unwrap();
        assert_eq!(
            serde_json::to_value(&item).unwrap(),
            json!({"type":"function_call","name":"f","arguments":"{}","call_id":"c1"})
        );
    }

    #[test]
    fn malformed_known_item_is_an_error() {
        let error =
            serde_json::from_value::<ResponseItem>(json!({"type":"function_call","name":"f"}))
                .unwrap_err();
        assert!(error.to_string().contains("missing field"), "{error}");
        assert!(serde_json::from_value::<ResponseItem>(json!({"role":"user"})).is_err());
        assert!(serde_json::from_value::<ResponseItem>(json!("message")).is_err());
        assert!(serde_json::from_value::<ResponseItem>(json!({"type":3})).is_err());
    }
}
