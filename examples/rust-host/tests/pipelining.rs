//! Many requests in flight at once, each answer handed to its own caller; and timeouts against
//! the real sidecar.

mod common;

use common::raw;
use serde_json::value::RawValue;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tool_sequencer_rust_host::items::{from_raw_items, ResponseItem};
use tool_sequencer_rust_host::protocol::{Format, SequenceOptions};
use tool_sequencer_rust_host::{Error, MessagesQuery};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_pipelined_requests_each_get_their_own_answer() {
    const REQUESTS: usize = 1000;
    let client = Arc::new(common::sidecar());
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..REQUESTS {
        let client = Arc::clone(&client);
        tasks.spawn(async move {
            let call =
                ResponseItem::function_call("f", format!("{{\"n\":{i}}}"), format!("call_{i}"));
            let result = client
                .sequence::<Vec<Box<RawValue>>>(&raw(&[call]), &SequenceOptions::default())
                .await
                .unwrap_or_else(|error| panic!("request {i}: {error}"));
            (i, result)
        });
    }
    let mut answered = vec![false; REQUESTS];
    let mut most_in_flight = 0;
    while let Some(joined) = tasks.join_next().await {
        most_in_flight = most_in_flight.max(client.in_flight());
        let (i, result) = joined.unwrap();
        let items: Vec<ResponseItem> = from_raw_items(&result.messages).unwrap();
        assert_eq!(items.len(), 2, "request {i}");
        assert_eq!(items[0].call_id(), Some(format!("call_{i}").as_str()));
        assert_eq!(items[1].call_id(), Some(format!("call_{i}").as_str()));
        assert_eq!(
            result.repairs[0].call_id.as_deref(),
            Some(format!("call_{i}").as_str())
        );
        answered[i] = true;
    }
    assert!(answered.iter().all(|&a| a));
    assert_eq!(client.in_flight(), 0);
    println!(
        "{REQUESTS} requests in {:?}, at most {most_in_flight} seen in flight",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_outputs_pipelined_into_one_session_commit_in_call_order() {
    const CALLS: usize = 1000;
    let client = Arc::new(common::sidecar());
    client.session_open(Some("wide"), None).await.unwrap();
    let calls: Vec<ResponseItem> = (0..CALLS)
        .map(|i| ResponseItem::function_call("f", "{}", format!("call_{i}")))
        .collect();
    assert_eq!(
        client
            .session_submit("wide", &raw(&calls))
            .await
            .unwrap()
            .pending
            .len(),
        CALLS
    );
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..CALLS {
        let client = Arc::clone(&client);
        tasks.spawn(async move {
            let output =
                ResponseItem::function_call_output(format!("call_{i}"), format!("out {i}"));
            client.session_submit("wide", &raw(&[output])).await
        });
    }
    let mut committed = 0;
    while let Some(joined) = tasks.join_next().await {
        let result = joined.unwrap().unwrap_or_else(|error| panic!("{error}"));
        assert!(result.reported.is_empty());
        committed += result.committed;
    }
    assert_eq!(
        committed,
        2 * CALLS as u64,
        "the batch commits once, when its last output comes"
    );
    let messages = client
        .session_messages::<Vec<Box<RawValue>>>("wide", MessagesQuery::default())
        .await
        .unwrap();
    let items: Vec<ResponseItem> = from_raw_items(&messages.messages).unwrap();
    for i in 0..CALLS {
        assert_eq!(
            items[CALLS + i],
            ResponseItem::function_call_output(format!("call_{i}"), format!("out {i}"))
        );
    }
}

#[tokio::test]
async fn a_request_that_times_out_fails_alone_and_its_late_answer_is_dropped() {
    let client = common::sidecar();
    // A history long enough that the sidecar cannot answer within a millisecond.
    let history: Vec<ResponseItem> = (0..20_000)
        .map(|i| ResponseItem::user_text(format!("message {i}")))
        .collect();
    let slow: Result<serde_json::Value, Error> = client
        .call_with(
            "sequence",
            &serde_json::json!({ "items": history }),
            Duration::from_millis(1),
        )
        .await;
    match slow {
        Err(Error::Timeout { method, after }) => {
            assert_eq!(
                (method.as_str(), after),
                ("sequence", Duration::from_millis(1))
            )
        }
        other => panic!("expected a timeout, got {:?}", other.map(|_| "a result")),
    }
    // The next request gets its own answer, not the late one.
    let validation = client
        .validate(
            &raw(&[ResponseItem::function_call("f", "{}", "c")]),
            Format::Responses,
        )
        .await
        .unwrap();
    assert!(!validation.valid);
    assert_eq!(validation.problems[0].call_id.as_deref(), Some("c"));
    assert_eq!(client.in_flight(), 0);
}
