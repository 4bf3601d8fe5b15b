//! An async client that runs the `tool-sequencer` sidecar as a child process and speaks
//! line-delimited JSON-RPC 2.0 with it over the child's stdin and stdout, on tokio.
//!
//! Guarantees:
//!
//! * **Many requests in flight.** Every method takes `&self`; share the client (`Arc`) between
//!   tasks. One writer task writes request lines in the order they are made; one reader task
//!   reads answers and hands each to its caller by `id` (a oneshot channel per request). The
//!   sidecar answers in order, so an answer with `"id": null` (a line over `--max-line-bytes`)
//!   or a line that is not a response goes to the oldest request still waiting.
//! * **A timeout per request** ([`ClientBuilder::timeout`], or [`SequencerClient::call_with`]).
//!   A timeout fails that request only; the client stays usable and a late answer is dropped.
//! * **Child death and respawn.** When the sidecar exits (killed, crashed), the client starts it
//!   again with the same arguments (the same `--state-dir`, when [`ClientBuilder::state_dir`]
//!   is set, so every open session comes back from disk), sends `initialize` again if it was
//!   called, and sends again the requests that were in flight *when a repeat cannot apply
//!   anything twice* (see [`crate::spec::Effect`]): reads always, and with a state dir, submits
//!   of calls and outputs (a repeat of one that had been applied is reported `duplicate` and not
//!   committed again), cancels, and opens with an id. Any other request in flight fails with
//!   [`Error::Interrupted`]. After [`ClientBuilder::max_respawns`] deaths in a row with no
//!   answer in between, it gives up ([`Error::Exited`]).
//! * **Items pass through untouched.** Items are `Box<RawValue>`: the client writes their bytes
//!   as they are and returns the sidecar's bytes as they are.
//! * [`SequencerClient::close`] closes the sidecar's stdin and waits for it (killing it after
//!   the exit timeout); dropping the client kills it (the state dir has every answered request).

use crate::error::{Error, RpcError};
use crate::items::has_call_id;
use crate::protocol::{
    CallKind, CancelReason, CancelResult, CloseResult, Empty, Format, IdPolicy, ImportResult,
    InitializeResult, MessagesResult, OpenResult, ReasoningMember, ReplaceResult, RewindResult,
    SequenceOptions, SequenceResult, SessionExport, SessionOptions, StateResult, SubmitResult,
    ValidateResult,
};
use crate::spec::{self, method, Effect, ErrorCode, PROTOCOL_VERSION};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::{mpsc, oneshot};

/// The environment variable that names the sidecar to run.
pub const BIN_ENV: &str = "TOOL_SEQUENCER_BIN";

/// How many lines of the sidecar's stderr [`Stderr::Capture`] keeps.
const STDERR_TAIL_LINES: usize = 200;

/// The sidecar to run: `$TOOL_SEQUENCER_BIN` if set and not empty; else this repository's
/// debug build (`../../.build/debug/tool-sequencer` from this crate's folder) if it exists;
/// else `tool-sequencer`, looked up on `PATH`.
pub fn sidecar_path() -> PathBuf {
    if let Some(path) = std::env::var_os(BIN_ENV) {
        if !path.is_empty() {
            return PathBuf::from(path);
        }
    }
    let repo_build =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.build/debug/tool-sequencer");
    if repo_build.is_file() {
        return repo_build;
    }
    PathBuf::from("tool-sequencer")
}

/// What happens to the sidecar's stderr (its log, one event per line). It is always drained
/// or not piped at all, so the sidecar never stalls on a full pipe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stderr {
    /// Shared with this process.
    Inherit,
    /// Kept in memory: the last lines are in [`SequencerClient::stderr_tail`] and quoted in
    /// [`Error::Exited`]. The default.
    Capture,
    /// Appended to this file (created if missing), across respawns.
    File(PathBuf),
    /// Thrown away.
    Discard,
}

/// Settings for spawning a sidecar; made by [`SequencerClient::builder`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    program: PathBuf,
    args: Vec<OsString>,
    envs: Vec<(OsString, OsString)>,
    stderr: Stderr,
    timeout: Duration,
    exit_timeout: Duration,
    state_dir: Option<PathBuf>,
    respawn: bool,
    max_respawns: u32,
}

impl ClientBuilder {
    /// The program to run instead of [`sidecar_path`]. Any program that speaks the protocol
    /// on stdin and stdout will do.
    pub fn program(mut self, program: impl Into<PathBuf>) -> Self {
        self.program = program.into();
        self
    }

    /// Adds a command-line argument (`--max-sessions`, `64`, ...).
    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// Sets an environment variable for the sidecar (`TOOL_SEQUENCER_LOG`, ...).
    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.envs.push((key.into(), value.into()));
        self
    }

    /// What to do with the sidecar's stderr (default [`Stderr::Capture`]).
    pub fn stderr(mut self, stderr: Stderr) -> Self {
        self.stderr = stderr;
        self
    }

    /// How long to wait for each answer, a respawn and its retry included (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long [`SequencerClient::close`] and [`SequencerClient::shutdown`] wait for the
    /// sidecar to exit before killing it (default 5 s).
    pub fn exit_timeout(mut self, timeout: Duration) -> Self {
        self.exit_timeout = timeout;
        self
    }

    /// Runs the sidecar with `--state-dir dir`: every session survives its death, and the
    /// requests in flight that change sessions are sent again after a respawn.
    pub fn state_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.state_dir = Some(dir.into());
        self
    }

    /// Whether to start the sidecar again when it dies (default `true`).
    pub fn respawn(mut self, respawn: bool) -> Self {
        self.respawn = respawn;
        self
    }

    /// How many times in a row the sidecar may die with no answer in between before the
    /// client gives up (default 3).
    pub fn max_respawns(mut self, max: u32) -> Self {
        self.max_respawns = max;
        self
    }

    /// Starts the sidecar. Must be called inside a tokio runtime.
    pub fn spawn(self) -> Result<SequencerClient, Error> {
        let mut args = self.args.clone();
        if let Some(dir) = &self.state_dir {
            args.push("--state-dir".into());
            args.push(dir.clone().into_os_string());
        }
        let shared = Arc::new(Shared {
            config: Config {
                program: self.program,
                args,
                envs: self.envs,
                stderr: self.stderr,
                exit_timeout: self.exit_timeout,
                durable: self.state_dir.is_some(),
                respawn: self.respawn,
                max_respawns: self.max_respawns,
            },
            next_id: AtomicU64::new(1),
            state: Mutex::new(State {
                generation: 0,
                phase: Phase::Running,
                writer: None,
                child: None,
                pid: None,
                pending: HashMap::new(),
                order: VecDeque::new(),
                initialize: None,
                deaths_in_a_row: 0,
                respawns: 0,
                resent: 0,
            }),
            stderr_tail: Arc::new(Mutex::new(VecDeque::new())),
        });
        let (child, writer) = shared.start(0).map_err(|source| Error::Spawn {
            program: shared.config.program.clone(),
            source,
        })?;
        {
            let mut state = shared.lock();
            state.pid = child.id();
            state.child = Some(child);
            state.writer = Some(writer);
        }
        Ok(SequencerClient {
            shared,
            timeout: self.timeout,
        })
    }
}

/// A running sidecar and the channel to it. See the [module documentation](self).
#[derive(Debug)]
pub struct SequencerClient {
    shared: Arc<Shared>,
    timeout: Duration,
}

#[derive(Debug)]
struct Config {
    program: PathBuf,
    args: Vec<OsString>,
    envs: Vec<(OsString, OsString)>,
    stderr: Stderr,
    exit_timeout: Duration,
    durable: bool,
    respawn: bool,
    max_respawns: u32,
}

/// Whether a request in flight when the sidecar died is sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Retry {
    Always,
    WithStateDir,
    Never(&'static str),
}

impl Retry {
    /// For a request made by name ([`SequencerClient::call`]).
    fn of_method(name: &str) -> Self {
        if name == method::SESSION_SUBMIT || name == method::SESSION_OPEN {
            return Retry::Never("made with call(), which does not look at the params to know whether a repeat is safe");
        }
        Retry::of(spec::effect_of(name))
    }

    fn of(effect: Effect) -> Self {
        match effect {
            Effect::Stateless => Retry::Always,
            Effect::ReadsSession | Effect::ChangesSessionIdempotently => Retry::WithStateDir,
            Effect::ChangesSession => {
                Retry::Never("it changes a session in a way a repeat would apply twice")
            }
            Effect::Ends => Retry::Never("it ends the sidecar"),
        }
    }
}

/// The answer handed to a caller, and whether its request was sent again after a respawn.
type Reply = (Result<Box<RawValue>, Error>, bool);

#[derive(Debug)]
struct Pending {
    method: String,
    line: Arc<[u8]>,
    retry: Retry,
    /// Whether it was written to a sidecar (or only queued during a respawn).
    sent: bool,
    retried: bool,
    /// `None` for the client's own requests (`initialize` sent again after a respawn).
    reply: Option<oneshot::Sender<Reply>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    Running,
    Recovering,
    Closing,
    Dead(String),
}

#[derive(Debug)]
struct State {
    generation: u64,
    phase: Phase,
    writer: Option<mpsc::UnboundedSender<Arc<[u8]>>>,
    child: Option<Child>,
    pid: Option<u32>,
    /// The requests waiting for an answer, by id.
    pending: HashMap<u64, Pending>,
    /// The ids in the order they were written (timed-out ones too: the sidecar still answers
    /// them), which is the order the sidecar answers in.
    order: VecDeque<u64>,
    /// The params of the `initialize` that succeeded, sent again after a respawn.
    initialize: Option<String>,
    deaths_in_a_row: u32,
    respawns: u64,
    /// Requests written again to a sidecar started after a death.
    resent: u64,
}

#[derive(Debug)]
struct Shared {
    config: Config,
    next_id: AtomicU64,
    state: Mutex<State>,
    stderr_tail: Arc<Mutex<VecDeque<String>>>,
}

/// One line from the sidecar, read without copying its result.
#[derive(Deserialize)]
struct ResponseLine<'a> {
    #[serde(default)]
    jsonrpc: Option<String>,
    #[serde(default, borrow)]
    id: Option<&'a RawValue>,
    #[serde(default, borrow)]
    result: Option<&'a RawValue>,
    #[serde(default)]
    error: Option<ErrorObject>,
}

#[derive(Deserialize)]
struct ErrorObject {
    code: i64,
    message: String,
    #[serde(default)]
    data: Option<Value>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves consistent data (every update is one step).
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn stderr_tail(&self) -> Vec<String> {
        self.stderr_tail
            .lock()
            .map(|tail| tail.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Spawns the sidecar and its writer, reader and stderr tasks for `generation`.
    fn start(
        self: &Arc<Self>,
        generation: u64,
    ) -> std::io::Result<(Child, mpsc::UnboundedSender<Arc<[u8]>>)> {
        let config = &self.config;
        let mut command = Command::new(&config.program);
        command
            .args(&config.args)
            .envs(config.envs.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true);
        match &config.stderr {
            Stderr::Inherit => command.stderr(Stdio::inherit()),
            Stderr::Discard => command.stderr(Stdio::null()),
            Stderr::Capture => command.stderr(Stdio::piped()),
            Stderr::File(path) => command.stderr(Stdio::from(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)?,
            )),
        };
        let mut child = command.spawn()?;
        let not_piped = |what: &str| {
            std::io::Error::new(
                std::io::ErrorKind::Other,
                format!("the child's {what} was not piped"),
            )
        };
        let stdin = child.stdin.take().ok_or_else(|| not_piped("stdin"))?;
        let stdout = child.stdout.take().ok_or_else(|| not_piped("stdout"))?;
        if let Some(stderr) = child.stderr.take() {
            let tail = Arc::clone(&self.stderr_tail);
            tokio::spawn(async move {
                let mut lines = BufReader::new(stderr).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Ok(mut tail) = tail.lock() {
                        if tail.len() == STDERR_TAIL_LINES {
                            tail.pop_front();
                        }
                        tail.push_back(line);
                    }
                }
            });
        }
        let (writer, lines) = mpsc::unbounded_channel();
        tokio::spawn(write_lines(stdin, lines));
        tokio::spawn(read_lines(Arc::clone(self), generation, stdout));
        Ok((child, writer))
    }

    /// Hands one line from the sidecar to the request it answers. The line is parsed before
    /// the lock is taken, so a long answer never holds up the callers sending requests.
    fn dispatch(&self, generation: u64, line: &[u8]) {
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\n', '\r']);
        if text.trim().is_empty() {
            return;
        }
        let response = match serde_json::from_str::<ResponseLine<'_>>(text) {
            Ok(response) => response,
            Err(error) => {
                let reason = format!("the line is not a JSON-RPC response object ({error})");
                let mut state = self.lock();
                if state.generation == generation {
                    fail_oldest(&mut state, reason, text);
                }
                return;
            }
        };
        // `None`: no id (or `null`); `Some(Err)`: an id that is not one of ours.
        let id = response
            .id
            .filter(|id| id.get() != "null")
            .map(|id| serde_json::from_str::<u64>(id.get()).map_err(|_| id.get()));
        let outcome: Result<Box<RawValue>, (Option<i64>, String, Option<Value>)> =
            match (response.result, response.error) {
                (Some(result), None) => Ok(result.to_owned()),
                (None, Some(error)) => Err((Some(error.code), error.message, error.data)),
                _ => Err((
                    None,
                    "a response must have exactly one of \"result\" and \"error\"".to_owned(),
                    None,
                )),
            };
        let well_formed = response.jsonrpc.as_deref() == Some("2.0");

        let mut state = self.lock();
        if state.generation != generation {
            return;
        }
        let id = match id {
            Some(Ok(id)) if state.order.contains(&id) => {
                if let Some(at) = state.order.iter().position(|&waiting| waiting == id) {
                    state.order.remove(at);
                }
                id
            }
            Some(Ok(id)) => {
                let reason = format!("its id {id} answers no request");
                return fail_oldest(&mut state, reason, text);
            }
            Some(Err(id)) => {
                let reason = format!("its id {id} answers no request");
                return fail_oldest(&mut state, reason, text);
            }
            // `id: null` answers the request whose line the sidecar could not read: the oldest.
            None if matches!(outcome, Err((Some(_), _, _))) => match state.order.pop_front() {
                Some(id) => id,
                None => return,
            },
            None => return fail_oldest(&mut state, "the response has no id".to_owned(), text),
        };
        let pending = match state.pending.remove(&id) {
            Some(pending) => pending,
            None => return, // a late answer to a request that timed out
        };
        let outcome = match outcome {
            _ if !well_formed => Err(protocol_error(
                &pending.method,
                "\"jsonrpc\" is not \"2.0\"",
                text,
            )),
            Ok(result) => Ok(result),
            Err((Some(code), message, data)) => Err(Error::Rpc(Box::new(RpcError {
                method: pending.method.clone(),
                code,
                message,
                data,
            }))),
            Err((None, reason, _)) => Err(protocol_error(&pending.method, &reason, text)),
        };
        if let Some(reply) = pending.reply {
            // An answer to a caller (not to the client's own `initialize` sent again after a
            // respawn) shows the sidecar works: a request that kills it is not retried forever.
            if outcome.is_ok() || matches!(outcome, Err(Error::Rpc(_))) {
                state.deaths_in_a_row = 0;
            }
            let _ = reply.send((outcome, pending.retried));
        }
    }

    /// The sidecar of `generation` closed its stdout: reap it, then start it again and send
    /// the requests in flight again, or fail them.
    async fn child_died(self: Arc<Self>, generation: u64) {
        let child = {
            let mut state = self.lock();
            if state.generation != generation || matches!(state.phase, Phase::Dead(_)) {
                return;
            }
            if state.phase == Phase::Closing {
                fail_all(&mut state, |method| Error::Closed { method });
                return;
            }
            state.phase = Phase::Recovering;
            state.writer = None;
            state.child.take()
        };
        let status = match child {
            Some(mut child) => {
                let _ = child.start_kill();
                child.wait().await.ok()
            }
            None => None,
        };

        let mut state = self.lock();
        if state.phase == Phase::Closing {
            fail_all(&mut state, |method| Error::Closed { method });
            return;
        }
        let give_up = if !self.config.respawn {
            Some("respawning is off".to_owned())
        } else if state.deaths_in_a_row >= self.config.max_respawns {
            Some(format!(
                "it died {} times in a row without answering",
                state.deaths_in_a_row + 1
            ))
        } else {
            None
        };
        let next = state.generation + 1;
        let started = match give_up {
            Some(reason) => Err(reason),
            None => self
                .start(next)
                .map_err(|error| format!("starting it again failed: {error}")),
        };
        let (child, writer) = match started {
            Ok(started) => started,
            Err(reason) => {
                let tail = self.stderr_tail();
                let why = reason.clone();
                fail_all(&mut state, |method| Error::Exited {
                    method,
                    status,
                    reason: why.clone(),
                    stderr_tail: tail.clone(),
                });
                state.phase = Phase::Dead(reason);
                return;
            }
        };
        state.deaths_in_a_row += 1;
        state.respawns += 1;
        state.generation = next;
        state.pid = child.id();
        state.child = Some(child);
        state.writer = Some(writer.clone());

        let earlier = std::mem::take(&mut state.order);
        let initializing = state
            .pending
            .values()
            .any(|p| p.method == method::INITIALIZE);
        if let (Some(params), false) = (state.initialize.clone(), initializing) {
            let id = self.next_id.fetch_add(1, Ordering::Relaxed);
            let line = request_line(id, method::INITIALIZE, &params);
            let _ = writer.send(Arc::clone(&line));
            state.order.push_back(id);
            state.pending.insert(
                id,
                Pending {
                    method: method::INITIALIZE.to_owned(),
                    line,
                    retry: Retry::Always,
                    sent: true,
                    retried: false,
                    reply: None,
                },
            );
        }
        let durable = self.config.durable;
        for id in earlier {
            let resend = match state.pending.get(&id) {
                None => continue,
                Some(pending) if !pending.sent => Ok(()),
                Some(pending) => match pending.retry {
                    Retry::Always => Ok(()),
                    Retry::WithStateDir if durable => Ok(()),
                    Retry::WithStateDir => {
                        Err("the sidecar runs without --state-dir, so its sessions were lost")
                    }
                    Retry::Never(reason) => Err(reason),
                },
            };
            match resend {
                Ok(()) => {
                    let mut resent = false;
                    if let Some(pending) = state.pending.get_mut(&id) {
                        resent = pending.sent;
                        pending.retried |= pending.sent;
                        pending.sent = true;
                        let _ = writer.send(Arc::clone(&pending.line));
                    }
                    state.resent += u64::from(resent);
                    state.order.push_back(id);
                }
                Err(reason) => {
                    if let Some(pending) = state.pending.remove(&id) {
                        if let Some(reply) = pending.reply {
                            let error = Error::Interrupted {
                                method: pending.method,
                                reason: reason.to_owned(),
                            };
                            let _ = reply.send((Err(error), false));
                        }
                    }
                }
            }
        }
        state.phase = Phase::Running;
    }
}

fn protocol_error(method: &str, reason: &str, line: &str) -> Error {
    Error::Protocol {
        method: method.to_owned(),
        reason: reason.to_owned(),
        line: line.to_owned(),
    }
}

/// Gives a line that answers nothing to the oldest request waiting (the sidecar answers in
/// order, so that is the request it was answering).
fn fail_oldest(state: &mut State, reason: String, line: &str) {
    while let Some(id) = state.order.pop_front() {
        if let Some(pending) = state.pending.remove(&id) {
            if let Some(reply) = pending.reply {
                let _ = reply.send((Err(protocol_error(&pending.method, &reason, line)), false));
            }
            return;
        }
    }
}

fn fail_all(state: &mut State, error: impl Fn(String) -> Error) {
    state.order.clear();
    for (_, pending) in state.pending.drain() {
        if let Some(reply) = pending.reply {
            let _ = reply.send((Err(error(pending.method)), false));
        }
    }
}

fn request_line(id: u64, method: &str, params: &str) -> Arc<[u8]> {
    // Method names are plain ASCII from `spec`, or a caller's string: encode it as JSON.
    let method = serde_json::to_string(method).unwrap_or_else(|_| "\"\"".to_owned());
    let line = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":{method},"params":{params}}}"#);
    let mut bytes = line.into_bytes();
    bytes.push(b'\n');
    bytes.into()
}

/// Writes request lines in order, flushing when no more are queued. Ends when the client
/// drops the sender (closing the sidecar's stdin) or a write fails (the sidecar died; the
/// reader sees it).
async fn write_lines(mut stdin: ChildStdin, mut lines: mpsc::UnboundedReceiver<Arc<[u8]>>) {
    while let Some(line) = lines.recv().await {
        if stdin.write_all(&line).await.is_err() {
            return;
        }
        while let Ok(line) = lines.try_recv() {
            if stdin.write_all(&line).await.is_err() {
                return;
            }
        }
        if stdin.flush().await.is_err() {
            return;
        }
    }
}

/// Reads answer lines until the sidecar closes its stdout, then reports its death.
async fn read_lines(shared: Arc<Shared>, generation: u64, stdout: ChildStdout) {
    let mut reader = BufReader::new(stdout);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => break,
            Ok(_) => shared.dispatch(generation, &line),
        }
    }
    tokio::spawn(shared.child_died(generation));
}

/// Params of the methods that take only a session id.
#[derive(Serialize)]
struct SessionParam<'a> {
    session: &'a str,
}

/// Options of `session/messages`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MessagesQuery {
    /// The format (the session's default when `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// Only what was committed after this revision (a commit boundary).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<u64>,
    /// The epoch the host's copy (and `since`) belongs to; when it is not the session's, the
    /// answer is the whole array with `reset: true`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub epoch: Option<u64>,
    /// Chat: where reasoning goes (default `omit`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning: Option<ReasoningMember>,
    /// Responses: strip or keep the items' `id` (default `strip`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ids: Option<IdPolicy>,
}

impl SequencerClient {
    /// Settings for a sidecar: [`sidecar_path`], stderr captured, 30 s per request, respawn on.
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            program: sidecar_path(),
            args: Vec::new(),
            envs: Vec::new(),
            stderr: Stderr::Capture,
            timeout: Duration::from_secs(30),
            exit_timeout: Duration::from_secs(5),
            state_dir: None,
            respawn: true,
            max_respawns: 3,
        }
    }

    /// Starts the sidecar at [`sidecar_path`] with the default settings.
    pub fn spawn() -> Result<Self, Error> {
        Self::builder().spawn()
    }

    /// The program that was started.
    pub fn program(&self) -> &Path {
        &self.shared.config.program
    }

    /// The process id of the sidecar running now.
    pub fn pid(&self) -> Option<u32> {
        self.shared.lock().pid
    }

    /// How many times the sidecar was started again after dying.
    pub fn respawns(&self) -> u64 {
        self.shared.lock().respawns
    }

    /// How many requests were written again to a sidecar started after a death.
    pub fn resent(&self) -> u64 {
        self.shared.lock().resent
    }

    /// How many requests are waiting for an answer now.
    pub fn in_flight(&self) -> usize {
        self.shared.lock().pending.len()
    }

    /// The last lines the sidecar wrote to stderr, with [`Stderr::Capture`]; empty otherwise.
    pub fn stderr_tail(&self) -> Vec<String> {
        self.shared.stderr_tail()
    }

    /// Sends `method` with `params` (anything that serializes to a JSON object; `()` for none)
    /// and decodes the result as `R`. Whether it is sent again after a respawn follows
    /// [`spec::effect_of`], except that `session/submit` and `session/open` made this way are
    /// never sent again: only [`SequencerClient::session_submit`] and
    /// [`SequencerClient::session_open`] look at their params to know whether a repeat is safe.
    pub async fn call<P, R>(&self, method: &str, params: &P) -> Result<R, Error>
    where
        P: Serialize + ?Sized,
        R: DeserializeOwned,
    {
        self.call_with(method, params, self.timeout).await
    }

    /// [`SequencerClient::call`] with its own timeout.
    pub async fn call_with<P, R>(
        &self,
        method: &str,
        params: &P,
        timeout: Duration,
    ) -> Result<R, Error>
    where
        P: Serialize + ?Sized,
        R: DeserializeOwned,
    {
        let params = encode(method, params)?;
        let retry = Retry::of_method(method);
        let (result, _) = self.request(method, params, retry, timeout, false).await?;
        decode(method, &result)
    }

    /// Sends `method` with `params` given as JSON text, and returns the result's bytes.
    pub async fn call_raw(&self, method: &str, params: &RawValue) -> Result<Box<RawValue>, Error> {
        let retry = Retry::of_method(method);
        let (result, _) = self
            .request(method, params.get().to_owned(), retry, self.timeout, false)
            .await?;
        Ok(result)
    }

    async fn request(
        &self,
        method: &str,
        params: String,
        retry: Retry,
        timeout: Duration,
        while_closing: bool,
    ) -> Result<(Box<RawValue>, bool), Error> {
        let (result, retried) = self
            .request_reply(method, params, retry, timeout, while_closing)
            .await;
        result.map(|result| (result, retried))
    }

    /// Sends one request and waits for its answer; the flag says whether it was sent again
    /// after a respawn.
    async fn request_reply(
        &self,
        method: &str,
        params: String,
        retry: Retry,
        timeout: Duration,
        while_closing: bool,
    ) -> Reply {
        let id = self.shared.next_id.fetch_add(1, Ordering::Relaxed);
        let line = request_line(id, method, &params);
        drop(params);
        let (sender, receiver) = oneshot::channel();
        {
            let mut state = self.shared.lock();
            match &state.phase {
                Phase::Dead(reason) => {
                    let error = Error::Exited {
                        method: method.to_owned(),
                        status: None,
                        reason: reason.clone(),
                        stderr_tail: self.shared.stderr_tail(),
                    };
                    return (Err(error), false);
                }
                Phase::Closing if !while_closing => {
                    return (
                        Err(Error::Closed {
                            method: method.to_owned(),
                        }),
                        false,
                    )
                }
                _ => {}
            }
            let sent = match &state.writer {
                Some(writer) => {
                    let _ = writer.send(Arc::clone(&line));
                    true
                }
                None => false, // respawning: sent once the new sidecar is up
            };
            state.order.push_back(id);
            state.pending.insert(
                id,
                Pending {
                    method: method.to_owned(),
                    line,
                    retry,
                    sent,
                    retried: false,
                    reply: Some(sender),
                },
            );
        }
        match tokio::time::timeout(timeout, receiver).await {
            Ok(Ok(reply)) => reply,
            Ok(Err(_)) => (
                Err(Error::Closed {
                    method: method.to_owned(),
                }),
                false,
            ),
            Err(_) => {
                self.shared.lock().pending.remove(&id);
                (
                    Err(Error::Timeout {
                        method: method.to_owned(),
                        after: timeout,
                    }),
                    false,
                )
            }
        }
    }

    async fn typed<P, R>(&self, method: &str, params: &P, retry: Retry) -> Result<(R, bool), Error>
    where
        P: Serialize + ?Sized,
        R: DeserializeOwned,
    {
        let params = encode(method, params)?;
        let (result, retried) = self
            .request(method, params, retry, self.timeout, false)
            .await?;
        Ok((decode(method, &result)?, retried))
    }

    async fn simple<P, R>(&self, method: &str, params: &P) -> Result<R, Error>
    where
        P: Serialize + ?Sized,
        R: DeserializeOwned,
    {
        let retry = Retry::of(spec::effect_of(method));
        Ok(self.typed(method, params, retry).await?.0)
    }

    /// `initialize`: who this host is; the sidecar's version, methods, call kinds and limits.
    /// Sent again, with the same params, to every sidecar started after a death. A sidecar that
    /// does not speak [`PROTOCOL_VERSION`] answers `-31009`.
    pub async fn initialize(&self, name: &str, version: &str) -> Result<InitializeResult, Error> {
        self.initialize_with(name, version, &[]).await
    }

    /// [`SequencerClient::initialize`], declaring `call_kinds` (call types of the host's own)
    /// for every session; none are sent when it is empty.
    pub async fn initialize_with(
        &self,
        name: &str,
        version: &str,
        call_kinds: &[CallKind],
    ) -> Result<InitializeResult, Error> {
        #[derive(Serialize)]
        struct ClientInfo<'a> {
            name: &'a str,
            version: &'a str,
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Params<'a> {
            client_info: ClientInfo<'a>,
            protocol_version: u32,
            #[serde(skip_serializing_if = "<[CallKind]>::is_empty")]
            call_kinds: &'a [CallKind],
        }
        let params = Params {
            client_info: ClientInfo { name, version },
            protocol_version: PROTOCOL_VERSION,
            call_kinds,
        };
        let text = encode(method::INITIALIZE, &params)?;
        let result: InitializeResult = self.simple(method::INITIALIZE, &params).await?;
        self.shared.lock().initialize = Some(text);
        Ok(result)
    }

    /// `sequence`: the one-shot sequencer over a whole history. `M` is the type of `messages`
    /// (`Box<RawValue>` for any format, `Vec<Box<RawValue>>` for `responses`).
    pub async fn sequence<M>(
        &self,
        items: &[Box<RawValue>],
        options: &SequenceOptions,
    ) -> Result<SequenceResult<M>, Error>
    where
        M: DeserializeOwned,
    {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Params<'a> {
            items: &'a [Box<RawValue>],
            #[serde(skip_serializing_if = "Option::is_none")]
            format: Option<Format>,
            #[serde(skip_serializing_if = "Option::is_none")]
            missing_output: Option<crate::protocol::MissingOutput>,
            #[serde(skip_serializing_if = "Option::is_none")]
            synthetic_outputs: Option<&'a crate::protocol::SyntheticOutputs>,
            #[serde(skip_serializing_if = "Option::is_none")]
            reasoning: Option<ReasoningMember>,
            #[serde(skip_serializing_if = "Option::is_none")]
            ids: Option<IdPolicy>,
        }
        let params = Params {
            items,
            format: options.format,
            missing_output: options.missing_output,
            synthetic_outputs: options.synthetic_outputs.as_ref(),
            reasoning: options.reasoning,
            ids: options.ids,
        };
        self.simple(method::SEQUENCE, &params).await
    }

    /// `validate`: checks an array (or request body) as the provider's API would.
    pub async fn validate<T>(&self, messages: &T, format: Format) -> Result<ValidateResult, Error>
    where
        T: Serialize + ?Sized,
    {
        self.validate_with(messages, format, None).await
    }

    /// [`SequencerClient::validate`] of a `chat` array whose assistant messages carry their
    /// reasoning in `reasoning`'s member (which is then allowed).
    pub async fn validate_with<T>(
        &self,
        messages: &T,
        format: Format,
        reasoning: Option<ReasoningMember>,
    ) -> Result<ValidateResult, Error>
    where
        T: Serialize + ?Sized,
    {
        #[derive(Serialize)]
        struct Params<'a, T: ?Sized> {
            format: Format,
            messages: &'a T,
            #[serde(skip_serializing_if = "Option::is_none")]
            reasoning: Option<ReasoningMember>,
        }
        let params = Params {
            format,
            messages,
            reasoning,
        };
        self.simple(method::VALIDATE, &params).await
    }

    /// `session/open`: opens a session (`session`: its id, or `None` to let the sidecar name
    /// it) and returns its id. With an id, it is sent again after a respawn, and a repeat
    /// answered "session exists" counts as opened (it was this request's own doing).
    pub async fn session_open(
        &self,
        session: Option<&str>,
        options: Option<&SessionOptions>,
    ) -> Result<String, Error> {
        self.session_open_with(session, options, &[]).await
    }

    /// [`SequencerClient::session_open`], declaring `call_kinds` for this session (added to
    /// those of `initialize`); none are sent when it is empty.
    pub async fn session_open_with(
        &self,
        session: Option<&str>,
        options: Option<&SessionOptions>,
        call_kinds: &[CallKind],
    ) -> Result<String, Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Params<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            session: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            options: Option<&'a SessionOptions>,
            #[serde(skip_serializing_if = "<[CallKind]>::is_empty")]
            call_kinds: &'a [CallKind],
        }
        let retry = match session {
            Some(_) => Retry::WithStateDir,
            None => Retry::Never("the sidecar would name a second session"),
        };
        let params = Params {
            session,
            options,
            call_kinds,
        };
        let params = encode(method::SESSION_OPEN, &params)?;
        let (result, retried) = self
            .request_reply(method::SESSION_OPEN, params, retry, self.timeout, false)
            .await;
        match (result, session) {
            (Ok(result), _) => Ok(decode::<OpenResult>(method::SESSION_OPEN, &result)?.session),
            // The first time was applied before the sidecar died: this request opened it.
            (Err(Error::Rpc(error)), Some(session))
                if retried && error.kind() == ErrorCode::SessionExists =>
            {
                Ok(session.to_owned())
            }
            (Err(error), _) => Err(error),
        }
    }

    /// `session/submit`: submits items in the order they happened. Sent again after a respawn
    /// (with a state dir) when every item has a `call_id` (calls and outputs): one that had been
    /// applied comes back in `reported` as a `duplicate` and is not committed twice. A submit
    /// with a message or reasoning (no id: the sidecar would commit it twice) is not sent again
    /// ([`Error::Interrupted`]).
    pub async fn session_submit(
        &self,
        session: &str,
        items: &[Box<RawValue>],
    ) -> Result<SubmitResult, Error> {
        #[derive(Serialize)]
        struct Params<'a> {
            session: &'a str,
            items: &'a [Box<RawValue>],
        }
        let retry = if items.iter().all(|item| has_call_id(item)) {
            Retry::WithStateDir
        } else {
            Retry::Never("an item has no call_id (a message or reasoning), which a repeat would commit twice")
        };
        Ok(self
            .typed(method::SESSION_SUBMIT, &Params { session, items }, retry)
            .await?
            .0)
    }

    /// `session/cancel`: closes the named pending calls (all of them when `call_ids` is
    /// `None`) with synthetic outputs that say why.
    pub async fn session_cancel(
        &self,
        session: &str,
        call_ids: Option<&[&str]>,
        reason: Option<CancelReason>,
    ) -> Result<CancelResult, Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Params<'a> {
            session: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            call_ids: Option<&'a [&'a str]>,
            #[serde(skip_serializing_if = "Option::is_none")]
            reason: Option<CancelReason>,
        }
        self.simple(
            method::SESSION_CANCEL,
            &Params {
                session,
                call_ids,
                reason,
            },
        )
        .await
    }

    /// `session/messages`: the committed array. `M` is the type of `messages`.
    pub async fn session_messages<M>(
        &self,
        session: &str,
        query: MessagesQuery,
    ) -> Result<MessagesResult<M>, Error>
    where
        M: DeserializeOwned,
    {
        #[derive(Serialize)]
        struct Params<'a> {
            session: &'a str,
            #[serde(flatten)]
            query: MessagesQuery,
        }
        self.simple(method::SESSION_MESSAGES, &Params { session, query })
            .await
    }

    /// `session/state`: the open model response, held items, early outputs and counts.
    pub async fn session_state(&self, session: &str) -> Result<StateResult, Error> {
        self.simple(method::SESSION_STATE, &SessionParam { session })
            .await
    }

    /// `session/close`: ends a session; returns orphan outputs and what was still pending or
    /// held. Never sent twice.
    pub async fn session_close(&self, session: &str) -> Result<CloseResult, Error> {
        self.simple(method::SESSION_CLOSE, &SessionParam { session })
            .await
    }

    /// `session/export`: the operations that made a session, for `session/import`.
    pub async fn session_export(&self, session: &str) -> Result<SessionExport, Error> {
        self.simple(method::SESSION_EXPORT, &SessionParam { session })
            .await
    }

    /// `session/import`: opens a session rebuilt from an export (named `session`, or as it was).
    /// Never sent twice.
    pub async fn session_import(
        &self,
        state: &SessionExport,
        session: Option<&str>,
    ) -> Result<ImportResult, Error> {
        #[derive(Serialize)]
        struct Params<'a> {
            state: &'a SessionExport,
            #[serde(skip_serializing_if = "Option::is_none")]
            session: Option<&'a str>,
        }
        self.simple(method::SESSION_IMPORT, &Params { state, session })
            .await
    }

    /// `session/rewind`: goes back to `revision`, a commit boundary no later than the current
    /// one; what was committed after it, the pending calls, held items and early outputs are
    /// discarded (counted in `discarded`), and the epoch goes up by one. Another revision is
    /// `-32602`. Never sent twice.
    pub async fn session_rewind(
        &self,
        session: &str,
        revision: u64,
    ) -> Result<RewindResult, Error> {
        #[derive(Serialize)]
        struct Params<'a> {
            session: &'a str,
            revision: u64,
        }
        self.simple(method::SESSION_REWIND, &Params { session, revision })
            .await
    }

    /// `session/replace`: the committed array becomes `items`, sequenced by the one-shot rules
    /// (a compaction); pending calls, held items and early outputs stay, and the epoch goes up
    /// by one. Never sent twice.
    pub async fn session_replace(
        &self,
        session: &str,
        items: &[Box<RawValue>],
    ) -> Result<ReplaceResult, Error> {
        #[derive(Serialize)]
        struct Params<'a> {
            session: &'a str,
            items: &'a [Box<RawValue>],
        }
        self.simple(method::SESSION_REPLACE, &Params { session, items })
            .await
    }

    /// `ping`: answers `{}`.
    pub async fn ping(&self) -> Result<(), Error> {
        let _: Empty = self.simple(method::PING, &Empty {}).await?;
        Ok(())
    }

    /// `initialized`, sent as a request (this client sends no notifications): answers `{}`
    /// and does nothing.
    pub async fn initialized(&self) -> Result<(), Error> {
        let _: Empty = self.simple(method::INITIALIZED, &Empty {}).await?;
        Ok(())
    }

    /// `$/cancelRequest` for the request `id`, sent as a request: answers `{}` and cancels
    /// nothing, since the sidecar answers every request before it reads the next.
    pub async fn cancel_request(&self, id: u64) -> Result<(), Error> {
        #[derive(Serialize)]
        struct Params {
            id: u64,
        }
        let _: Empty = self.simple(method::CANCEL_REQUEST, &Params { id }).await?;
        Ok(())
    }

    /// `shutdown`: the sidecar answers `{}` and exits; returns its exit status. The client is
    /// closed afterwards (every later call is [`Error::Closed`]).
    pub async fn shutdown(&self) -> Result<Option<ExitStatus>, Error> {
        self.shared.lock().phase = Phase::Closing;
        let params = encode(method::SHUTDOWN, &Empty {})?;
        let retry = Retry::of(Effect::Ends);
        let (result, _) = self
            .request(method::SHUTDOWN, params, retry, self.timeout, true)
            .await?;
        let _: Empty = decode(method::SHUTDOWN, &result)?;
        Ok(self.reap().await)
    }

    /// Closes the sidecar's stdin (it answers what it has read, then exits 0) and waits for it,
    /// killing it after the exit timeout; returns its exit status.
    pub async fn close(&self) -> Option<ExitStatus> {
        {
            let mut state = self.shared.lock();
            state.phase = Phase::Closing;
            state.writer = None;
        }
        self.reap().await
    }

    async fn reap(&self) -> Option<ExitStatus> {
        let child = {
            let mut state = self.shared.lock();
            state.writer = None;
            state.child.take()
        };
        let mut child = child?;
        match tokio::time::timeout(self.shared.config.exit_timeout, child.wait()).await {
            Ok(status) => status.ok(),
            Err(_) => {
                let _ = child.start_kill();
                child.wait().await.ok()
            }
        }
    }
}

impl Drop for SequencerClient {
    fn drop(&mut self) {
        let mut state = self.shared.lock();
        state.phase = Phase::Closing;
        state.writer = None;
        if let Some(child) = state.child.as_mut() {
            let _ = child.start_kill();
        }
    }
}

fn encode<P: Serialize + ?Sized>(method: &str, params: &P) -> Result<String, Error> {
    serde_json::to_string(params).map_err(|source| Error::Encode {
        method: method.to_owned(),
        source,
    })
}

fn decode<R: DeserializeOwned>(method: &str, result: &RawValue) -> Result<R, Error> {
    serde_json::from_str(result.get()).map_err(|source| Error::Decode {
        method: method.to_owned(),
        source,
        result: result.get().to_owned(),
    })
}
