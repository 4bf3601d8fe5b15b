//! Conversation items with the variants and serde attributes of Codex's
//! `codex_protocol::models::ResponseItem` (`codex-rs/protocol/src/models.rs`), so that a host
//! holding Codex's items converts them to and from what the client sends with no glue: both
//! types write and read the same JSON.
//!
//! The client itself carries items as [`Box<RawValue>`]: the exact bytes the host gave and the
//! sidecar returned. [`to_raw`] / [`to_raw_items`] turn any `Serialize` item (this module's, or
//! Codex's own) into that; [`from_raw`] / [`from_raw_items`] read items back into any
//! `Deserialize` type. Like Codex's, this type reads an unknown `type` as [`ResponseItem::Other`]
//! and forgets its members, and it never writes the server's item `id` back: a host that must
//! keep every byte keeps the `RawValue`s it got.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::path::PathBuf;

/// One item of a conversation, as Codex's `ResponseItem`: tagged by `type` in `snake_case`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ResponseItem {
    /// A message from the user, the assistant, the developer or the system.
    Message {
        /// The server's item id: read, never written.
        #[serde(default, skip_serializing)]
        id: Option<String>,
        /// `user`, `assistant`, `developer` or `system`.
        role: String,
        /// Its parts.
        content: Vec<ContentItem>,
    },
    /// The model's reasoning.
    Reasoning {
        /// The server's item id: read, never written.
        #[serde(default, skip_serializing)]
        id: String,
        /// The summary parts.
        summary: Vec<ReasoningItemReasoningSummary>,
        /// The raw reasoning. As in Codex (whose skip function is named the other way round),
        /// it is written only when it holds a `reasoning_text` part.
        #[serde(default, skip_serializing_if = "should_serialize_reasoning_content")]
        content: Option<Vec<ReasoningItemContent>>,
        /// The encrypted reasoning, if any.
        encrypted_content: Option<String>,
    },
    /// A shell command the model asks the host to run.
    LocalShellCall {
        /// Set when using the Chat Completions API: read, never written.
        #[serde(default, skip_serializing)]
        id: Option<String>,
        /// Set when using the Responses API.
        call_id: Option<String>,
        /// `completed`, `in_progress` or `incomplete`.
        status: LocalShellStatus,
        /// The command.
        action: LocalShellAction,
    },
    /// A function (tool) call.
    FunctionCall {
        /// The server's item id: read, never written.
        #[serde(default, skip_serializing)]
        id: Option<String>,
        /// The tool's name.
        name: String,
        /// The arguments: a JSON document *in a string*, as the APIs send it.
        arguments: String,
        /// Pairs the call with its output.
        call_id: String,
    },
    /// The output of a function call or of a local shell call.
    FunctionCallOutput {
        /// The call it answers.
        call_id: String,
        /// A string, or content items.
        output: FunctionCallOutputPayload,
    },
    /// A free-form (custom) tool call.
    CustomToolCall {
        /// The server's item id: read, never written.
        #[serde(default, skip_serializing)]
        id: Option<String>,
        /// Its status, if the API gave one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<String>,
        /// Pairs the call with its output.
        call_id: String,
        /// The tool's name.
        name: String,
        /// The free-form input.
        input: String,
    },
    /// The output of a custom tool call.
    CustomToolCallOutput {
        /// The call it answers.
        call_id: String,
        /// The output text.
        output: String,
    },
    /// A web search the API ran itself (no output to send).
    WebSearchCall {
        /// The server's item id: read, never written.
        #[serde(default, skip_serializing)]
        id: Option<String>,
        /// Its status, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<String>,
        /// What it did.
        action: WebSearchAction,
    },
    /// A snapshot of the worktree Codex takes for undo (not sent to the model).
    GhostSnapshot {
        /// The snapshot's commit.
        ghost_commit: GhostCommit,
    },
    /// A compaction: what the API made of the history before it.
    #[serde(alias = "compaction_summary")]
    Compaction {
        /// The compacted history, encrypted.
        encrypted_content: String,
    },
    /// Any other type. Like Codex, its members are not kept: keep the `RawValue` to keep them.
    #[serde(other)]
    Other,
}

fn should_serialize_reasoning_content(content: &Option<Vec<ReasoningItemContent>>) -> bool {
    match content {
        Some(content) => !content
            .iter()
            .any(|c| matches!(c, ReasoningItemContent::ReasoningText { .. })),
        None => false,
    }
}

/// A part of a message.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ContentItem {
    /// Text from the user (or developer, system).
    InputText {
        /// The text.
        text: String,
    },
    /// An image from the user.
    InputImage {
        /// Its URL (often a `data:` URL).
        image_url: String,
    },
    /// Text from the assistant.
    OutputText {
        /// The text.
        text: String,
    },
}

/// A part of a reasoning summary.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReasoningItemReasoningSummary {
    /// Summary text.
    SummaryText {
        /// The text.
        text: String,
    },
}

/// A part of the raw reasoning.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReasoningItemContent {
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

/// The status of a local shell call.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum LocalShellStatus {
    /// Done.
    Completed,
    /// Running (what the model sends).
    InProgress,
    /// Stopped before the end.
    Incomplete,
}

/// What a local shell call does.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LocalShellAction {
    /// Run a command.
    Exec(LocalShellExecAction),
}

/// The command of a local shell call.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LocalShellExecAction {
    /// The program and its arguments.
    pub command: Vec<String>,
    /// How long it may run.
    pub timeout_ms: Option<u64>,
    /// Where it runs.
    pub working_directory: Option<String>,
    /// Its environment.
    pub env: Option<HashMap<String, String>>,
    /// The user it runs as.
    pub user: Option<String>,
}

/// What a web search call did.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WebSearchAction {
    /// A search.
    Search {
        /// The query.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        query: Option<String>,
    },
    /// A page opened.
    OpenPage {
        /// Its URL.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        url: Option<String>,
    },
    /// A search inside a page.
    FindInPage {
        /// The page's URL.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        url: Option<String>,
        /// The pattern.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pattern: Option<String>,
    },
    /// Another action.
    #[serde(other)]
    Other,
}

/// The commit of a ghost snapshot (Codex's `codex_git::GhostCommit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GhostCommit {
    /// The commit.
    pub id: String,
    /// Its parent, when the repository had a `HEAD`.
    pub parent: Option<String>,
    /// Untracked files that existed before the snapshot.
    pub preexisting_untracked_files: Vec<PathBuf>,
    /// Untracked directories that existed before the snapshot.
    pub preexisting_untracked_dirs: Vec<PathBuf>,
}

/// A part of a function call's output given as content items.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FunctionCallOutputContentItem {
    /// Text.
    InputText {
        /// The text.
        text: String,
    },
    /// An image.
    InputImage {
        /// Its URL.
        image_url: String,
    },
}

/// The output of a function call, as Codex keeps it: `content` is the text (for content items,
/// their JSON), `content_items` the items when the output was given as items. On the wire it is
/// a plain string, or the array of items.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FunctionCallOutputPayload {
    /// The text (the items' JSON when the output is items).
    pub content: String,
    /// The items, when the output is items.
    pub content_items: Option<Vec<FunctionCallOutputContentItem>>,
    /// Whether the call succeeded, when known (not written on the wire).
    pub success: Option<bool>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum FunctionCallOutputPayloadSerde {
    Text(String),
    Items(Vec<FunctionCallOutputContentItem>),
}

impl Serialize for FunctionCallOutputPayload {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.content_items {
            Some(items) => items.serialize(serializer),
            None => serializer.serialize_str(&self.content),
        }
    }
}

impl<'de> Deserialize<'de> for FunctionCallOutputPayload {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match FunctionCallOutputPayloadSerde::deserialize(deserializer)? {
            FunctionCallOutputPayloadSerde::Text(content) => Ok(FunctionCallOutputPayload {
                content,
                ..Default::default()
            }),
            FunctionCallOutputPayloadSerde::Items(items) => {
                let content = serde_json::to_string(&items).map_err(serde::de::Error::custom)?;
                Ok(FunctionCallOutputPayload {
                    content,
                    content_items: Some(items),
                    success: None,
                })
            }
        }
    }
}

impl ResponseItem {
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

    /// A function call.
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

    /// A local shell call running `command`, `in_progress` (as the model sends it).
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

    /// A function call output with a text.
    pub fn function_call_output(call_id: impl Into<String>, text: impl Into<String>) -> Self {
        ResponseItem::FunctionCallOutput {
            call_id: call_id.into(),
            output: FunctionCallOutputPayload {
                content: text.into(),
                ..Default::default()
            },
        }
    }

    /// The `type` on the wire (`other` for [`ResponseItem::Other`]).
    pub fn type_name(&self) -> &'static str {
        match self {
            ResponseItem::Message { .. } => "message",
            ResponseItem::Reasoning { .. } => "reasoning",
            ResponseItem::LocalShellCall { .. } => "local_shell_call",
            ResponseItem::FunctionCall { .. } => "function_call",
            ResponseItem::FunctionCallOutput { .. } => "function_call_output",
            ResponseItem::CustomToolCall { .. } => "custom_tool_call",
            ResponseItem::CustomToolCallOutput { .. } => "custom_tool_call_output",
            ResponseItem::WebSearchCall { .. } => "web_search_call",
            ResponseItem::GhostSnapshot { .. } => "ghost_snapshot",
            ResponseItem::Compaction { .. } => "compaction",
            ResponseItem::Other => "other",
        }
    }

    /// The `call_id` of a call or an output.
    pub fn call_id(&self) -> Option<&str> {
        match self {
            ResponseItem::LocalShellCall { call_id, .. } => call_id.as_deref(),
            ResponseItem::FunctionCall { call_id, .. }
            | ResponseItem::FunctionCallOutput { call_id, .. }
            | ResponseItem::CustomToolCall { call_id, .. }
            | ResponseItem::CustomToolCallOutput { call_id, .. } => Some(call_id),
            _ => None,
        }
    }

    /// The text of an output (a function call output given as text, or a custom one).
    pub fn output_text(&self) -> Option<&str> {
        match self {
            ResponseItem::FunctionCallOutput { output, .. } if output.content_items.is_none() => {
                Some(&output.content)
            }
            ResponseItem::CustomToolCallOutput { output, .. } => Some(output),
            _ => None,
        }
    }

    /// This item as the bytes the client sends.
    pub fn to_raw(&self) -> Result<Box<RawValue>, serde_json::Error> {
        to_raw(self)
    }

    /// Reads an item the client returned.
    pub fn from_raw(raw: &RawValue) -> Result<Self, serde_json::Error> {
        from_raw(raw)
    }
}

impl ContentItem {
    /// The text of a text part.
    pub fn text(&self) -> Option<&str> {
        match self {
            ContentItem::InputText { text } | ContentItem::OutputText { text } => Some(text),
            ContentItem::InputImage { .. } => None,
        }
    }
}

/// Any item (this module's [`ResponseItem`], Codex's, a `serde_json::Value`) as the bytes the
/// client sends.
pub fn to_raw<T: Serialize + ?Sized>(item: &T) -> Result<Box<RawValue>, serde_json::Error> {
    serde_json::value::to_raw_value(item)
}

/// Items as the bytes the client sends, in order.
pub fn to_raw_items<T: Serialize>(items: &[T]) -> Result<Vec<Box<RawValue>>, serde_json::Error> {
    items.iter().map(to_raw).collect()
}

/// An item the client returned, read as `T`.
pub fn from_raw<T: DeserializeOwned>(raw: &RawValue) -> Result<T, serde_json::Error> {
    serde_json::from_str(raw.get())
}

/// Items the client returned, read as `T`, in order.
pub fn from_raw_items<T: DeserializeOwned>(
    items: &[Box<RawValue>],
) -> Result<Vec<T>, serde_json::Error> {
    items.iter().map(|raw| from_raw(raw)).collect()
}

/// Whether a raw item has a `call_id` member that is not `null` (a call or an output: the
/// items the sidecar recognizes when they are submitted again).
pub fn has_call_id(item: &RawValue) -> bool {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        call_id: Option<serde::de::IgnoredAny>,
    }
    matches!(
        serde_json::from_str::<Probe>(item.get()),
        Ok(Probe { call_id: Some(_) })
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip(text: &str) -> String {
        let item: ResponseItem = serde_json::from_str(text).unwrap();
        serde_json::to_string(&item).unwrap()
    }

    #[test]
    fn messages_drop_the_server_id_and_keep_their_parts() {
        assert_eq!(
            round_trip(
                r#"{"type":"message","id":"msg_1","role":"user","content":[{"type":"input_text","text":"hi"}]}"#
            ),
            r#"{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}"#
        );
    }

    #[test]
    fn reasoning_content_is_written_only_with_reasoning_text() {
        assert_eq!(
            round_trip(
                r#"{"type":"reasoning","id":"rs_1","summary":[],"content":[{"type":"reasoning_text","text":"x"}],"encrypted_content":null}"#
            ),
            r#"{"type":"reasoning","summary":[],"content":[{"type":"reasoning_text","text":"x"}],"encrypted_content":null}"#
        );
        assert_eq!(
            round_trip(
                r#"{"type":"reasoning","summary":[{"type":"summary_text","text":"s"}],"content":[{"type":"text","text":"t"}],"encrypted_content":"e"}"#
            ),
            r#"{"type":"reasoning","summary":[{"type":"summary_text","text":"s"}],"encrypted_content":"e"}"#
        );
    }

    #[test]
    fn local_shell_calls_write_every_action_member() {
        let item = ResponseItem::local_shell_exec("call_1", ["ls"]);
        assert_eq!(
            serde_json::to_value(&item).unwrap(),
            json!({"type":"local_shell_call","call_id":"call_1","status":"in_progress",
                   "action":{"type":"exec","command":["ls"],"timeout_ms":null,"working_directory":null,"env":null,"user":null}})
        );
    }

    #[test]
    fn function_call_outputs_are_a_string_or_content_items() {
        assert_eq!(
            round_trip(r#"{"type":"function_call_output","call_id":"c","output":"ok"}"#),
            r#"{"type":"function_call_output","call_id":"c","output":"ok"}"#
        );
        let items = r#"{"type":"function_call_output","call_id":"c","output":[{"type":"input_text","text":"a"}]}"#;
        assert_eq!(round_trip(items), items);
        let item: ResponseItem = serde_json::from_str(items).unwrap();
        assert_eq!(item.output_text(), None);
    }

    #[test]
    fn custom_calls_skip_a_missing_status_and_web_search_actions_skip_missing_members() {
        assert_eq!(
            round_trip(
                r#"{"type":"custom_tool_call","call_id":"c","name":"apply_patch","input":"*** Begin"}"#
            ),
            r#"{"type":"custom_tool_call","call_id":"c","name":"apply_patch","input":"*** Begin"}"#
        );
        assert_eq!(
            round_trip(
                r#"{"type":"web_search_call","id":"ws_1","status":"completed","action":{"type":"search"}}"#
            ),
            r#"{"type":"web_search_call","status":"completed","action":{"type":"search"}}"#
        );
    }

    #[test]
    fn ghost_snapshots_compactions_and_unknown_types() {
        let ghost = r#"{"type":"ghost_snapshot","ghost_commit":{"id":"4f2a","parent":null,"preexisting_untracked_files":["a b.txt"],"preexisting_untracked_dirs":[]}}"#;
        assert_eq!(round_trip(ghost), ghost);
        assert_eq!(
            round_trip(r#"{"type":"compaction_summary","encrypted_content":"e"}"#),
            r#"{"type":"compaction","encrypted_content":"e"}"#
        );
        let other: ResponseItem =
            serde_json::from_str(r#"{"type":"image_generation_call","id":"ig_1","result":"..."}"#)
                .unwrap();
        assert_eq!(other, ResponseItem::Other);
    }

    #[test]
    fn raw_conversions_and_call_id_probe() {
        let raw = ResponseItem::user_text("hi").to_raw().unwrap();
        assert_eq!(
            raw.get(),
            r#"{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}"#
        );
        assert_eq!(
            ResponseItem::from_raw(&raw).unwrap(),
            ResponseItem::user_text("hi")
        );
        assert!(!has_call_id(&raw));
        let call = ResponseItem::function_call("f", "{}", "c1")
            .to_raw()
            .unwrap();
        assert!(has_call_id(&call));
        let null_id =
            RawValue::from_string(r#"{"type":"local_shell_call","call_id":null}"#.to_owned())
                .unwrap();
        assert!(!has_call_id(&null_id));
        let values: Vec<serde_json::Value> = from_raw_items(&[call]).unwrap();
        assert_eq!(values[0]["call_id"], json!("c1"));
    }

    #[test]
    fn no_serde_json_feature_that_would_change_other_crates_is_on() {
        // Cargo unifies features across a workspace: with `preserve_order` a map would keep
        // its insertion order, with `arbitrary_precision` this integer would keep its digits.
        // Neither may be switched on by this crate (items keep their bytes as RawValue).
        let value: serde_json::Value =
            serde_json::from_str(r#"{"b":1,"a":123456789012345678901234567890}"#).unwrap();
        assert_eq!(value.to_string(), r#"{"a":1.2345678901234568e29,"b":1}"#);
        let raw = RawValue::from_string(r#"{"b":1,"a":123456789012345678901234567890}"#.to_owned())
            .unwrap();
        assert_eq!(to_raw(&raw).unwrap().get(), raw.get());
    }
}
