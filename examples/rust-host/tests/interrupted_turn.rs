//! The interrupted turn, played against the built sidecar, with the exact arrays it must give.

mod common;

use serde_json::json;
use tool_sequencer_rust_host::items::ResponseItem;
use tool_sequencer_rust_host::scenario::{self, READ_CALL_ID, SESSION, SHELL_CALL_ID};

const ABORTED: &str =
    "aborted: the user interrupted this tool call before it finished; it may have partly run.";

#[tokio::test]
async fn interrupted_turn_gives_the_exact_arrays() {
    let client = common::sidecar();
    let mut log = Vec::new();
    let transcript = scenario::play(&client, &mut |line| log.push(line.to_owned()))
        .await
        .unwrap_or_else(|error| panic!("{error}"));

    assert_eq!(transcript.session, SESSION);
    assert_eq!(transcript.server.server_info.name, "tool-sequencer");
    assert_eq!(
        transcript.server.protocol_version,
        tool_sequencer_rust_host::spec::PROTOCOL_VERSION
    );

    // The request commits at once; the model's calls open a batch; the question is held.
    assert_eq!(
        (
            transcript.submit_request.revision,
            transcript.submit_request.committed
        ),
        (1, 1)
    );
    assert_eq!(
        transcript.submit_response.pending,
        [SHELL_CALL_ID, READ_CALL_ID]
    );
    assert_eq!(transcript.submit_response.committed, 0);
    assert_eq!(transcript.submit_question.held, 1);
    assert_eq!(transcript.submit_question.committed, 0);
    assert_eq!(transcript.submit_question.revision, 1);
    assert_eq!(transcript.state.pending, [SHELL_CALL_ID, READ_CALL_ID]);
    assert_eq!(transcript.state.held.len(), 1);
    assert_eq!(transcript.state.counts.submitted, 4);

    // Cancel: two synthetic outputs and the held question are committed.
    assert_eq!(transcript.cancel.cancelled, [SHELL_CALL_ID, READ_CALL_ID]);
    assert!(transcript.cancel.not_pending.is_empty());
    assert_eq!(
        (transcript.cancel.revision, transcript.cancel.committed),
        (6, 5)
    );
    assert!(transcript.cancel.pending.is_empty());
    assert_eq!(transcript.cancel.held, 0);

    let expected_responses = json!([
        {"type":"message","role":"user","content":[{"type":"input_text","text":scenario::USER_REQUEST}]},
        {"type":"local_shell_call","call_id":SHELL_CALL_ID,"status":"in_progress",
         "action":{"type":"exec","command":["bash","-lc","make"],"timeout_ms":null,"working_directory":null,"env":null,"user":null}},
        {"type":"function_call","name":"read_file","arguments":"{\"path\":\"NOTES.md\"}","call_id":READ_CALL_ID},
        {"type":"function_call_output","call_id":SHELL_CALL_ID,"output":ABORTED},
        {"type":"function_call_output","call_id":READ_CALL_ID,"output":ABORTED},
        {"type":"message","role":"user","content":[{"type":"input_text","text":scenario::USER_QUESTION}]}
    ]);
    assert_eq!(transcript.responses.revision, 6);
    assert_eq!(
        serde_json::to_value(&transcript.responses.messages).unwrap(),
        expected_responses
    );
    let mut typed = vec![scenario::user_request()];
    typed.extend(scenario::model_response());
    typed.push(ResponseItem::function_call_output(SHELL_CALL_ID, ABORTED));
    typed.push(ResponseItem::function_call_output(READ_CALL_ID, ABORTED));
    typed.push(scenario::user_question());
    assert_eq!(transcript.responses.messages, typed);

    let expected_chat = json!([
        {"role":"user","content":scenario::USER_REQUEST},
        {"role":"assistant","content":null,"tool_calls":[
            {"id":SHELL_CALL_ID,"type":"function","function":{"name":"shell",
             "arguments":"{\"type\":\"exec\",\"command\":[\"bash\",\"-lc\",\"make\"],\"timeout_ms\":null,\"working_directory\":null,\"env\":null,\"user\":null}"}},
            {"id":READ_CALL_ID,"type":"function","function":{"name":"read_file","arguments":"{\"path\":\"NOTES.md\"}"}}
        ]},
        {"role":"tool","content":ABORTED,"tool_call_id":SHELL_CALL_ID},
        {"role":"tool","content":ABORTED,"tool_call_id":READ_CALL_ID},
        {"role":"user","content":scenario::USER_QUESTION}
    ]);
    assert_eq!(transcript.chat.revision, 6);
    assert_eq!(
        serde_json::to_value(&transcript.chat.messages).unwrap(),
        expected_chat
    );

    assert!(transcript.responses_validation.valid);
    assert_eq!(transcript.responses_validation.problems, []);
    assert!(transcript.chat_validation.valid);
    assert_eq!(transcript.chat_validation.problems, []);

    let failed: Vec<_> = scenario::check(&transcript)
        .into_iter()
        .filter(|check| !check.passed())
        .collect();
    assert!(failed.is_empty(), "{failed:?}");
    assert!(
        log.iter().any(|line| line.contains("session/cancel")),
        "{log:?}"
    );

    assert!(client.shutdown().await.unwrap().unwrap().success());
}

#[tokio::test]
async fn the_raw_interrupted_array_is_what_the_api_rejects() {
    // Without the sidecar, the host would send the calls followed by the question.
    let client = common::sidecar();
    let mut raw = vec![scenario::user_request()];
    raw.extend(scenario::model_response());
    raw.push(scenario::user_question());
    let validation = client
        .validate(&raw, tool_sequencer_rust_host::Format::Responses)
        .await
        .unwrap();
    assert!(!validation.valid);
    let messages: Vec<&str> = validation
        .problems
        .iter()
        .map(|problem| problem.message.as_str())
        .collect();
    assert!(
        messages.contains(&"No tool output found for local shell call call_make."),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"No tool output found for function call call_notes."),
        "{messages:?}"
    );
}

#[test]
fn main_plays_the_turn_and_exits_zero() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tool-sequencer-rust-host"))
        .env(
            tool_sequencer_rust_host::client::BIN_ENV,
            common::sidecar_bin(),
        )
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}\nstdout:\n{stdout}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout
            .lines()
            .any(|line| line == "checks: 7 passed, 0 failed"),
        "{stdout}"
    );
    assert!(!stdout.contains("FAILED"), "{stdout}");
}
