//! The client against the built sidecar (and, for replies the sidecar never gives, against a
//! stand-in written in `sh`).

mod common;

use serde_json::{json, Value};
use std::time::Duration;
use tool_sequencer_rust_host::client::{Error, ErrorCode, SequencerClient, Stderr};
use tool_sequencer_rust_host::items::ResponseItem;
use tool_sequencer_rust_host::protocol::{
    CancelReason, Format, MissingOutput, SequenceOptions, SessionOptions, SyntheticOutputs,
};

const LOST: &str = "aborted: no output was recorded for this tool call; it may have partly run.";

/// Unwraps the JSON-RPC error of a failed call.
fn rpc_error<T: std::fmt::Debug>(result: Result<T, Error>) -> tool_sequencer_rust_host::RpcError {
    match result {
        Err(Error::Rpc(error)) => *error,
        other => panic!("expected a JSON-RPC error, got {other:?}"),
    }
}

#[test]
fn sequence_synthesizes_a_missing_output() {
    let mut client = common::sidecar();
    let history = vec![
        ResponseItem::user_text("List the files."),
        ResponseItem::function_call("shell", r#"{"command":["ls"]}"#, "call_ls"),
        ResponseItem::user_text("Never mind."),
    ];
    let result = client
        .sequence::<_, Vec<ResponseItem>>(&history, &SequenceOptions::default())
        .unwrap();
    assert_eq!(
        result.messages,
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

    // The repaired history is valid; the raw one is not.
    assert!(
        client
            .validate(&result.messages, Format::Responses)
            .unwrap()
            .valid
    );
    let raw = client.validate(&history, Format::Responses).unwrap();
    assert!(!raw.valid);
    assert_eq!(raw.problems[0].code, "missing_output");
    assert_eq!(
        raw.problems[0].message,
        "No tool output found for function call call_ls."
    );
}

#[test]
fn sequence_with_custom_texts_and_formats() {
    let mut client = common::sidecar();
    let history = [ResponseItem::local_shell_exec("call_1", ["make"])];
    let options = SequenceOptions {
        format: Some(Format::Anthropic),
        missing_output: None,
        synthetic_outputs: Some(SyntheticOutputs {
            lost: Some("aborted: gone".to_owned()),
            ..SyntheticOutputs::default()
        }),
    };
    let result = client.sequence::<_, Value>(&history, &options).unwrap();
    // The anthropic body is an object; the synthetic text is ours.
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
            .unwrap()
            .valid
    );
}

#[test]
fn sequence_with_missing_output_error_is_a_typed_error() {
    let mut client = common::sidecar();
    let history = [ResponseItem::function_call("f", "{}", "call_f")];
    let options = SequenceOptions {
        missing_output: Some(MissingOutput::Error),
        ..SequenceOptions::default()
    };
    let error = rpc_error(client.sequence::<_, Value>(&history, &options));
    assert_eq!(error.kind(), ErrorCode::UnansweredCalls);
    assert_eq!(error.code, -31005);
    let problems = error.problems();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].call_id.as_deref(), Some("call_f"));
    // A JSON-RPC error leaves the client usable.
    assert_eq!(client.initialize("test", "0").unwrap().protocol_version, 2);
}

#[test]
fn unknown_item_types_round_trip_untouched() {
    let unknown = r#"{"type":"ghost_snapshot","ghost_commit":{"id":"4f2a","parent":null,"preexisting_untracked_files":["a b.txt","é"]},"zeta":1,"big":123456789012345678901234567890,"float":1.0,"exp":-2.5E+3,"alpha":[true,2.5,-3,{"y":"tab\there","x":"\"quoted\" ☃"}]}"#;
    let item: ResponseItem = serde_json::from_str(unknown).unwrap();
    assert!(matches!(item, ResponseItem::Other(_)));
    let history = vec![
        ResponseItem::user_text("hi"),
        item.clone(),
        ResponseItem::assistant_text("hello"),
    ];

    let mut client = common::sidecar();
    let sequenced = client
        .sequence::<_, Vec<ResponseItem>>(&history, &SequenceOptions::default())
        .unwrap();
    assert!(sequenced.repairs.is_empty());
    assert_eq!(sequenced.messages, history);
    assert_eq!(
        serde_json::to_string(&sequenced.messages[1]).unwrap(),
        unknown
    );

    // Through a session too, while a call is pending (the unknown item belongs to the batch).
    let session = client.session_open(None, None).unwrap();
    let submitted = client
        .session_submit(
            &session,
            &[
                ResponseItem::function_call("f", "{}", "call_f"),
                item.clone(),
                ResponseItem::function_call_output("call_f", "done"),
            ],
        )
        .unwrap();
    assert!(submitted.reported.is_empty(), "{:?}", submitted.reported);
    let messages = client
        .session_messages::<Vec<ResponseItem>>(&session, None, None)
        .unwrap()
        .messages;
    let texts: Vec<String> = messages
        .iter()
        .map(|item| serde_json::to_string(item).unwrap())
        .collect();
    assert!(texts.iter().any(|text| text == unknown), "{texts:#?}");
}

#[test]
fn unknown_session_is_a_typed_error() {
    let mut client = common::sidecar();
    let error = rpc_error(client.session_messages::<Value>("no-such-session", None, None));
    assert_eq!(error.kind(), ErrorCode::UnknownSession);
    assert_eq!(error.code, -31002);
    assert_eq!(error.method, "session/messages");
    assert_eq!(
        error.message,
        "Unknown session: no open session has the id \"no-such-session\""
    );
    assert_eq!(
        error.data,
        Some(json!({"path":"params.session","session":"no-such-session"}))
    );
    assert_eq!(error.path(), Some("params.session"));
    let text = Error::from(error).to_string();
    assert!(text.contains("-31002"), "{text}");

    // Each session method answers the same way, and the client stays usable.
    for result in [
        client.session_state("gone").map(|_| ()),
        client.session_close("gone").map(|_| ()),
        client.session_cancel("gone", None, None).map(|_| ()),
        client
            .session_submit("gone", &[ResponseItem::user_text("x")])
            .map(|_| ()),
    ] {
        assert_eq!(rpc_error(result).kind(), ErrorCode::UnknownSession);
    }
    assert!(client.session_open(Some("gone"), None).is_ok());
}

#[test]
fn other_errors_are_typed() {
    let mut client = common::sidecar();
    client.initialize("test", "0").unwrap();
    assert_eq!(
        rpc_error(client.initialize("test", "0")).kind(),
        ErrorCode::AlreadyInitialized
    );
    assert_eq!(
        rpc_error(client.call_value("no/such/method", &())).kind(),
        ErrorCode::MethodNotFound
    );
    let invalid = rpc_error(client.call_value("sequence", &json!({"items": 3})));
    assert_eq!(invalid.kind(), ErrorCode::InvalidParams);
    assert_eq!(invalid.path(), Some("params.items"));
    client.session_open(Some("twice"), None).unwrap();
    assert_eq!(
        rpc_error(client.session_open(Some("twice"), None)).kind(),
        ErrorCode::SessionExists
    );
    assert_eq!(ErrorCode::from_code(-1), ErrorCode::Other(-1));
    assert_eq!(ErrorCode::TooManySessions.code(), -31004);
}

#[test]
fn an_error_answered_with_a_null_id_is_the_answer_to_the_request_in_flight() {
    let mut client = SequencerClient::builder()
        .arg("--max-line-bytes")
        .arg("200")
        .stderr(Stderr::Capture)
        .spawn()
        .unwrap();
    let long = ResponseItem::user_text("x".repeat(300));
    let error = rpc_error(client.sequence::<_, Value>(&[long], &SequenceOptions::default()));
    assert_eq!(error.kind(), ErrorCode::LineTooLong);
    // The line was skipped; the next request is answered as usual.
    let session = client.session_open(None, None).unwrap();
    assert!(!session.is_empty());
}

#[test]
fn session_state_close_and_orphans() {
    let mut client = common::sidecar();
    let options = SessionOptions {
        format: Some(Format::Chat),
        synthetic_outputs: Some(SyntheticOutputs {
            timeout: Some("aborted: too slow".to_owned()),
            ..SyntheticOutputs::default()
        }),
    };
    let session = client.session_open(Some("s"), Some(&options)).unwrap();
    assert_eq!(session, "s");
    // An output whose call has not come: early.
    let early = client
        .session_submit(
            &session,
            &[ResponseItem::function_call_output("call_x", "out")],
        )
        .unwrap();
    assert_eq!(early.early, 1);
    client
        .session_submit(
            &session,
            &[ResponseItem::function_call("f", "{}", "call_y")],
        )
        .unwrap();
    let state = client.session_state(&session).unwrap();
    assert_eq!(state.format, Format::Chat);
    assert_eq!(state.pending, ["call_y"]);
    assert_eq!(state.early.len(), 1);
    let batch = state.batch.expect("an open batch");
    assert_eq!(batch.calls[0].call_id, "call_y");
    assert!(!batch.calls[0].has_output);

    let cancel = client
        .session_cancel(
            &session,
            Some(&["call_y", "call_z"]),
            Some(CancelReason::Timeout),
        )
        .unwrap();
    assert_eq!(cancel.cancelled, ["call_y"]);
    assert_eq!(cancel.not_pending, ["call_z"]);
    // The session's default format is chat; `since` gives only what came after a revision.
    let chat = client
        .session_messages::<Vec<tool_sequencer_rust_host::ChatMessage>>(&session, None, Some(0))
        .unwrap();
    assert_eq!(chat.messages.len(), 2);
    assert_eq!(chat.messages[1].content, json!("aborted: too slow"));

    let closed = client.session_close(&session).unwrap();
    assert_eq!(
        closed.orphans,
        [json!({"type":"function_call_output","call_id":"call_x","output":"out"})]
    );
    assert!(closed.pending.is_empty());
}

#[test]
fn shutdown_ends_the_sidecar() {
    let mut client = common::sidecar();
    let status = client.shutdown().unwrap();
    assert!(status.success(), "{status}");
    assert!(matches!(
        client.initialize("x", "0"),
        Err(Error::Broken { .. })
    ));
}

#[test]
fn closing_stdin_ends_the_sidecar() {
    let client = common::sidecar();
    assert!(client.close().unwrap().success());
}

#[test]
fn an_unexpected_id_is_an_error_and_breaks_the_client() {
    let mut client = common::fake_sidecar(
        r#"read line; echo '{"jsonrpc":"2.0","id":42,"result":{}}'; read line"#,
    );
    match client.call_value("session/state", &json!({"session": "s"})) {
        Err(Error::UnexpectedId {
            expected,
            got,
            method,
            ..
        }) => {
            assert_eq!(expected, 1);
            assert_eq!(got, "42");
            assert_eq!(method, "session/state");
        }
        other => panic!("expected UnexpectedId, got {other:?}"),
    }
    // Nothing after a mismatch can be trusted.
    assert!(matches!(
        client.call_value("session/state", &json!({"session": "s"})),
        Err(Error::Broken { .. })
    ));
}

#[test]
fn a_line_that_is_not_a_response_is_an_error() {
    for reply in [
        "hello",
        "[]",
        r#"{"jsonrpc":"2.0","id":1}"#,
        r#"{"jsonrpc":"1.0","id":1,"result":{}}"#,
        r#"{"jsonrpc":"2.0","id":1,"error":{"code":"x","message":"m"}}"#,
    ] {
        let mut client = common::fake_sidecar(&format!("read line; echo '{reply}'; read line"));
        match client.call_value("shutdown", &()) {
            Err(Error::Protocol { line, .. }) => assert_eq!(line, reply),
            other => panic!("{reply}: expected Protocol, got {other:?}"),
        }
    }
}

#[test]
fn a_line_that_is_not_utf8_is_an_error() {
    let mut client = common::fake_sidecar(r#"read line; printf '\377\n'; read line"#);
    match client.call_value("shutdown", &()) {
        Err(Error::Protocol { reason, .. }) => assert!(reason.contains("UTF-8"), "{reason}"),
        other => panic!("expected Protocol, got {other:?}"),
    }
}

#[test]
fn a_sidecar_that_exits_or_hangs_is_an_error() {
    let mut gone = common::fake_sidecar("echo 'bye' >&2; exit 3");
    match gone.call_value("shutdown", &()) {
        Err(Error::Exited { status, .. }) => {
            assert_eq!(status.and_then(|status| status.code()), Some(3));
        }
        other => panic!("expected Exited, got {other:?}"),
    }

    let mut silent = SequencerClient::builder()
        .program("sh")
        .arg("-c")
        .arg("read line; exec sleep 5")
        .timeout(Duration::from_millis(200))
        .exit_timeout(Duration::from_millis(100))
        .spawn()
        .unwrap();
    assert!(matches!(
        silent.call_value("shutdown", &()),
        Err(Error::Timeout { .. })
    ));
    // Dropping it kills it after the exit timeout instead of waiting 5 s.
    let started = std::time::Instant::now();
    drop(silent);
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn a_missing_program_is_a_spawn_error() {
    let result = SequencerClient::builder()
        .program("/nonexistent/tool-sequencer")
        .spawn();
    match result {
        Err(error @ Error::Spawn { .. }) => {
            assert!(error.to_string().contains("TOOL_SEQUENCER_BIN"), "{error}")
        }
        other => panic!("expected Spawn, got {other:?}"),
    }
}
