//! The scenarios this product exists for, through the async client against the built sidecar:
//! a message typed while a tool runs, an interrupt, a cancel.

mod common;

use common::raw;
use serde_json::value::RawValue;
use tool_sequencer_rust_host::items::{from_raw_items, ResponseItem};
use tool_sequencer_rust_host::protocol::{CancelReason, Format};
use tool_sequencer_rust_host::{MessagesQuery, SequencerClient};

const INTERRUPTED: &str =
    "aborted: the user interrupted this tool call before it finished; it may have partly run.";
const FAILED: &str =
    "aborted: the host failed while running this tool call; it may have partly run.";

async fn committed(client: &SequencerClient, session: &str) -> Vec<ResponseItem> {
    let messages = client
        .session_messages::<Vec<Box<RawValue>>>(session, MessagesQuery::default())
        .await
        .unwrap();
    from_raw_items(&messages.messages).unwrap()
}

async fn assert_valid(client: &SequencerClient, session: &str) {
    let messages = client
        .session_messages::<Vec<Box<RawValue>>>(session, MessagesQuery::default())
        .await
        .unwrap();
    let validation = client
        .validate(&messages.messages, Format::Responses)
        .await
        .unwrap();
    assert!(validation.valid, "{:?}", validation.problems);
}

#[tokio::test]
async fn a_message_typed_while_a_tool_runs_waits_for_the_tool_output() {
    let client = common::sidecar();
    let session = client.session_open(Some("typing"), None).await.unwrap();
    let ask = ResponseItem::user_text("Run the tests.");
    let call = ResponseItem::local_shell_exec("call_test", ["cargo", "test"]);
    let typed = ResponseItem::user_text("Also check the docs.");
    let output = ResponseItem::function_call_output("call_test", "test result: ok. 3 passed");

    let first = client
        .session_submit(&session, &raw(&[ask.clone(), call.clone()]))
        .await
        .unwrap();
    assert_eq!(
        (first.revision, first.pending.as_slice()),
        (1, &["call_test".to_owned()][..])
    );
    let held = client
        .session_submit(&session, &raw(std::slice::from_ref(&typed)))
        .await
        .unwrap();
    assert_eq!((held.committed, held.held, held.revision), (0, 1, 1));
    // What a host would send to the model now is valid: the call is not in it yet.
    assert_eq!(
        committed(&client, &session).await,
        std::slice::from_ref(&ask)
    );

    let answered = client
        .session_submit(&session, &raw(std::slice::from_ref(&output)))
        .await
        .unwrap();
    assert_eq!(
        (answered.committed, answered.held, answered.revision),
        (3, 0, 4)
    );
    assert!(answered.pending.is_empty());
    assert_eq!(
        committed(&client, &session).await,
        [ask, call, output, typed]
    );
    assert_valid(&client, &session).await;
}

#[tokio::test]
async fn an_interrupt_closes_every_pending_call_and_a_late_output_is_reported() {
    let client = common::sidecar();
    let session = client.session_open(Some("interrupt"), None).await.unwrap();
    let ask = ResponseItem::user_text("Deploy.");
    let shell = ResponseItem::local_shell_exec("call_deploy", ["./deploy.sh"]);
    let read = ResponseItem::function_call("read_file", r#"{"path":"CHANGELOG"}"#, "call_read");
    let stop = ResponseItem::user_text("Stop!");
    client
        .session_submit(
            &session,
            &raw(&[ask.clone(), shell.clone(), read.clone(), stop.clone()]),
        )
        .await
        .unwrap();

    let cancel = client
        .session_cancel(&session, None, Some(CancelReason::Interrupted))
        .await
        .unwrap();
    assert_eq!(cancel.cancelled, ["call_deploy", "call_read"]);
    assert!(cancel.not_pending.is_empty() && cancel.pending.is_empty());
    assert_eq!((cancel.revision, cancel.committed, cancel.held), (6, 5, 0));
    assert_eq!(
        committed(&client, &session).await,
        [
            ask,
            shell,
            read,
            ResponseItem::function_call_output("call_deploy", INTERRUPTED),
            ResponseItem::function_call_output("call_read", INTERRUPTED),
            stop,
        ]
    );

    // The deploy script finishes after all: its output is late, and nothing changes.
    let late = client
        .session_submit(
            &session,
            &raw(&[ResponseItem::function_call_output("call_deploy", "done")]),
        )
        .await
        .unwrap();
    assert_eq!(late.committed, 0);
    assert_eq!(late.reported.len(), 1);
    assert_eq!(late.reported[0].reason, "late");
    assert_eq!(late.reported[0].call_id.as_deref(), Some("call_deploy"));
    assert_valid(&client, &session).await;
}

#[tokio::test]
async fn a_cancel_closes_only_the_named_call_and_the_other_output_still_counts() {
    let client = common::sidecar();
    let session = client.session_open(Some("cancel"), None).await.unwrap();
    let ask = ResponseItem::user_text("Fetch both.");
    let a = ResponseItem::function_call("fetch", r#"{"url":"a"}"#, "call_a");
    let b = ResponseItem::function_call("fetch", r#"{"url":"b"}"#, "call_b");
    client
        .session_submit(&session, &raw(&[ask.clone(), a.clone(), b.clone()]))
        .await
        .unwrap();

    let cancel = client
        .session_cancel(
            &session,
            Some(&["call_a", "call_unknown"]),
            Some(CancelReason::Failed),
        )
        .await
        .unwrap();
    assert_eq!(cancel.cancelled, ["call_a"]);
    assert_eq!(cancel.not_pending, ["call_unknown"]);
    assert_eq!(cancel.pending, ["call_b"]);
    assert_eq!(cancel.committed, 0, "the batch waits for call_b");

    let b_output = ResponseItem::function_call_output("call_b", "b's body");
    let done = client
        .session_submit(&session, &raw(std::slice::from_ref(&b_output)))
        .await
        .unwrap();
    assert_eq!((done.committed, done.revision), (4, 5));
    assert_eq!(
        committed(&client, &session).await,
        [
            ask,
            a,
            b,
            ResponseItem::function_call_output("call_a", FAILED),
            b_output
        ]
    );
    assert_valid(&client, &session).await;
}
