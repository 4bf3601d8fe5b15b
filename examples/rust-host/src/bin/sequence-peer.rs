//! `sequence-peer`: the in-process peer of `tool-sequencer-bench` (issue 15).
//!
//! Reads the `sequence` request line the sidecar gets (`tool-sequencer-bench --write-request N
//! FILE` writes one) and times, in process, what a Rust host that keeps its history itself
//! (Codex does) does per request instead of asking the sidecar:
//!
//! 1. clone the history it holds;
//! 2. insert a synthetic output right after every call (`function_call`, `custom_tool_call`,
//!    `local_shell_call`) that has no output with its `call_id` anywhere after it;
//! 3. drop every output whose `call_id` matches no call before it;
//! 4. serialize the request body.
//!
//! The history is parsed once, before timing: a host holds it already. Two representations are
//! timed on the same history: Codex's typed items ([`ResponseItem`], the headline figure
//! `medianNs`), and untyped `serde_json::Value`s (`valueMedianNs`). Prints one JSON line:
//! `{"items":N,"bytes":B,"runs":R,"medianNs":T,"valueMedianNs":V,"outBytes":O,"synthesized":S,"dropped":D}`
//! where `bytes` is the request line's size and `outBytes` the body the typed run serialized.
//!
//! USAGE: sequence-peer FILE [--runs R] [--body OUT]   (R defaults to 9; one warm-up run is not
//! counted; `--body` writes the untyped run's body to OUT, for comparing with the sidecar's answer)
//!
//! With `--submit`, FILE holds one small `session/submit` request line instead, and the peer
//! times the least any JSON-RPC peer built on serde does for it, with no sequencing at all:
//! parse the line into Codex's typed items, find the session, keep the items, and write an
//! answer with the sidecar's result members. That is the floor against which the sidecar's own
//! work per small request (its round trip less the echo peer's) is read. Prints
//! `{"bytes":B,"runs":R,"lines":L,"medianNs":T,"outBytes":O}`: `medianNs` is per line, the
//! median of R runs of L lines each (R defaults to 31).

use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::process::exit;
use std::time::Instant;
use tool_sequencer_rust_host::items::FunctionCallOutputPayload;
use tool_sequencer_rust_host::ResponseItem;

/// The text a synthetic output carries: the sidecar's `lost` text, so both write as much.
const LOST: &str = "aborted: no output was recorded for this tool call; it may have partly run.";

/// The body a host sends the model: the model and the history.
#[derive(Serialize)]
struct Body<'a, T> {
    model: &'static str,
    input: &'a [T],
}

/// What kind of item it is, as far as pairing goes.
enum Role<'a> {
    /// A call; `custom` when its output is a `custom_tool_call_output`.
    Call {
        id: &'a str,
        custom: bool,
    },
    Output {
        id: &'a str,
    },
    Other,
}

/// The work, over any item representation.
trait Item: Clone + Serialize {
    fn role(&self) -> Role<'_>;
    fn synthetic(call_id: &str, custom: bool) -> Self;
}

impl Item for ResponseItem {
    fn role(&self) -> Role<'_> {
        match self {
            ResponseItem::FunctionCall { call_id, .. } => Role::Call {
                id: call_id,
                custom: false,
            },
            ResponseItem::LocalShellCall {
                call_id: Some(call_id),
                ..
            } => Role::Call {
                id: call_id,
                custom: false,
            },
            ResponseItem::CustomToolCall { call_id, .. } => Role::Call {
                id: call_id,
                custom: true,
            },
            ResponseItem::FunctionCallOutput { call_id, .. }
            | ResponseItem::CustomToolCallOutput { call_id, .. } => Role::Output { id: call_id },
            _ => Role::Other,
        }
    }

    fn synthetic(call_id: &str, custom: bool) -> Self {
        if custom {
            ResponseItem::CustomToolCallOutput {
                call_id: call_id.to_owned(),
                output: LOST.to_owned(),
            }
        } else {
            ResponseItem::FunctionCallOutput {
                call_id: call_id.to_owned(),
                output: FunctionCallOutputPayload {
                    content: LOST.to_owned(),
                    content_items: None,
                    success: None,
                },
            }
        }
    }
}

impl Item for Value {
    fn role(&self) -> Role<'_> {
        let id = match self.get("call_id").and_then(Value::as_str) {
            Some(id) => id,
            None => return Role::Other,
        };
        match self.get("type").and_then(Value::as_str) {
            Some("function_call") | Some("local_shell_call") => Role::Call { id, custom: false },
            Some("custom_tool_call") => Role::Call { id, custom: true },
            Some("function_call_output") | Some("custom_tool_call_output") => Role::Output { id },
            _ => Role::Other,
        }
    }

    fn synthetic(call_id: &str, custom: bool) -> Self {
        let kind = if custom {
            "custom_tool_call_output"
        } else {
            "function_call_output"
        };
        serde_json::json!({ "type": kind, "call_id": call_id, "output": LOST })
    }
}

/// One request's work on `history`: returns the serialized body, and how many outputs were
/// synthesized and dropped.
fn per_request<T: Item>(history: &[T]) -> (Vec<u8>, usize, usize) {
    let cloned: Vec<T> = history.to_vec();
    // Calls answered after themselves: walk backwards, noting the outputs seen so far.
    let mut answered = vec![false; cloned.len()];
    let mut later_outputs: HashSet<&str> = HashSet::new();
    for (index, item) in cloned.iter().enumerate().rev() {
        match item.role() {
            Role::Output { id } => {
                later_outputs.insert(id);
            }
            Role::Call { id, .. } => answered[index] = later_outputs.contains(id),
            Role::Other => {}
        }
    }
    // Outputs answering a call before them: walk forwards, noting the calls seen so far.
    let mut calls: HashSet<&str> = HashSet::new();
    let mut keep = vec![true; cloned.len()];
    for (index, item) in cloned.iter().enumerate() {
        match item.role() {
            Role::Call { id, .. } => {
                calls.insert(id);
            }
            Role::Output { id } => keep[index] = calls.contains(id),
            Role::Other => {}
        }
    }
    // The synthetic outputs, by the index of the call they follow (made while `cloned` is
    // borrowed; the items themselves are then moved, not copied again).
    let mut synthetic: Vec<Option<T>> = Vec::with_capacity(cloned.len());
    for (index, item) in cloned.iter().enumerate() {
        synthetic.push(match item.role() {
            Role::Call { id, custom } if !answered[index] => Some(T::synthetic(id, custom)),
            _ => None,
        });
    }
    drop(later_outputs);
    drop(calls);
    let mut synthesized = 0;
    let mut dropped = 0;
    let mut sequenced: Vec<T> = Vec::with_capacity(cloned.len() + 16);
    for ((item, kept), output) in cloned.into_iter().zip(keep).zip(synthetic) {
        if !kept {
            dropped += 1;
            continue;
        }
        sequenced.push(item);
        if let Some(output) = output {
            synthesized += 1;
            sequenced.push(output);
        }
    }
    let body = serde_json::to_vec(&Body {
        model: "gpt-5-codex",
        input: &sequenced,
    })
    .expect("items serialize");
    (body, synthesized, dropped)
}

/// The median time of `runs` runs (after one warm-up), and the last run's result. Every run's
/// body is checked to be as long as the warm-up's, so no run's work can be optimized away
/// (`std::hint::black_box` is newer than the crate's `rust-version`).
fn time<T: Item>(history: &[T], runs: usize) -> (u128, (Vec<u8>, usize, usize)) {
    let mut last = per_request(history);
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let result = per_request(history);
        times.push(start.elapsed().as_nanos());
        if result.0.len() != last.0.len() {
            fail("two runs on the same history wrote bodies of different lengths");
        }
        last = result;
    }
    times.sort_unstable();
    let median = if runs % 2 == 1 {
        times[runs / 2]
    } else {
        (times[runs / 2 - 1] + times[runs / 2]) / 2
    };
    (median, last)
}

#[derive(serde::Deserialize)]
struct Request<T> {
    params: Params<T>,
}

#[derive(serde::Deserialize)]
struct Params<T> {
    items: Vec<T>,
}

/// Lines handled per timed run of `--submit`: a run long enough for the clock to read well.
const SUBMIT_LINES: usize = 10_000;

/// A `session/submit` request, as a serde peer reads it.
#[derive(serde::Deserialize)]
struct SubmitRequest {
    jsonrpc: String,
    id: Value,
    method: String,
    params: SubmitParams,
}

#[derive(serde::Deserialize)]
struct SubmitParams {
    session: String,
    items: Vec<ResponseItem>,
}

/// The answer, with the members of the sidecar's `session/submit` result.
#[derive(Serialize)]
struct SubmitAnswer<'a> {
    jsonrpc: &'static str,
    id: &'a Value,
    result: SubmitResult,
}

#[derive(Serialize)]
struct SubmitResult {
    revision: usize,
    epoch: usize,
    committed: usize,
    pending: [&'static str; 0],
    held: usize,
    early: usize,
    reported: [Value; 0],
    repairs: [Value; 0],
    warnings: [Value; 0],
}

/// Handles one `session/submit` line as the least a serde peer does: parses it, finds the
/// session, keeps its items, and writes the answer line into `out`.
fn handle_submit(line: &[u8], sessions: &mut HashMap<String, Vec<ResponseItem>>, out: &mut Vec<u8>) {
    let request: SubmitRequest = serde_json::from_slice(line)
        .unwrap_or_else(|error| fail(&format!("not a session/submit request: {error}")));
    if request.jsonrpc != "2.0" || request.method != "session/submit" {
        fail("not a JSON-RPC 2.0 session/submit request");
    }
    let history = sessions
        .get_mut(&request.params.session)
        .unwrap_or_else(|| fail("the line names a session the peer did not open"));
    let committed = request.params.items.len();
    history.extend(request.params.items);
    let answer = SubmitAnswer {
        jsonrpc: "2.0",
        id: &request.id,
        result: SubmitResult {
            revision: history.len(),
            epoch: 0,
            committed,
            pending: [],
            held: 0,
            early: 0,
            reported: [],
            repairs: [],
            warnings: [],
        },
    };
    out.clear();
    serde_json::to_writer(&mut *out, &answer).expect("an answer serializes");
    out.push(b'\n');
}

/// The median nanoseconds per line over `runs` runs of `lines` lines each (after one warm-up
/// run), and the length of the last answer. Each run starts from a session holding nothing.
fn time_submits(line: &[u8], runs: usize, lines: usize) -> (f64, usize) {
    let params = serde_json::from_slice::<SubmitRequest>(line)
        .unwrap_or_else(|error| fail(&format!("not a session/submit request: {error}")))
        .params;
    let (session, per_line) = (params.session, params.items.len());
    let mut out = Vec::with_capacity(256);
    let mut times = Vec::with_capacity(runs);
    for run in 0..=runs {
        let mut sessions = HashMap::new();
        sessions.insert(session.clone(), Vec::new());
        let start = Instant::now();
        for _ in 0..lines {
            handle_submit(line, &mut sessions, &mut out);
        }
        let elapsed = start.elapsed().as_nanos() as f64 / lines as f64;
        if sessions[&session].len() != per_line * lines {
            fail("a run kept another number of items than it was sent");
        }
        if run > 0 {
            times.push(elapsed);
        }
    }
    times.sort_by(|a, b| a.partial_cmp(b).expect("times are numbers"));
    (times[times.len() / 2], out.len())
}

fn fail(message: &str) -> ! {
    eprintln!("sequence-peer: {message}");
    exit(2)
}

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let mut path = None;
    let mut body_path: Option<String> = None;
    let mut runs: Option<usize> = None;
    let mut submit = false;
    let mut index = 0;
    while index < arguments.len() {
        match arguments[index].as_str() {
            "--runs" => {
                index += 1;
                runs = Some(
                    arguments
                        .get(index)
                        .and_then(|text| text.parse().ok())
                        .filter(|&runs| runs > 0)
                        .unwrap_or_else(|| fail("--runs takes a positive number")),
                );
            }
            "--submit" => submit = true,
            "--body" => {
                index += 1;
                body_path = Some(
                    arguments
                        .get(index)
                        .cloned()
                        .unwrap_or_else(|| fail("--body takes a file")),
                );
            }
            "-h" | "--help" => {
                println!("USAGE: sequence-peer FILE [--runs R] [--body OUT]\n       sequence-peer --submit FILE [--runs R]\n(FILE: a `sequence` request line, as `tool-sequencer-bench --write-request N FILE` writes;\nwith --submit, one `session/submit` request line)");
                return;
            }
            other if path.is_none() => path = Some(other.to_owned()),
            other => fail(&format!("unexpected argument '{other}'")),
        }
        index += 1;
    }
    let path = path.unwrap_or_else(|| {
        fail("give the request file: sequence-peer FILE [--runs R] [--body OUT]")
    });
    let bytes =
        std::fs::read(&path).unwrap_or_else(|error| fail(&format!("cannot read {path}: {error}")));
    if submit {
        if body_path.is_some() {
            fail("--body goes with a sequence request, not --submit");
        }
        let line = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
        let (median, out_bytes) = time_submits(line, runs.unwrap_or(31), SUBMIT_LINES);
        println!(
            "{{\"bytes\":{},\"runs\":{},\"lines\":{SUBMIT_LINES},\"medianNs\":{median:.1},\"outBytes\":{out_bytes}}}",
            line.len(),
            runs.unwrap_or(31)
        );
        return;
    }
    let runs = runs.unwrap_or(9);

    let typed: Request<ResponseItem> = serde_json::from_slice(&bytes)
        .unwrap_or_else(|error| fail(&format!("{path} is not a sequence request: {error}")));
    let items = typed.params.items;
    let (typed_ns, (body, synthesized, dropped)) = time(&items, runs);
    let out_bytes = body.len();
    drop(body);
    drop(items);

    let untyped: Request<Value> = serde_json::from_slice(&bytes)
        .unwrap_or_else(|error| fail(&format!("{path} is not a sequence request: {error}")));
    let values = untyped.params.items;
    let count = values.len();
    let (value_ns, (value_body, value_synthesized, value_dropped)) = time(&values, runs);
    if let Some(body_path) = body_path {
        std::fs::write(&body_path, &value_body)
            .unwrap_or_else(|error| fail(&format!("cannot write {body_path}: {error}")));
    }
    if (value_synthesized, value_dropped) != (synthesized, dropped) {
        fail(&format!(
            "the typed and untyped runs disagree: {synthesized}/{dropped} vs {value_synthesized}/{value_dropped} synthesized/dropped"
        ));
    }
    println!(
        "{{\"items\":{count},\"bytes\":{},\"runs\":{runs},\"medianNs\":{typed_ns},\"valueMedianNs\":{value_ns},\"outBytes\":{out_bytes},\"synthesized\":{synthesized},\"dropped\":{dropped}}}",
        bytes.len()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A history with one answered call, one unanswered shell call, one unanswered custom call,
    /// an output whose call never came and an output that comes before its call.
    const HISTORY: &str = r#"[
        {"type":"function_call","name":"f","arguments":"{}","call_id":"a"},
        {"type":"function_call_output","call_id":"a","output":"ok"},
        {"type":"function_call_output","call_id":"ghost","output":"orphan"},
        {"type":"function_call_output","call_id":"late","output":"early"},
        {"type":"local_shell_call","call_id":"late","status":"completed","action":{"type":"exec","command":["ls"],"timeout_ms":null,"working_directory":null,"env":null,"user":null}},
        {"type":"custom_tool_call","call_id":"c","name":"apply_patch","input":"x"},
        {"type":"message","role":"user","content":[{"type":"input_text","text":"stop"}]}
    ]"#;

    const EXPECTED: &str = concat!(
        r#"{"model":"gpt-5-codex","input":["#,
        r#"{"type":"function_call","name":"f","arguments":"{}","call_id":"a"},"#,
        r#"{"type":"function_call_output","call_id":"a","output":"ok"},"#,
        r#"{"type":"local_shell_call","call_id":"late","status":"completed","action":{"type":"exec","command":["ls"],"timeout_ms":null,"working_directory":null,"env":null,"user":null}},"#,
        r#"{"type":"function_call_output","call_id":"late","output":"aborted: no output was recorded for this tool call; it may have partly run."},"#,
        r#"{"type":"custom_tool_call","call_id":"c","name":"apply_patch","input":"x"},"#,
        r#"{"type":"custom_tool_call_output","call_id":"c","output":"aborted: no output was recorded for this tool call; it may have partly run."},"#,
        r#"{"type":"message","role":"user","content":[{"type":"input_text","text":"stop"}]}"#,
        r#"]}"#
    );

    #[test]
    fn typed_items_get_missing_outputs_after_their_calls_and_lose_orphans() {
        let history: Vec<ResponseItem> = serde_json::from_str(HISTORY).unwrap();
        let (body, synthesized, dropped) = per_request(&history);
        assert_eq!(String::from_utf8(body).unwrap(), EXPECTED);
        assert_eq!((synthesized, dropped), (2, 2));
    }

    #[test]
    fn a_submit_line_is_answered_with_the_sidecars_result_members() {
        let line = br#"{"jsonrpc":"2.0","id":7,"method":"session/submit","params":{"session":"s","items":[{"type":"message","role":"user","content":[{"type":"input_text","text":"hello"}]}]}}"#;
        let mut sessions = HashMap::from([("s".to_owned(), Vec::new())]);
        let mut out = Vec::new();
        handle_submit(line, &mut sessions, &mut out);
        handle_submit(line, &mut sessions, &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"revision\":2,\"epoch\":0,\"committed\":1,\"pending\":[],\"held\":0,\"early\":0,\"reported\":[],\"repairs\":[],\"warnings\":[]}}\n"
        );
        assert_eq!(sessions["s"].len(), 2);
    }

    #[test]
    fn untyped_values_get_the_same_body() {
        let history: Vec<Value> = serde_json::from_str(HISTORY).unwrap();
        let (body, synthesized, dropped) = per_request(&history);
        let expected: Value = serde_json::from_str(EXPECTED).unwrap();
        let written: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(written, expected);
        assert_eq!((synthesized, dropped), (2, 2));
    }
}
