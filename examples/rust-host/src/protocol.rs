//! The params and results of the sidecar's methods, as the sidecar's `Sources/SequencerRPC/`
//! writes them: members in `camelCase`. The protocol's constants (version, method names, error
//! codes) are in [`crate::spec`].
//!
//! Items cross as [`Box<RawValue>`]: the bytes the sidecar wrote, untouched. Results that carry
//! a `messages` body are generic over its type, `Box<RawValue>` by default (any format; the
//! `anthropic` and `gemini` bodies are objects); `Vec<Box<RawValue>>` reads the `responses`
//! array item by item, `Vec<ChatMessage>` the `chat` one, `Vec<ResponseItem>` a typed copy.
//! This is protocol version 2: every result with a `revision` has the session's `epoch`.
//!
//! [`ResponseItem`]: crate::items::ResponseItem

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::fmt;

pub use crate::spec::PROTOCOL_VERSION;

/// The shape of a messages array (or request body).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// OpenAI Responses `input` items (the default).
    Responses,
    /// OpenAI Chat Completions `messages`.
    Chat,
    /// Anthropic Messages: `{system?, messages}`.
    Anthropic,
    /// Gemini: `{systemInstruction?, contents}`.
    Gemini,
}

impl Format {
    /// The name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Responses => "responses",
            Format::Chat => "chat",
            Format::Anthropic => "anthropic",
            Format::Gemini => "gemini",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why pending calls are cancelled; it picks the synthetic output's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelReason {
    /// The user interrupted the turn (the default).
    Interrupted,
    /// The tool failed to run.
    Failed,
    /// The tool ran out of time.
    Timeout,
}

/// What `sequence` does with a call that never got an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingOutput {
    /// Insert a synthetic output right after the call's model response (the default).
    Synthesize,
    /// Remove the call (and reasoning that led only to removed calls).
    Drop,
    /// Answer with error -31005, listing the calls in `data.problems`.
    Error,
}

/// Chat: where the reasoning that led to an assistant message goes (`reasoning` of `sequence`,
/// `session/messages` and `validate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasoningMember {
    /// Left out (the default): OpenAI refuses members outside a message's schema.
    Omit,
    /// In `reasoning_content` (DeepSeek's thinking mode requires it back).
    ReasoningContent,
    /// In `reasoning`.
    Reasoning,
}

/// Responses: what happens to the items' `id` (`ids` of `sequence` and `session/messages`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdPolicy {
    /// Removed (the default): with `store: false` the API refuses ids it did not keep.
    Strip,
    /// Kept as they came.
    Keep,
}

/// Which members hold a call kind's key (the `key` of a [`CallKind`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum CallKey {
    /// The same member on the call and its outputs (`"call_id"` when no key is given).
    Member(String),
    /// One member on the call, another on its outputs.
    Split {
        /// The member on the call.
        call: String,
        /// The member on an output.
        output: String,
    },
}

/// A call type of the host's own, declared by `callKinds` of `initialize` (every session)
/// or `session/open` (that session): `{call, outputs, key?, synthetic?, name?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallKind {
    /// The call's `type`; declaring a built-in type replaces its row.
    pub call: String,
    /// The output types that answer it, the one synthetic outputs are made as first; empty
    /// for a kind the API runs itself (it needs no output).
    pub outputs: Vec<String>,
    /// The key members; `None` means `call_id` on both.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<CallKey>,
    /// The synthetic output's members besides `type` and the key (`{text}` and the other
    /// placeholders of the protocol); `None` sends nothing (`{"output": "{text}"}`), and
    /// `Some(Value::Null)` says no honest synthetic output exists (a cancelled call is dropped).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub synthetic: Option<Value>,
    /// The function name Chat, Anthropic and Gemini show; `None`: the call's own `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Texts of synthetic outputs; `None` keeps the sidecar's default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyntheticOutputs {
    /// For calls cancelled because the user interrupted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interrupted: Option<String>,
    /// For calls cancelled because the tool failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed: Option<String>,
    /// For calls cancelled because the tool timed out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
    /// For calls whose output never came (`sequence`, and batches left open).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lost: Option<String>,
}

/// Options of `sequence`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SequenceOptions {
    /// The format of `messages` (default `responses`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// What to do with calls that never got an output (default `synthesize`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_output: Option<MissingOutput>,
    /// Texts of synthetic outputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub synthetic_outputs: Option<SyntheticOutputs>,
    /// Chat: where reasoning goes (default `omit`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning: Option<ReasoningMember>,
    /// Responses: strip or keep the items' `id` (default `strip`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ids: Option<IdPolicy>,
}

/// Options of `session/open`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionOptions {
    /// The format `session/messages` uses when the request names none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// The session's synthetic texts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub synthetic_outputs: Option<SyntheticOutputs>,
}

/// The result of `initialize`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitializeResult {
    /// The server's name and version.
    pub server_info: ServerInfo,
    /// The protocol version the server speaks.
    pub protocol_version: u32,
    /// The formats and methods it offers.
    pub capabilities: Capabilities,
    /// The limits in force.
    pub limits: Limits,
}

/// The server's name and version.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ServerInfo {
    /// `tool-sequencer`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// What the server offers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Capabilities {
    /// The format names.
    pub formats: Vec<String>,
    /// The method names.
    pub methods: Vec<String>,
    /// The call types it sequences (built in and declared by `initialize`'s `callKinds`).
    pub call_kinds: Vec<String>,
}

/// The limits the server enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    /// The longest request line, in bytes.
    pub max_line_bytes: u64,
    /// The deepest nesting in a request.
    pub max_depth: u64,
    /// The most sessions open at once.
    pub max_sessions: u64,
    /// The most items one session may keep waiting (held or early).
    pub max_held: u64,
    /// The most bytes of items one session may hold.
    pub max_session_bytes: u64,
    /// The most bytes of items all open sessions may hold.
    pub max_total_bytes: u64,
}

/// The result of `sequence`.
#[derive(Debug, Clone, Deserialize)]
pub struct SequenceResult<M = Box<RawValue>> {
    /// The sequenced array (or request body) in the requested format.
    pub messages: M,
    /// What was changed to make it valid.
    pub repairs: Vec<Repair>,
    /// What was taken as it came but looks wrong (an item type it does not know).
    pub warnings: Vec<Warning>,
    /// What rendering in the format changed (a placeholder added, a block left out).
    pub notes: Vec<RenderNote>,
}

/// Something taken as it came but worth a look.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Warning {
    /// `unknown_type`, ...
    pub code: String,
    /// The item type concerned.
    #[serde(rename = "type")]
    pub kind: String,
    /// The item's index in the request's `items`; `None` when it was flushed from the held queue.
    pub index: Option<usize>,
    /// A sentence saying what was done and what the host may do.
    pub message: String,
}

/// What rendering in a format changed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RenderNote {
    /// `thought_signature_placeholder`, `whitespace_text_dropped`, ...
    pub code: String,
    /// The index of the item concerned, in the rendered items.
    pub index: usize,
    /// A sentence saying what was changed and why.
    pub message: String,
}

/// One change the sidecar made to a history.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Repair {
    /// `inserted_output`, `dropped_orphan`, `converted_output`, `dropped_late`, ...
    pub kind: String,
    /// The call involved, if any.
    #[serde(default)]
    pub call_id: Option<String>,
    /// The index of the item concerned in the input; `null` for an item flushed from the held
    /// queue (`converted_output` in a session).
    pub index: Option<usize>,
    /// Where the inserted item is in the result, for `inserted_output`.
    #[serde(default)]
    pub result_index: Option<usize>,
    /// A sentence describing the change.
    pub message: String,
}

/// The result of `validate`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ValidateResult {
    /// No problem of severity `error`.
    pub valid: bool,
    /// Every problem found, warnings included.
    pub problems: Vec<Problem>,
}

/// One problem in a messages array.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// A stable name of the rule broken (`missing_output`, ...).
    pub code: String,
    /// `error` (the API answers 400) or `warning`.
    pub severity: String,
    /// The index of the item or message at fault.
    pub index: usize,
    /// The call involved, if any.
    #[serde(default)]
    pub call_id: Option<String>,
    /// For an error, the provider's own text.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at [{}]: {}", self.severity, self.index, self.message)
    }
}

/// An item the sidecar did not take as it was (not an object, no `type`, a duplicate, a late
/// output, ...).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The item's index in the request's `items`; `None` when it was reported while being
    /// flushed from the held queue (and always for `session/cancel`, which has no items).
    pub index: Option<usize>,
    /// Why it was reported.
    pub reason: String,
    /// The call involved, if any.
    #[serde(default)]
    pub call_id: Option<String>,
    /// The item, as it was sent.
    pub item: Box<RawValue>,
    /// A sentence describing what happened.
    pub message: String,
}

/// The result of `session/open`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OpenResult {
    /// The session's id.
    pub session: String,
}

/// The result of `session/submit`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmitResult {
    /// Items committed so far.
    pub revision: u64,
    /// How many times the history was rewritten (`session/rewind`, `session/replace`).
    pub epoch: u64,
    /// Items this call committed, released held items and synthetic outputs included.
    pub committed: u64,
    /// The calls still waiting for an output.
    pub pending: Vec<String>,
    /// Items waiting behind pending calls now.
    pub held: u64,
    /// Outputs waiting for their call now.
    pub early: u64,
    /// Items not taken as they were.
    pub reported: Vec<Report>,
    /// Outputs converted to the kind their call needs.
    pub repairs: Vec<Repair>,
    /// Items taken as they came but worth a look.
    pub warnings: Vec<Warning>,
}

/// The result of `session/cancel`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelResult {
    /// The calls closed with a synthetic output.
    pub cancelled: Vec<String>,
    /// The calls left out instead: their kind has no honest synthetic output (`computer_call`).
    pub dropped: Vec<String>,
    /// Named calls that were not pending.
    pub not_pending: Vec<String>,
    /// Items committed so far.
    pub revision: u64,
    /// How many times the history was rewritten (`session/rewind`, `session/replace`).
    pub epoch: u64,
    /// Items this call committed.
    pub committed: u64,
    /// The calls still waiting for an output.
    pub pending: Vec<String>,
    /// Items waiting behind pending calls now.
    pub held: u64,
    /// Outputs waiting for their call now.
    pub early: u64,
    /// Items reported while the held queue was flushed.
    pub reported: Vec<Report>,
    /// Outputs converted while the held queue was flushed.
    pub repairs: Vec<Repair>,
}

/// The result of `session/messages`.
#[derive(Debug, Clone, Deserialize)]
pub struct MessagesResult<M = Box<RawValue>> {
    /// Items committed so far.
    pub revision: u64,
    /// How many times the history was rewritten (`session/rewind`, `session/replace`).
    pub epoch: u64,
    /// `true` when the `epoch` asked for is not the session's, so `messages` is the whole
    /// array, whatever `since` said (replace the copy kept).
    pub reset: bool,
    /// The committed array (or request body), complete and API-valid.
    pub messages: M,
    /// The calls still waiting for an output (their items are not in `messages` yet).
    pub pending: Vec<String>,
    /// Items waiting behind pending calls.
    pub held: u64,
    /// What rendering in the format changed.
    pub notes: Vec<RenderNote>,
}

/// The result of `session/state`.
#[derive(Debug, Clone, Deserialize)]
pub struct StateResult {
    /// The session's id.
    pub session: String,
    /// Items committed so far.
    pub revision: u64,
    /// How many times the history was rewritten.
    pub epoch: u64,
    /// The session's default format.
    pub format: Format,
    /// The model response still open (calls waiting for outputs), if any.
    pub batch: Option<Batch>,
    /// The calls waiting for an output.
    pub pending: Vec<String>,
    /// Items waiting behind pending calls.
    pub held: Vec<Waiting>,
    /// Outputs waiting for their call.
    pub early: Vec<Waiting>,
    /// The life of each call (see the protocol's README), as the sidecar wrote it.
    pub timeline: Box<RawValue>,
    /// Counts.
    pub counts: Counts,
    /// Only for a session `--state-dir` restored up to a record it could not replay: how many
    /// records were set aside, and why.
    #[serde(default)]
    pub restore: Option<Box<RawValue>>,
}

/// The open model response.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Batch {
    /// Milliseconds since it opened.
    pub age_ms: u64,
    /// Its items.
    pub items: Vec<Box<RawValue>>,
    /// Its calls.
    pub calls: Vec<BatchCall>,
    /// The outputs received for its calls so far.
    pub outputs: Vec<Box<RawValue>>,
}

/// A call of the open model response.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchCall {
    /// Its call id.
    pub call_id: String,
    /// `function_call`, `local_shell_call` or `custom_tool_call`.
    pub kind: String,
    /// The tool's name (`shell` for local shell calls).
    pub name: Option<String>,
    /// Milliseconds since it was submitted.
    pub age_ms: u64,
    /// Whether its output came.
    pub has_output: bool,
}

/// An item waiting in a queue.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Waiting {
    /// The item.
    pub item: Box<RawValue>,
    /// Milliseconds it has waited.
    pub age_ms: u64,
}

/// The counts in `session/state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Counts {
    /// Items submitted so far.
    pub submitted: u64,
    /// Items committed (the revision).
    pub committed: u64,
    /// Pending calls.
    pub pending: u64,
    /// Held items.
    pub held: u64,
    /// Early outputs.
    pub early: u64,
    /// Items reported so far.
    pub reported: u64,
}

/// The result of `session/close`.
#[derive(Debug, Clone, Deserialize)]
pub struct CloseResult {
    /// Early outputs whose call never came.
    pub orphans: Vec<Box<RawValue>>,
    /// Calls still pending when the session closed.
    pub pending: Vec<String>,
    /// Items still held when the session closed.
    pub held: Vec<Box<RawValue>>,
}

/// A session's whole state, as `session/export` gives it and `session/import` takes it: the
/// operations that made it. Serializes back to the same members, `params` byte for byte.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionExport {
    /// The shape's version (`1`).
    pub version: u32,
    /// The session's id.
    pub session: String,
    /// The session's default format.
    pub format: Format,
    /// The session's revision at the export.
    pub revision: u64,
    /// The session's clock at the export, in nanoseconds.
    pub exported_at: u64,
    /// The requests that changed the session, in order, first the `open`.
    pub operations: Vec<Operation>,
}

/// One request that changed a session.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Operation {
    /// `open`, `submit`, `cancel`, `rewind`, `replace`, `import`.
    pub kind: String,
    /// When it was applied, in nanoseconds on the session's clock.
    pub time: u64,
    /// Its params as accepted, without `session`, exactly as they came.
    pub params: Box<RawValue>,
}

/// The result of `session/import`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ImportResult {
    /// The id the session was given.
    pub session: String,
    /// Its revision.
    pub revision: u64,
    /// How many times its history was rewritten.
    pub epoch: u64,
}

/// The result of `session/rewind`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RewindResult {
    /// The revision now (the one asked for).
    pub revision: u64,
    /// The new epoch.
    pub epoch: u64,
    /// What was thrown away.
    pub discarded: Discarded,
}

/// What `session/rewind` threw away.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Discarded {
    /// Committed items after the revision.
    pub committed: u64,
    /// The calls that were pending, now forgotten.
    pub pending: Vec<String>,
    /// Held items.
    pub held: u64,
    /// Early outputs.
    pub early: u64,
}

/// The result of `session/replace`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReplaceResult {
    /// The revision now (the length of the new committed array).
    pub revision: u64,
    /// The new epoch.
    pub epoch: u64,
    /// What the one-shot rules changed in the replacement.
    pub repairs: Vec<Repair>,
    /// Items of the replacement taken as they came but worth a look.
    pub warnings: Vec<Warning>,
}

/// The params or result `{}` (`ping`, `shutdown`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Empty {}

/// One message of the `chat` format (OpenAI Chat Completions).
///
/// Members this struct does not name (such as the `reasoning_content` the sidecar adds to an
/// assistant message that followed a reasoning item, when asked with [`ReasoningMember`]) are
/// kept in [`ChatMessage::extra`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatMessage {
    /// `system`, `developer`, `user`, `assistant` or `tool`.
    pub role: String,
    /// A string, an array of parts, or `null` (an assistant message with only tool calls).
    #[serde(default)]
    pub content: Value,
    /// The tool calls of an assistant message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<ChatToolCall>>,
    /// The call a `tool` message answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
    /// Every other member, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A tool call in an assistant `chat` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatToolCall {
    /// The call id.
    pub id: String,
    /// `function`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The function and its arguments.
    pub function: ChatFunction,
}

/// The function of a `chat` tool call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatFunction {
    /// The tool's name.
    pub name: String,
    /// The arguments, a JSON document in a string.
    pub arguments: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn chat_messages_keep_members_they_do_not_name() {
        let text = r#"{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}],"reasoning":"r","score":1.5}"#;
        let message: ChatMessage = serde_json::from_str(text).unwrap();
        assert_eq!(message.extra.get("reasoning"), Some(&json!("r")));
        // Members kept, as JSON values (their order is serde_json's: no preserve_order).
        assert_eq!(
            serde_json::to_value(&message).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }

    #[test]
    fn call_kinds_write_only_what_is_set_and_null_for_no_synthetic_output() {
        let kinds = [
            CallKind {
                call: "x_call".to_owned(),
                outputs: vec!["x_call_output".to_owned()],
                key: Some(CallKey::Split {
                    call: "id".to_owned(),
                    output: "x_id".to_owned(),
                }),
                synthetic: Some(Value::Null),
                name: Some("x".to_owned()),
            },
            CallKind {
                call: "y_call".to_owned(),
                outputs: vec![],
                key: Some(CallKey::Member("y_id".to_owned())),
                synthetic: None,
                name: None,
            },
        ];
        assert_eq!(
            serde_json::to_value(&kinds).unwrap(),
            json!([
                {"call":"x_call","outputs":["x_call_output"],"key":{"call":"id","output":"x_id"},"synthetic":null,"name":"x"},
                {"call":"y_call","outputs":[],"key":"y_id"}
            ])
        );
    }

    #[test]
    fn params_are_camel_case_and_skip_what_is_unset() {
        let options = SequenceOptions {
            format: Some(Format::Chat),
            missing_output: Some(MissingOutput::Drop),
            synthetic_outputs: Some(SyntheticOutputs {
                lost: Some("gone".to_owned()),
                ..SyntheticOutputs::default()
            }),
            reasoning: Some(ReasoningMember::ReasoningContent),
            ids: None,
        };
        assert_eq!(
            serde_json::to_value(&options).unwrap(),
            json!({"format":"chat","missingOutput":"drop","syntheticOutputs":{"lost":"gone"},"reasoning":"reasoning_content"})
        );
        assert_eq!(
            serde_json::to_value(SessionOptions::default()).unwrap(),
            json!({})
        );
        assert_eq!(
            serde_json::to_value(CancelReason::Timeout).unwrap(),
            json!("timeout")
        );
    }
}
