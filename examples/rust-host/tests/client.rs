//! The typed methods against the built sidecar, and replies the sidecar never gives against a
//! stand-in written in `sh`.

mod common;

use common::{raw, raw_text};
use serde_json::value::RawValue;
use serde_json::{json, Value};
use std::time::Duration;
use tool_sequencer_rust_host::items::{from_raw_items, ResponseItem};
use tool_sequencer_rust_host::protocol::{
    Format, MissingOutput, SequenceOptions, SessionOptions, SyntheticOutputs,
};
use tool_sequencer_rust_host::spec::{self, code};
use tool_sequencer_rust_host::{Error, ErrorCode, MessagesQuery, RpcError};

const LOST: &str = "aborted: no output was recorded for this tool call; it may have partly run.";

/// Unwraps the JSON-RPC error of a failed call.
fn rpc_error<T: std::fmt::Debug>(result: Result<T, Error>) -> RpcError {
    match result {
        Err(Error::Rpc(error)) => *error,
        other => panic!("expected a JSON-RPC error, got {other:?}"),
    }
}

#[tokio::test]
async fn initialize_reports_the_protocol_version_and_every_method_the_sidecar_has() {
    let client = common::sidecar();
    let server = client.initialize("test", "0").await.unwrap();
    assert_eq!(server.server_info.name, "tool-sequencer");
    assert_eq!(server.protocol_version, spec::PROTOCOL_VERSION);
    // The sidecar's methods are spec.rs's, in the order of its table.
    let named: Vec<&str> = spec::METHODS.iter().map(|method| method.name).collect();
    assert_eq!(server.capabilities.methods, named);
    assert!(server
        .capabilities
        .call_kinds
        .iter()
        .any(|kind| kind == "local_shell_call"));
    assert_eq!(server.limits.max_total_bytes, 1_073_741_824);
    let again = rpc_error(client.initialize("test", "0").await);
    assert_eq!(again.kind(), ErrorCode::AlreadyInitialized);
    assert_eq!(again.code, code::ALREADY_INITIALIZED);
}

#[tokio::test]
async fn sequence_synthesizes_a_missing_output() {
    let client = common::sidecar();
    let history = vec![
        ResponseItem::user_text("List the files."),
        ResponseItem::function_call("shell", r#"{"command":["ls"]}"#, "call_ls"),
        ResponseItem::user_text("Never mind."),
    ];
    let result = client
        .sequence::<Vec<Box<RawValue>>>(&raw(&history), &SequenceOptions::default())
        .await
        .unwrap();
    let items: Vec<ResponseItem> = from_raw_items(&result.messages).unwrap();
    assert_eq!(
        items,
        vec![
            history[0].clone(),
            history[1].clone(),
            ResponseItem::function_call_output("call_ls", LOST),
            history[2].clone(),
        ]
    );
    assert_eq!(result.repairs.len(), 1);
    let repair = &result.repairs[0];
    assert_eq!(repair.kind, "inserted_output");
    assert_eq!(repair.call_id.as_deref(), Some("call_ls"));
    assert_eq!((repair.index, repair.result_index), (Some(1), Some(2)));

    assert!(
        client
            .validate(&result.messages, Format::Responses)
            .await
            .unwrap()
            .valid
    );
    let rejected = client
        .validate(&raw(&history), Format::Responses)
        .await
        .unwrap();
    assert!(!rejected.valid);
    assert_eq!(rejected.problems[0].code, "missing_output");
    assert_eq!(
        rejected.problems[0].message,
        "No tool output found for function call call_ls."
    );
}

#[tokio::test]
async fn sequence_in_another_format_with_custom_texts() {
    let client = common::sidecar();
    let options = SequenceOptions {
        format: Some(Format::Anthropic),
        missing_output: None,
        synthetic_outputs: Some(SyntheticOutputs {
            lost: Some("aborted: gone".to_owned()),
            ..SyntheticOutputs::default()
        }),
        ..SequenceOptions::default()
    };
    let history = raw(&[ResponseItem::local_shell_exec("call_1", ["make"])]);
    let result = client.sequence::<Value>(&history, &options).await.unwrap();
    assert!(
        result.messages.get("messages").is_some(),
        "{}",
        result.messages
    );
    assert!(
        result.messages.to_string().contains("aborted: gone"),
        "{}",
        result.messages
    );
    assert!(
        client
            .validate(&result.messages, Format::Anthropic)
            .await
            .unwrap()
            .valid
    );
}

#[tokio::test]
async fn unanswered_calls_are_a_typed_error_with_problems() {
    let client = common::sidecar();
    let options = SequenceOptions {
        missing_output: Some(MissingOutput::Error),
        ..SequenceOptions::default()
    };
    let history = raw(&[ResponseItem::function_call("f", "{}", "call_f")]);
    let error = rpc_error(client.sequence::<Value>(&history, &options).await);
    assert_eq!(error.kind(), ErrorCode::UnansweredCalls);
    assert_eq!(error.method, "sequence");
    let problems = error.problems();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].call_id.as_deref(), Some("call_f"));
    // A JSON-RPC error leaves the client usable.
    assert!(
        client
            .validate(&json!([]), Format::Responses)
            .await
            .unwrap()
            .valid
    );
}

#[tokio::test]
async fn session_errors_carry_code_message_and_data() {
    let client = common::sidecar();
    let unknown = rpc_error(client.session_state("nope").await);
    assert_eq!(unknown.kind(), ErrorCode::UnknownSession);
    assert_eq!(
        unknown.message,
        "Unknown session: no open session has the id \"nope\""
    );
    assert_eq!(
        unknown.data,
        Some(json!({"path":"params.session","session":"nope"}))
    );
    assert_eq!(unknown.path(), Some("params.session"));

    assert_eq!(client.session_open(Some("s"), None).await.unwrap(), "s");
    let exists = rpc_error(client.session_open(Some("s"), None).await);
    assert_eq!(exists.kind(), ErrorCode::SessionExists);

    let bad_since = rpc_error(
        client
            .session_messages::<Value>(
                "s",
                MessagesQuery {
                    since: Some(5),
                    ..MessagesQuery::default()
                },
            )
            .await,
    );
    assert_eq!(bad_since.kind(), ErrorCode::InvalidParams);
    assert_eq!(bad_since.path(), Some("params.since"));

    let missing: Result<Value, Error> = client.call("no/such", &json!({})).await;
    let missing = rpc_error(missing);
    assert_eq!(missing.kind(), ErrorCode::MethodNotFound);
    assert_eq!(missing.data, Some(json!({"method":"no/such"})));
}

#[tokio::test]
async fn item_bytes_pass_through_untouched() {
    // Numbers that a Double would round, escapes, members in no particular order, a type no
    // one knows: the committed array gives back the very bytes that were submitted.
    let odd = r#"{"type":"image_generation_call","zeta":1,"big":123456789012345678901234567890,"float":1.0,"exp":-2.5E+3,"alpha":[true,2.5,{"y":"tab\there","x":"\"quoted\" \u2603 caf\u00e9"}]}"#;
    let user = r#"{"type":"message","role":"user","content":[{"type":"input_text","text":"line\nbreak \ud83d\ude00"}],"id":"msg_9"}"#;
    let client = common::sidecar();
    let session = client.session_open(None, None).await.unwrap();
    let submitted = client
        .session_submit(&session, &[raw_text(user), raw_text(odd)])
        .await
        .unwrap();
    assert_eq!((submitted.revision, submitted.committed), (2, 2));
    let messages = client
        .session_messages::<Vec<Box<RawValue>>>(&session, MessagesQuery::default())
        .await
        .unwrap();
    let texts: Vec<&str> = messages.messages.iter().map(|item| item.get()).collect();
    // The sidecar leaves the server's `id` out when rendering; everything else is byte-exact.
    assert_eq!(
        texts,
        [
            r#"{"type":"message","role":"user","content":[{"type":"input_text","text":"line\nbreak \ud83d\ude00"}]}"#,
            odd
        ]
    );
    // Typed, the unknown type is Codex's `Other`, and the message reads as Codex reads it.
    let typed: Vec<ResponseItem> = from_raw_items(&messages.messages).unwrap();
    assert_eq!(typed[1], ResponseItem::Other);
    assert_eq!(typed[0], ResponseItem::user_text("line\nbreak \u{1F600}"));
}

#[tokio::test]
async fn state_close_and_orphans() {
    let client = common::sidecar();
    let options = SessionOptions {
        format: Some(Format::Chat),
        synthetic_outputs: None,
    };
    let session = client
        .session_open(Some("diag"), Some(&options))
        .await
        .unwrap();
    let items = raw(&[
        ResponseItem::function_call_output("call_never", "orphan"),
        ResponseItem::function_call("f", "{}", "call_open"),
        ResponseItem::user_text("waiting"),
    ]);
    let submitted = client.session_submit(&session, &items).await.unwrap();
    assert_eq!(submitted.pending, ["call_open"]);
    assert_eq!((submitted.held, submitted.early), (1, 1));
    let state = client.session_state(&session).await.unwrap();
    assert_eq!(state.format, Format::Chat);
    let batch = state.batch.expect("an open batch");
    assert_eq!(batch.calls[0].call_id, "call_open");
    assert_eq!(batch.items[0].get(), items[1].get());
    assert_eq!(state.held[0].item.get(), items[2].get());
    assert_eq!(state.early[0].item.get(), items[0].get());
    assert_eq!(state.counts.submitted, 3);

    let closed = client.session_close(&session).await.unwrap();
    assert_eq!(
        closed.orphans.iter().map(|i| i.get()).collect::<Vec<_>>(),
        [items[0].get()]
    );
    assert_eq!(closed.pending, ["call_open"]);
    assert_eq!(
        closed.held.iter().map(|i| i.get()).collect::<Vec<_>>(),
        [items[2].get()]
    );
    assert_eq!(
        rpc_error(client.session_state(&session).await).kind(),
        ErrorCode::UnknownSession
    );
}

#[tokio::test]
async fn export_and_import_round_trip_a_session() {
    let client = common::sidecar();
    let session = client.session_open(Some("orig"), None).await.unwrap();
    let items = raw(&[
        ResponseItem::user_text("go"),
        ResponseItem::local_shell_exec("call_1", ["make"]),
    ]);
    client.session_submit(&session, &items).await.unwrap();
    let held = raw(&[ResponseItem::user_text("typed while make runs")]);
    client.session_submit(&session, &held).await.unwrap();
    let export = client.session_export(&session).await.unwrap();
    assert_eq!(export.session, "orig");
    assert_eq!(export.revision, 1);
    let kinds: Vec<&str> = export
        .operations
        .iter()
        .map(|op| op.kind.as_str())
        .collect();
    assert_eq!(kinds, ["open", "submit", "submit"]);
    // The params come back exactly as they were sent (without `session`).
    let expected = format!(
        r#"{{"items":[{}]}}"#,
        items.iter().map(|i| i.get()).collect::<Vec<_>>().join(",")
    );
    assert_eq!(export.operations[1].params.get(), expected);

    let imported = client.session_import(&export, Some("copy")).await.unwrap();
    assert_eq!((imported.session.as_str(), imported.revision), ("copy", 1));
    let copy = client.session_state("copy").await.unwrap();
    assert_eq!(copy.pending, ["call_1"]);
    assert_eq!(copy.held.len(), 1);
    assert_eq!(copy.held[0].item.get(), held[0].get());
    let again = rpc_error(client.session_import(&export, Some("copy")).await);
    assert_eq!(again.kind(), ErrorCode::SessionExists);
}

#[tokio::test]
async fn a_null_id_error_answers_the_oldest_request_in_flight() {
    // A line over --max-line-bytes is answered with `id: null`; with three requests in flight
    // the sidecar's in-order answers say it was the second one.
    let client = common::builder()
        .arg("--max-line-bytes")
        .arg("400")
        .spawn()
        .unwrap();
    let long = raw(&[ResponseItem::user_text("x".repeat(1000))]);
    let empty = json!([]);
    let (first, second, third) = tokio::join!(
        client.validate(&empty, Format::Responses),
        client.validate(&long, Format::Responses),
        client.validate(&empty, Format::Chat),
    );
    assert!(first.unwrap().valid);
    let too_long = rpc_error(second);
    assert_eq!(too_long.kind(), ErrorCode::LineTooLong);
    assert_eq!(too_long.method, "validate");
    assert!(third.unwrap().valid);
}

#[tokio::test]
async fn shutdown_ends_the_sidecar_and_closes_the_client() {
    let client = common::sidecar();
    let status = client.shutdown().await.unwrap().expect("an exit status");
    assert!(status.success(), "{status}");
    match client.validate(&json!([]), Format::Responses).await {
        Err(Error::Closed { method }) => assert_eq!(method, "validate"),
        other => panic!("expected Closed, got {other:?}"),
    }
}

#[tokio::test]
async fn close_lets_the_sidecar_answer_and_exit_zero() {
    let client = common::sidecar();
    client.session_open(Some("s"), None).await.unwrap();
    let status = client.close().await.expect("an exit status");
    assert!(status.success(), "{status}");
    assert_eq!(
        client.respawns(),
        0,
        "a closed sidecar is not started again"
    );
}

#[tokio::test]
async fn lines_that_are_not_responses_fail_the_oldest_request_and_the_client_goes_on() {
    let script = r#"read a; echo 'not json'; read b; echo '{"jsonrpc":"2.0","id":2,"result":{"valid":true,"problems":[]}}'; read c; echo '{"jsonrpc":"2.0","id":99,"result":{}}'; cat >/dev/null"#;
    let client = common::fake_sidecar(script).spawn().unwrap();
    match client.validate(&json!([]), Format::Responses).await {
        Err(Error::Protocol { method, line, .. }) => {
            assert_eq!((method.as_str(), line.as_str()), ("validate", "not json"))
        }
        other => panic!("expected a protocol error, got {other:?}"),
    }
    assert!(
        client
            .validate(&json!([]), Format::Responses)
            .await
            .unwrap()
            .valid
    );
    match client.validate(&json!([]), Format::Responses).await {
        Err(Error::Protocol { reason, .. }) => assert!(reason.contains("id 99"), "{reason}"),
        other => panic!("expected a protocol error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_missing_program_is_a_spawn_error() {
    let result = tool_sequencer_rust_host::SequencerClient::builder()
        .program("/nonexistent/tool-sequencer")
        .spawn();
    match result {
        Err(error @ Error::Spawn { .. }) => {
            assert!(error.to_string().contains("TOOL_SEQUENCER_BIN"), "{error}")
        }
        other => panic!("expected a spawn error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_unanswered_request_times_out_and_only_it_fails() {
    // The stand-in answers nothing to the first line, then echoes ids.
    let script = r#"read first; while read line; do id=$(printf '%s' "$line" | sed -E 's/.*"id":([0-9]+).*/\1/'); printf '{"jsonrpc":"2.0","id":%s,"result":{"valid":true,"problems":[]}}\n' "$id"; done"#;
    let client = common::fake_sidecar(script).spawn().unwrap();
    let started = std::time::Instant::now();
    let first: Result<Value, Error> = client
        .call_with(
            "validate",
            &json!({"format":"responses","messages":[]}),
            Duration::from_millis(300),
        )
        .await;
    match first {
        Err(Error::Timeout { method, after }) => {
            assert_eq!(
                (method.as_str(), after),
                ("validate", Duration::from_millis(300))
            )
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert!(
        client
            .validate(&json!([]), Format::Responses)
            .await
            .unwrap()
            .valid
    );
    assert_eq!(client.in_flight(), 0);
}
