//! The sidecar dies (kill -9) and the host carries on: the client starts it again on the same
//! `--state-dir`, every session comes back, and the requests that were in flight are sent
//! again when a repeat cannot apply anything twice. The sidecar stores each state-changing
//! request before it answers, so a request in flight may or may not have been applied: a call
//! or output sent again after it had been applied is reported `duplicate`, never committed twice.

mod common;

use common::{committed, kill9, raw, TempDir};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tool_sequencer_rust_host::items::ResponseItem;
use tool_sequencer_rust_host::protocol::Format;
use tool_sequencer_rust_host::{Error, ErrorCode};

#[tokio::test]
async fn after_kill_9_every_session_comes_back_and_the_host_carries_on() {
    let dir = TempDir::new("kill");
    let client = common::builder().state_dir(&dir.0).spawn().unwrap();
    client.initialize("test", "0").await.unwrap();
    let ask = ResponseItem::user_text("Build it.");
    let call = ResponseItem::local_shell_exec("call_make", ["make"]);
    let typed = ResponseItem::user_text("How long will it take?");
    let output = ResponseItem::function_call_output("call_make", "make: done");
    client.session_open(Some("a"), None).await.unwrap();
    client.session_open(Some("b"), None).await.unwrap();
    client
        .session_submit("a", &raw(&[ask.clone(), call.clone()]))
        .await
        .unwrap();
    assert_eq!(
        client
            .session_submit("a", &raw(std::slice::from_ref(&typed)))
            .await
            .unwrap()
            .held,
        1
    );
    client
        .session_submit("b", &raw(&[ResponseItem::user_text("other")]))
        .await
        .unwrap();

    let pid = client.pid().expect("a running sidecar");
    kill9(pid);

    // The tool finishes: its output goes to whichever sidecar is up, and commits the batch
    // and the message typed while it ran, as if nothing had happened.
    let answered = client
        .session_submit("a", &raw(std::slice::from_ref(&output)))
        .await
        .unwrap();
    assert_eq!(
        (answered.committed, answered.revision, answered.held),
        (3, 4, 0)
    );
    assert_eq!(client.respawns(), 1);
    assert_ne!(client.pid(), Some(pid));
    assert_eq!(committed(&client, "a").await, [ask, call, output, typed]);
    assert_eq!(client.session_state("b").await.unwrap().revision, 1);
    // `initialize` was sent again to the new sidecar by the client itself.
    let again = client.initialize("test", "0").await;
    assert_eq!(
        again.unwrap_err().code(),
        Some(ErrorCode::AlreadyInitialized)
    );
}

#[tokio::test]
async fn a_call_sent_again_after_it_was_applied_is_a_duplicate_not_a_second_call() {
    let dir = TempDir::new("duplicate");
    let client = common::builder().state_dir(&dir.0).spawn().unwrap();
    client.session_open(Some("s"), None).await.unwrap();
    let call = ResponseItem::function_call("read_file", r#"{"path":"a"}"#, "call_1");
    let first = client
        .session_submit("s", &raw(std::slice::from_ref(&call)))
        .await
        .unwrap();
    assert_eq!(first.pending, ["call_1"]);

    kill9(client.pid().unwrap());
    // This is exactly what the client sends again for a submit in flight when the sidecar
    // died after storing it: the same items.
    let again = client
        .session_submit("s", &raw(std::slice::from_ref(&call)))
        .await
        .unwrap();
    assert_eq!(again.committed, 0);
    assert_eq!(again.pending, ["call_1"]);
    assert_eq!(again.reported.len(), 1);
    assert_eq!(again.reported[0].reason, "duplicate");
    assert_eq!(
        again.reported[0].item.get(),
        raw(std::slice::from_ref(&call))[0].get()
    );
    assert_eq!(client.respawns(), 1);

    let output = ResponseItem::function_call_output("call_1", "contents");
    client
        .session_submit("s", &raw(std::slice::from_ref(&output)))
        .await
        .unwrap();
    let twice = client
        .session_submit("s", &raw(std::slice::from_ref(&output)))
        .await
        .unwrap();
    assert_eq!(twice.reported[0].reason, "duplicate");
    assert_eq!(committed(&client, "s").await, [call, output]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_in_flight_at_kill_9_are_sent_again_and_applied_once() {
    const CALLS: usize = 200;
    let dir = TempDir::new("in-flight");
    let client = Arc::new(common::builder().state_dir(&dir.0).spawn().unwrap());
    client.session_open(Some("p"), None).await.unwrap();
    let mut response = vec![ResponseItem::user_text("Fetch them all.")];
    response.extend((0..CALLS).map(|i| {
        ResponseItem::function_call("fetch", format!("{{\"n\":{i}}}"), format!("call_{i}"))
    }));
    let opened = client.session_submit("p", &raw(&response)).await.unwrap();
    assert_eq!(opened.pending.len(), CALLS);

    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..CALLS {
        let client = Arc::clone(&client);
        tasks.spawn(async move {
            let output =
                ResponseItem::function_call_output(format!("call_{i}"), format!("body {i}"));
            client.session_submit("p", &raw(&[output])).await
        });
    }
    let pid = client.pid().unwrap();
    while client.in_flight() < CALLS / 4 {
        tokio::task::yield_now().await;
    }
    kill9(pid);

    let mut duplicates = 0;
    while let Some(joined) = tasks.join_next().await {
        let submitted = joined.unwrap().unwrap_or_else(|error| panic!("{error}"));
        duplicates += submitted
            .reported
            .iter()
            .filter(|r| r.reason == "duplicate")
            .count();
        assert!(
            submitted.reported.iter().all(|r| r.reason == "duplicate"),
            "{:?}",
            submitted.reported
        );
    }
    assert_eq!(client.respawns(), 1);
    assert!(
        client.resent() > 0,
        "no request was in flight at the kill: the test proved nothing"
    );
    println!(
        "{} requests sent again, {duplicates} of them reported duplicate",
        client.resent()
    );

    let items = committed(&client, "p").await;
    assert_eq!(items.len(), 1 + 2 * CALLS);
    let mut outputs: HashMap<String, usize> = HashMap::new();
    for item in &items {
        if let ResponseItem::FunctionCallOutput { call_id, .. } = item {
            *outputs.entry(call_id.clone()).or_default() += 1;
        }
    }
    assert_eq!(outputs.len(), CALLS);
    assert!(outputs.values().all(|&count| count == 1));
    assert!(client.session_state("p").await.unwrap().pending.is_empty());
}

/// A stand-in whose first run reads two lines and dies (so three requests are in flight), and
/// whose later runs answer every line. It counts its starts in `$STARTS/starts`.
const DIES_ONCE: &str = r#"n=$(cat "$STARTS/starts" 2>/dev/null || echo 0); echo $((n+1)) > "$STARTS/starts"
if [ "$n" = 0 ]; then read a; read b; exit 3; fi
while read line; do
  id=$(printf '%s' "$line" | sed -E 's/.*"id":([0-9]+).*/\1/')
  case "$line" in
    *'"method":"session/submit"'*) printf '{"jsonrpc":"2.0","id":%s,"result":{"revision":1,"epoch":0,"committed":1,"pending":[],"held":0,"early":0,"reported":[],"repairs":[],"warnings":[]}}\n' "$id" ;;
    *) printf '{"jsonrpc":"2.0","id":%s,"result":{"valid":true,"problems":[]}}\n' "$id" ;;
  esac
done"#;

fn starts(dir: &TempDir) -> String {
    std::fs::read_to_string(dir.0.join("starts"))
        .unwrap()
        .trim()
        .to_owned()
}

#[tokio::test]
async fn with_a_state_dir_a_submit_with_a_message_is_not_sent_again_but_calls_and_reads_are() {
    let dir = TempDir::new("policy");
    let client = common::fake_sidecar(DIES_ONCE)
        .env("STARTS", &dir.0)
        .state_dir(dir.0.join("state"))
        .spawn()
        .unwrap();
    let message = raw(&[ResponseItem::user_text("typed")]);
    let call = raw(&[ResponseItem::function_call("f", "{}", "call_1")]);
    let empty = json!([]);
    let (with_message, with_call, read) = tokio::join!(
        client.session_submit("s", &message),
        client.session_submit("s", &call),
        client.validate(&empty, Format::Responses),
    );
    match with_message {
        Err(Error::Interrupted { method, reason }) => {
            assert_eq!(method, "session/submit");
            assert!(reason.contains("no call_id"), "{reason}");
        }
        other => panic!("expected Interrupted, got {other:?}"),
    }
    assert_eq!(with_call.unwrap().committed, 1);
    assert!(read.unwrap().valid);
    assert_eq!(starts(&dir), "2");
    assert_eq!(client.resent(), 2);
}

#[tokio::test]
async fn without_a_state_dir_session_requests_in_flight_fail_and_stateless_ones_are_sent_again() {
    let dir = TempDir::new("no-state");
    let client = common::fake_sidecar(DIES_ONCE)
        .env("STARTS", &dir.0)
        .spawn()
        .unwrap();
    let call = raw(&[ResponseItem::function_call("f", "{}", "call_1")]);
    let empty = json!([]);
    let (with_call, read, late) = tokio::join!(
        client.session_submit("s", &call),
        client.validate(&empty, Format::Responses),
        client.validate(&empty, Format::Chat),
    );
    match with_call {
        Err(Error::Interrupted { reason, .. }) => {
            assert!(reason.contains("--state-dir"), "{reason}")
        }
        other => panic!("expected Interrupted, got {other:?}"),
    }
    assert!(read.unwrap().valid);
    assert!(late.unwrap().valid);
    assert_eq!(starts(&dir), "2");
}

#[tokio::test]
async fn a_sidecar_that_keeps_dying_is_given_up_after_max_respawns() {
    let client = common::fake_sidecar("read line; exit 1")
        .max_respawns(2)
        .timeout(Duration::from_secs(10))
        .spawn()
        .unwrap();
    match client.validate(&json!([]), Format::Responses).await {
        Err(Error::Exited {
            method,
            status,
            reason,
            ..
        }) => {
            assert_eq!(method, "validate");
            assert_eq!(status.and_then(|s| s.code()), Some(1));
            assert_eq!(reason, "it died 3 times in a row without answering");
        }
        other => panic!("expected Exited, got {other:?}"),
    }
    assert_eq!(client.respawns(), 2);
    assert!(matches!(
        client.validate(&json!([]), Format::Responses).await,
        Err(Error::Exited { .. })
    ));
}

#[tokio::test]
async fn with_respawn_off_a_death_is_final() {
    let client = common::fake_sidecar("echo 'dying' >&2; read line; exit 4")
        .respawn(false)
        .spawn()
        .unwrap();
    match client.validate(&json!([]), Format::Responses).await {
        Err(Error::Exited {
            reason,
            stderr_tail,
            status,
            ..
        }) => {
            assert_eq!(reason, "respawning is off");
            assert_eq!(status.and_then(|s| s.code()), Some(4));
            assert_eq!(stderr_tail, ["dying"]);
        }
        other => panic!("expected Exited, got {other:?}"),
    }
    assert_eq!(client.respawns(), 0);
}

#[tokio::test]
async fn a_stderr_file_keeps_the_log_of_every_sidecar_started() {
    let dir = TempDir::new("stderr-file");
    let log = dir.0.join("sidecar.log");
    let client = common::fake_sidecar("echo \"started\" >&2; read line; exit 1")
        .stderr(tool_sequencer_rust_host::Stderr::File(log.clone()))
        .max_respawns(1)
        .spawn()
        .unwrap();
    let result = client.validate(&json!([]), Format::Responses).await;
    assert!(matches!(result, Err(Error::Exited { .. })), "{result:?}");
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "started\nstarted\n");
}

#[tokio::test]
async fn a_request_that_kills_every_sidecar_is_given_up_although_initialize_is_answered() {
    // The stand-in answers `initialize` and dies on `ping`. The client's own `initialize`,
    // sent again after each respawn, is answered; that must not count as the sidecar working,
    // or the `ping` would be sent again forever.
    let script = r#"while read line; do
  id=$(printf '%s' "$line" | sed -E 's/.*"id":([0-9]+).*/\1/')
  case "$line" in
    *'"method":"ping"'*) exit 1 ;;
    *) printf '{"jsonrpc":"2.0","id":%s,"result":{"serverInfo":{"name":"fake","version":"0"},"protocolVersion":2,"capabilities":{"formats":[],"methods":[],"callKinds":[]},"limits":{"maxLineBytes":1,"maxDepth":1,"maxSessions":1,"maxHeld":1,"maxSessionBytes":1,"maxTotalBytes":1}}}\n' "$id" ;;
  esac
done"#;
    let client = common::fake_sidecar(script)
        .max_respawns(2)
        .spawn()
        .unwrap();
    assert_eq!(
        client
            .initialize("test", "0")
            .await
            .unwrap()
            .server_info
            .name,
        "fake"
    );
    match client.ping().await {
        Err(Error::Exited { reason, .. }) => {
            assert_eq!(reason, "it died 3 times in a row without answering")
        }
        other => panic!("expected Exited, got {other:?}"),
    }
    assert_eq!(client.respawns(), 2);
}
