//! The interrupted turn that breaks agent sessions, played through the sidecar.
//!
//! The user asks for something; the model answers with two parallel calls, a `local_shell_call`
//! (`make`) and a `function_call` (`read_file`); while they run, the user types a question and
//! then interrupts. A host that appends items as they happen would send
//! `user, call, call, user` and get `400 No tool output found for local shell call …` on every
//! retry. With the sidecar, the question is held while the calls are pending, `session/cancel`
//! closes both calls with synthetic outputs, and `session/messages` gives
//! `user, call, call, output, output, user` (and the same turn in `chat` form), which
//! `validate` accepts.
//!
//! [`play`] drives the sidecar and records every answer in a [`Transcript`]; [`check`] says
//! whether the transcript is what a host needs. `main` prints both; the integration tests
//! assert the exact arrays.

use crate::client::{MessagesQuery, SequencerClient};
use crate::error::Error;
use crate::items::{to_raw_items, ResponseItem};
use crate::protocol::{
    CancelReason, CancelResult, ChatMessage, CloseResult, Format, InitializeResult, MessagesResult,
    StateResult, SubmitResult, ValidateResult,
};
use serde_json::Value;

/// What the user asks first.
pub const USER_REQUEST: &str = "Build the project and tell me what NOTES.md says.";
/// What the user types while the tools run.
pub const USER_QUESTION: &str = "Stop. Why is the build so slow?";
/// The `call_id` of the `local_shell_call`.
pub const SHELL_CALL_ID: &str = "call_make";
/// The `call_id` of the `function_call`.
pub const READ_CALL_ID: &str = "call_notes";
/// The session's id.
pub const SESSION: &str = "interrupted-turn";

/// The user's first message.
pub fn user_request() -> ResponseItem {
    ResponseItem::user_text(USER_REQUEST)
}

/// The model's response: two calls in parallel.
pub fn model_response() -> Vec<ResponseItem> {
    vec![
        ResponseItem::local_shell_exec(SHELL_CALL_ID, ["bash", "-lc", "make"]),
        ResponseItem::function_call("read_file", r#"{"path":"NOTES.md"}"#, READ_CALL_ID),
    ]
}

/// The question the user types while the calls run.
pub fn user_question() -> ResponseItem {
    ResponseItem::user_text(USER_QUESTION)
}

/// Every answer the sidecar gave during [`play`].
#[derive(Debug, Clone)]
pub struct Transcript {
    /// `initialize`.
    pub server: InitializeResult,
    /// The session `session/open` opened.
    pub session: String,
    /// `session/submit` of the user's request.
    pub submit_request: SubmitResult,
    /// `session/submit` of the model's response.
    pub submit_response: SubmitResult,
    /// `session/submit` of the user's question, typed while the calls ran.
    pub submit_question: SubmitResult,
    /// `session/state` right before the interruption.
    pub state: StateResult,
    /// `session/cancel` with reason `interrupted`.
    pub cancel: CancelResult,
    /// `session/messages` in the `responses` format.
    pub responses: MessagesResult<Vec<ResponseItem>>,
    /// `session/messages` in the `chat` format.
    pub chat: MessagesResult<Vec<ChatMessage>>,
    /// `validate` of the responses array, as this host serializes it.
    pub responses_validation: ValidateResult,
    /// `validate` of the chat array, as this host serializes it.
    pub chat_validation: ValidateResult,
    /// `session/close`.
    pub close: CloseResult,
}

/// Plays the interrupted turn on `client`, telling `log` what happens, one line at a time.
pub async fn play(
    client: &SequencerClient,
    log: &mut (dyn FnMut(&str) + Send),
) -> Result<Transcript, Error> {
    let server = client
        .initialize(env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
        .await?;
    log(&format!(
        "initialize: {} {}, protocol {}",
        server.server_info.name, server.server_info.version, server.protocol_version
    ));

    let session = client.session_open(Some(SESSION), None).await?;
    log(&format!("session/open: {session}"));

    let submit_request = client
        .session_submit(&session, &raw(&[user_request()])?)
        .await?;
    log(&format!(
        "submit the user's request -> {}",
        summary(&submit_request)
    ));

    let submit_response = client
        .session_submit(&session, &raw(&model_response())?)
        .await?;
    log(&format!(
        "submit the model's response (local_shell_call {SHELL_CALL_ID}, function_call {READ_CALL_ID}) -> {}",
        summary(&submit_response)
    ));

    let submit_question = client
        .session_submit(&session, &raw(&[user_question()])?)
        .await?;
    log(&format!(
        "the user types {USER_QUESTION:?} while the calls run -> {}",
        summary(&submit_question)
    ));

    let state = client.session_state(&session).await?;
    log(&format!(
        "session/state: pending {:?}, {} held, revision {}",
        state.pending,
        state.held.len(),
        state.revision
    ));

    let cancel = client
        .session_cancel(&session, None, Some(CancelReason::Interrupted))
        .await?;
    log(&format!(
        "the user interrupts: session/cancel -> cancelled {:?}, committed {}, revision {}, pending {:?}, {} held",
        cancel.cancelled, cancel.committed, cancel.revision, cancel.pending, cancel.held
    ));

    let responses: MessagesResult<Vec<ResponseItem>> = client
        .session_messages(&session, query(Format::Responses))
        .await?;
    log(&format!(
        "session/messages (responses), revision {}:",
        responses.revision
    ));
    for (index, item) in responses.messages.iter().enumerate() {
        log(&format!("  [{index}] {}", describe_item(item)));
    }

    let chat: MessagesResult<Vec<ChatMessage>> = client
        .session_messages(&session, query(Format::Chat))
        .await?;
    log(&format!(
        "session/messages (chat), revision {}:",
        chat.revision
    ));
    for (index, message) in chat.messages.iter().enumerate() {
        log(&format!("  [{index}] {}", describe_chat(message)));
    }

    let responses_validation = client
        .validate(&responses.messages, Format::Responses)
        .await?;
    log(&format!(
        "validate (responses): {}",
        describe_validation(&responses_validation)
    ));
    let chat_validation = client.validate(&chat.messages, Format::Chat).await?;
    log(&format!(
        "validate (chat): {}",
        describe_validation(&chat_validation)
    ));

    let close = client.session_close(&session).await?;
    log(&format!(
        "session/close: {} orphans, {} pending, {} held",
        close.orphans.len(),
        close.pending.len(),
        close.held.len()
    ));

    Ok(Transcript {
        server,
        session,
        submit_request,
        submit_response,
        submit_question,
        state,
        cancel,
        responses,
        chat,
        responses_validation,
        chat_validation,
        close,
    })
}

fn raw(items: &[ResponseItem]) -> Result<Vec<Box<serde_json::value::RawValue>>, Error> {
    to_raw_items(items).map_err(|source| Error::Encode {
        method: crate::spec::method::SESSION_SUBMIT.to_owned(),
        source,
    })
}

fn query(format: Format) -> MessagesQuery {
    MessagesQuery {
        format: Some(format),
        ..MessagesQuery::default()
    }
}

/// One named expectation on a [`Transcript`] and whether it held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What is expected.
    pub name: &'static str,
    /// `Err` says what was found instead.
    pub outcome: Result<(), String>,
}

impl Check {
    fn new(name: &'static str, outcome: Result<(), String>) -> Self {
        Check { name, outcome }
    }

    /// Whether the expectation held.
    pub fn passed(&self) -> bool {
        self.outcome.is_ok()
    }
}

/// Checks what a host needs from the interrupted turn.
pub fn check(transcript: &Transcript) -> Vec<Check> {
    vec![
        Check::new(
            "the question typed while the calls run is held, not committed",
            check_held(&transcript.submit_question),
        ),
        Check::new(
            "session/cancel closes both calls",
            check_cancel(&transcript.cancel),
        ),
        Check::new(
            "responses: user, call, call, both synthetic outputs, then the question",
            check_responses(&transcript.responses.messages),
        ),
        Check::new(
            "chat: user, one assistant message with two tool_calls, two tool messages, then the question",
            check_chat(&transcript.chat.messages),
        ),
        Check::new(
            "validate finds no problem in the responses array",
            check_validation(&transcript.responses_validation),
        ),
        Check::new(
            "validate finds no problem in the chat array",
            check_validation(&transcript.chat_validation),
        ),
        Check::new(
            "session/close leaves nothing behind",
            check_close(&transcript.close),
        ),
    ]
}

fn both_calls() -> Vec<String> {
    vec![SHELL_CALL_ID.to_owned(), READ_CALL_ID.to_owned()]
}

fn expect_eq<T: PartialEq + std::fmt::Debug>(what: &str, got: &T, want: &T) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what} is {got:?}, expected {want:?}"))
    }
}

fn check_held(submit: &SubmitResult) -> Result<(), String> {
    expect_eq("held", &submit.held, &1)?;
    expect_eq("committed", &submit.committed, &0)?;
    expect_eq("pending", &submit.pending, &both_calls())?;
    expect_eq("reported", &submit.reported.len(), &0)
}

fn check_cancel(cancel: &CancelResult) -> Result<(), String> {
    expect_eq("cancelled", &cancel.cancelled, &both_calls())?;
    expect_eq("notPending", &cancel.not_pending, &Vec::new())?;
    expect_eq("pending", &cancel.pending, &Vec::new())?;
    expect_eq("held", &cancel.held, &0)
}

/// Whether `item` is a synthetic output for `call_id`: a `function_call_output` whose text
/// starts with `aborted`.
fn check_synthetic_output(index: usize, item: &ResponseItem, call_id: &str) -> Result<(), String> {
    match (item, item.output_text()) {
        (ResponseItem::FunctionCallOutput { call_id: got, .. }, Some(text)) if got == call_id => {
            if text.starts_with("aborted") {
                Ok(())
            } else {
                Err(format!(
                    "[{index}]'s output does not start with \"aborted\": {text:?}"
                ))
            }
        }
        _ => Err(format!(
            "[{index}] is {}, expected the text output of {call_id}",
            describe_item(item)
        )),
    }
}

fn check_responses(items: &[ResponseItem]) -> Result<(), String> {
    let kinds: Vec<String> = items.iter().map(describe_item).collect();
    if items.len() != 6 {
        return Err(format!("{} items, expected 6: {kinds:?}", items.len()));
    }
    expect_eq("[0]", &items[0], &user_request())?;
    expect_eq("[1..3]", &items[1..3].to_vec(), &model_response())?;
    check_synthetic_output(3, &items[3], SHELL_CALL_ID)?;
    check_synthetic_output(4, &items[4], READ_CALL_ID)?;
    expect_eq("[5]", &items[5], &user_question())
}

fn check_chat(messages: &[ChatMessage]) -> Result<(), String> {
    let roles: Vec<&str> = messages
        .iter()
        .map(|message| message.role.as_str())
        .collect();
    expect_eq(
        "roles",
        &roles,
        &vec!["user", "assistant", "tool", "tool", "user"],
    )?;
    expect_eq(
        "[0].content",
        &messages[0].content,
        &Value::from(USER_REQUEST),
    )?;
    let call_ids: Vec<&str> = messages[1]
        .tool_calls
        .iter()
        .flatten()
        .map(|call| call.id.as_str())
        .collect();
    expect_eq(
        "[1].tool_calls ids",
        &call_ids,
        &vec![SHELL_CALL_ID, READ_CALL_ID],
    )?;
    for (index, call_id) in [(2, SHELL_CALL_ID), (3, READ_CALL_ID)] {
        let message = &messages[index];
        expect_eq(
            &format!("[{index}].tool_call_id"),
            &message.tool_call_id.as_deref(),
            &Some(call_id),
        )?;
        match message.content.as_str() {
            Some(text) if text.starts_with("aborted") => {}
            _ => {
                return Err(format!(
                    "[{index}].content does not start with \"aborted\": {}",
                    message.content
                ))
            }
        }
    }
    expect_eq(
        "[4].content",
        &messages[4].content,
        &Value::from(USER_QUESTION),
    )
}

fn check_validation(validation: &ValidateResult) -> Result<(), String> {
    if validation.valid && validation.problems.is_empty() {
        Ok(())
    } else {
        Err(describe_validation(validation))
    }
}

fn check_close(close: &CloseResult) -> Result<(), String> {
    expect_eq("orphans", &close.orphans.len(), &0)?;
    expect_eq("pending", &close.pending.len(), &0)?;
    expect_eq("held", &close.held.len(), &0)
}

fn summary(submit: &SubmitResult) -> String {
    format!(
        "revision {}, committed {}, pending {:?}, {} held, {} early, {} reported",
        submit.revision,
        submit.committed,
        submit.pending,
        submit.held,
        submit.early,
        submit.reported.len()
    )
}

/// A one-line description of an item, for logs.
pub fn describe_item(item: &ResponseItem) -> String {
    match item {
        ResponseItem::Message { role, content, .. } => {
            let text: Vec<&str> = content.iter().filter_map(|part| part.text()).collect();
            format!("message/{role} {:?}", text.join(""))
        }
        ResponseItem::FunctionCall { name, call_id, .. } => {
            format!("function_call {name} {call_id}")
        }
        ResponseItem::LocalShellCall { call_id, .. } => {
            format!(
                "local_shell_call {}",
                call_id.as_deref().unwrap_or("(no call_id)")
            )
        }
        ResponseItem::FunctionCallOutput { call_id, .. }
        | ResponseItem::CustomToolCallOutput { call_id, .. } => match item.output_text() {
            Some(text) => format!("{} {call_id} {text:?}", item.type_name()),
            None => format!("{} {call_id} (content items)", item.type_name()),
        },
        other => match other.call_id() {
            Some(call_id) => format!("{} {call_id}", other.type_name()),
            None => other.type_name().to_owned(),
        },
    }
}

fn describe_chat(message: &ChatMessage) -> String {
    let mut line = message.role.clone();
    if let Some(calls) = &message.tool_calls {
        let ids: Vec<&str> = calls.iter().map(|call| call.id.as_str()).collect();
        line.push_str(&format!(" tool_calls {ids:?}"));
    }
    if let Some(call_id) = &message.tool_call_id {
        line.push_str(&format!(" for {call_id}"));
    }
    if !message.content.is_null() {
        line.push_str(&format!(" {}", message.content));
    }
    line
}

fn describe_validation(validation: &ValidateResult) -> String {
    if validation.problems.is_empty() {
        return format!("valid: {}, no problem", validation.valid);
    }
    let problems: Vec<String> = validation
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    format!(
        "valid: {}, problems: {}",
        validation.valid,
        problems.join("; ")
    )
}
