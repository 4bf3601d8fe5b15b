//! What protocol version 2 added: `ping`, `initialized`, `$/cancelRequest`, the refusal of
//! version 1, `session/rewind`, `session/replace`, the `epoch` of every result with a revision
//! and `reset` of `session/messages`, and the `reasoning` and `ids` render options.

mod common;

use common::{committed, raw};
use serde_json::value::RawValue;
use serde_json::{json, Value};
use tool_sequencer_rust_host::items::{from_raw_items, ResponseItem};
use tool_sequencer_rust_host::protocol::SequenceOptions;
use tool_sequencer_rust_host::spec::{self, code};
use tool_sequencer_rust_host::{
    Error, ErrorCode, Format, IdPolicy, MessagesQuery, ReasoningMember,
};

#[tokio::test]
async fn ping_initialized_and_cancel_request_answer_empty() {
    let client = common::sidecar();
    client.ping().await.unwrap();
    client.initialized().await.unwrap();
    client.cancel_request(1).await.unwrap();
}

#[tokio::test]
async fn protocol_version_1_is_refused() {
    let client = common::sidecar();
    let refused = client
        .call::<_, Value>(spec::method::INITIALIZE, &json!({"protocolVersion": 1}))
        .await;
    match refused {
        Err(Error::Rpc(error)) => {
            assert_eq!(error.kind(), ErrorCode::UnsupportedProtocolVersion);
            assert_eq!(error.code, code::UNSUPPORTED_PROTOCOL_VERSION);
            assert_eq!(
                error.message,
                "Unsupported protocol version: this server speaks 2, not 1"
            );
        }
        other => panic!("expected -31009, got {other:?}"),
    }
}

#[tokio::test]
async fn rewind_discards_the_abandoned_future() {
    let client = common::sidecar();
    let session = client.session_open(Some("rw"), None).await.unwrap();
    let ask = ResponseItem::user_text("one");
    let first = client
        .session_submit(&session, &raw(std::slice::from_ref(&ask)))
        .await
        .unwrap();
    assert_eq!((first.revision, first.epoch), (1, 0));
    client
        .session_submit(&session, &raw(&[ResponseItem::user_text("two")]))
        .await
        .unwrap();
    let waiting = client
        .session_submit(
            &session,
            &raw(&[
                ResponseItem::function_call("f", "{}", "call_x"),
                ResponseItem::user_text("held"),
            ]),
        )
        .await
        .unwrap();
    assert_eq!((waiting.revision, waiting.held), (2, 1));

    let rewound = client.session_rewind(&session, 1).await.unwrap();
    assert_eq!((rewound.revision, rewound.epoch), (1, 1));
    assert_eq!(rewound.discarded.committed, 1);
    assert_eq!(rewound.discarded.pending, ["call_x"]);
    assert_eq!((rewound.discarded.held, rewound.discarded.early), (1, 0));
    assert_eq!(
        committed(&client, &session).await,
        std::slice::from_ref(&ask)
    );
    // A copy kept from epoch 0 asks for what came after revision 2: it gets the whole array.
    let copy = client
        .session_messages::<Vec<Box<RawValue>>>(
            &session,
            MessagesQuery {
                since: Some(2),
                epoch: Some(0),
                ..MessagesQuery::default()
            },
        )
        .await
        .unwrap();
    assert!(copy.reset);
    assert_eq!((copy.revision, copy.epoch), (1, 1));
    assert_eq!(
        from_raw_items::<ResponseItem>(&copy.messages).unwrap(),
        [ask]
    );
    // call_x was seen only after revision 1: it is forgotten and may be used again.
    let reused = client
        .session_submit(
            &session,
            &raw(&[ResponseItem::function_call("f", "{}", "call_x")]),
        )
        .await
        .unwrap();
    assert!(reused.reported.is_empty());
    assert_eq!(
        (reused.epoch, reused.pending.as_slice()),
        (1, &["call_x".to_owned()][..])
    );
    let past = client.session_rewind(&session, 9).await;
    assert_eq!(past.unwrap_err().code(), Some(ErrorCode::InvalidParams));
}

#[tokio::test]
async fn rewind_refuses_a_revision_inside_a_model_response() {
    let client = common::sidecar();
    let session = client.session_open(Some("rb"), None).await.unwrap();
    // The call and its output commit together: the revision goes from 1 to 3.
    client
        .session_submit(
            &session,
            &raw(&[
                ResponseItem::user_text("read it"),
                ResponseItem::function_call("f", "{}", "call_b"),
                ResponseItem::function_call_output("call_b", "ok"),
            ]),
        )
        .await
        .unwrap();
    let refused = client.session_rewind(&session, 2).await.unwrap_err();
    assert_eq!(refused.code(), Some(ErrorCode::InvalidParams));
    let state = client.session_state(&session).await.unwrap();
    assert_eq!((state.revision, state.epoch), (3, 0));
}

#[tokio::test]
async fn replace_makes_a_compacted_history_the_committed_array() {
    let client = common::sidecar();
    let session = client.session_open(Some("rp"), None).await.unwrap();
    client
        .session_submit(
            &session,
            &raw(&[
                ResponseItem::user_text("long"),
                ResponseItem::assistant_text("history"),
            ]),
        )
        .await
        .unwrap();
    let compacted = vec![
        ResponseItem::user_text("summary"),
        ResponseItem::function_call("f", "{}", "call_open"),
    ];
    let replaced = client
        .session_replace(&session, &raw(&compacted))
        .await
        .unwrap();
    assert_eq!((replaced.revision, replaced.epoch), (3, 1));
    assert_eq!(replaced.repairs.len(), 1);
    assert_eq!(replaced.repairs[0].kind, "inserted_output");
    assert!(replaced.warnings.is_empty());
    let items = committed(&client, &session).await;
    assert_eq!(items[..2], compacted[..]);
    assert_eq!(items[2].call_id(), Some("call_open"));
}

#[tokio::test]
async fn replace_keeps_the_pending_call_and_the_held_message() {
    let client = common::sidecar();
    let session = client.session_open(Some("rk"), None).await.unwrap();
    let call = ResponseItem::local_shell_exec("call_make", ["make"]);
    let held = ResponseItem::user_text("why so slow?");
    client
        .session_submit(
            &session,
            &raw(&[ResponseItem::user_text("build it"), call.clone()]),
        )
        .await
        .unwrap();
    client
        .session_submit(&session, &raw(std::slice::from_ref(&held)))
        .await
        .unwrap();
    let summary = ResponseItem::user_text("summary: build it");
    let replaced = client
        .session_replace(&session, &raw(std::slice::from_ref(&summary)))
        .await
        .unwrap();
    assert_eq!((replaced.revision, replaced.epoch), (1, 1));
    let state = client.session_state(&session).await.unwrap();
    assert_eq!(state.pending, ["call_make"]);
    assert_eq!(state.held.len(), 1);
    let output = ResponseItem::function_call_output("call_make", "ok");
    let answered = client
        .session_submit(&session, &raw(std::slice::from_ref(&output)))
        .await
        .unwrap();
    assert_eq!((answered.revision, answered.epoch), (4, 1));
    assert_eq!(
        committed(&client, &session).await,
        [summary, call, output, held]
    );
}

#[tokio::test]
async fn reasoning_and_ids_choose_how_chat_and_responses_render() {
    let client = common::sidecar();
    let history: Vec<Box<RawValue>> = [
        r#"{"type":"message","role":"user","content":[{"type":"input_text","text":"read it"}]}"#,
        r#"{"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Read the file."}],"encrypted_content":null}"#,
        r#"{"type":"function_call","id":"fc_1","name":"f","arguments":"{}","call_id":"call_r"}"#,
        r#"{"type":"function_call_output","call_id":"call_r","output":"ok"}"#,
    ]
    .iter()
    .map(|text| RawValue::from_string((*text).to_owned()).unwrap())
    .collect();
    let chat = |reasoning| SequenceOptions {
        format: Some(Format::Chat),
        reasoning,
        ..SequenceOptions::default()
    };
    let plain = client
        .sequence::<Box<RawValue>>(&history, &chat(None))
        .await
        .unwrap();
    assert!(!plain.messages.get().contains("Read the file."));
    assert!(plain.notes.is_empty() && plain.warnings.is_empty());
    let kept = client
        .sequence::<Box<RawValue>>(&history, &chat(Some(ReasoningMember::ReasoningContent)))
        .await
        .unwrap();
    assert!(kept
        .messages
        .get()
        .contains(r#""reasoning_content":"Read the file.""#));
    let valid = client
        .validate_with(
            &kept.messages,
            Format::Chat,
            Some(ReasoningMember::ReasoningContent),
        )
        .await
        .unwrap();
    assert!(valid.valid, "{:?}", valid.problems);
    let refused = client.validate(&kept.messages, Format::Chat).await.unwrap();
    assert_eq!(refused.problems[0].code, "additional_properties");

    let stripped = client
        .sequence::<Box<RawValue>>(&history, &SequenceOptions::default())
        .await
        .unwrap();
    assert!(!stripped.messages.get().contains(r#""id":"rs_1""#));
    let session = client.session_open(Some("ids"), None).await.unwrap();
    client.session_submit(&session, &history).await.unwrap();
    let with_ids = client
        .session_messages::<Box<RawValue>>(
            &session,
            MessagesQuery {
                ids: Some(IdPolicy::Keep),
                ..MessagesQuery::default()
            },
        )
        .await
        .unwrap();
    assert!(with_ids.messages.get().contains(r#""id":"rs_1""#));
    assert!(with_ids.messages.get().contains(r#""id":"fc_1""#));
}
