//! A client that runs the `tool-sequencer` sidecar as a child process and talks to it the way
//! Codex talks to its own helpers: line-delimited JSON-RPC 2.0 over the child's stdin and
//! stdout.
//!
//! Guarantees:
//!
//! * One request per line (`serde_json` escapes every control character, so a request never
//!   holds a raw newline), one request in flight at a time (`&mut self`).
//! * Every response is matched to its request by `id`, and nothing is skipped: a response with
//!   another id ([`Error::UnexpectedId`]), a line that is not a JSON-RPC 2.0 response
//!   ([`Error::Protocol`]), the sidecar exiting ([`Error::Exited`]) or not answering in time
//!   ([`Error::Timeout`]) is an error, after which the client is *broken*: every later call
//!   fails with [`Error::Broken`] rather than risk pairing a response with the wrong request.
//! * A JSON-RPC error answer is [`Error::Rpc`] with the sidecar's code, message and data; the
//!   client stays usable. That includes an error answered with `"id": null` (a line over
//!   `--max-line-bytes` or nesting over `--max-depth`): with one request in flight it can only
//!   be the answer to that request.
//! * Dropping the client closes the sidecar's stdin (the sidecar then finishes and exits 0),
//!   waits for it, and kills it if it has not exited within the exit timeout.

use crate::items::json_type_name;
use crate::protocol::{
    CancelReason, CancelResult, CloseResult, Format, InitializeResult, MessagesResult, OpenResult,
    Problem, SequenceOptions, SequenceResult, SessionOptions, StateResult, SubmitResult,
    ValidateResult, PROTOCOL_VERSION,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::VecDeque;
use std::ffi::OsString;
use std::fmt;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

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

/// What happens to the sidecar's stderr (its log, one event per line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stderr {
    /// Shared with this process (the default).
    Inherit,
    /// Kept in memory: the last lines are in [`SequencerClient::stderr_tail`] and quoted in
    /// [`Error::Exited`].
    Capture,
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

    /// What to do with the sidecar's stderr.
    pub fn stderr(mut self, stderr: Stderr) -> Self {
        self.stderr = stderr;
        self
    }

    /// How long to wait for each response (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long to wait for the sidecar to exit once its stdin is closed, before killing it
    /// (default 5 s).
    pub fn exit_timeout(mut self, timeout: Duration) -> Self {
        self.exit_timeout = timeout;
        self
    }

    /// Starts the sidecar.
    pub fn spawn(self) -> Result<SequencerClient, Error> {
        let mut command = Command::new(&self.program);
        command
            .args(&self.args)
            .envs(self.envs.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(match self.stderr {
                Stderr::Inherit => Stdio::inherit(),
                Stderr::Capture => Stdio::piped(),
                Stderr::Discard => Stdio::null(),
            });
        let spawn_error = |source| Error::Spawn {
            program: self.program.clone(),
            source,
        };
        let mut child = command.spawn().map_err(spawn_error)?;
        let missing = |what: &str| {
            spawn_error(io::Error::new(
                io::ErrorKind::Other,
                format!("the child's {what} was not piped"),
            ))
        };
        let stdin = child.stdin.take().ok_or_else(|| missing("stdin"))?;
        let stdout = child.stdout.take().ok_or_else(|| missing("stdout"))?;

        // Pipes cannot be read with a timeout: a thread reads lines and hands them over.
        let (sender, lines) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut line = Vec::new();
                match reader.read_until(b'\n', &mut line) {
                    Ok(0) => break,
                    Ok(_) => {
                        if sender.send(Ok(line)).is_err() {
                            break;
                        }
                    }
                    Err(error) => {
                        let _ = sender.send(Err(error));
                        break;
                    }
                }
            }
        });

        let stderr_tail = match child.stderr.take() {
            Some(stderr) => {
                let tail = Arc::new(Mutex::new(VecDeque::new()));
                let sink = Arc::clone(&tail);
                thread::spawn(move || {
                    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                        if let Ok(mut tail) = sink.lock() {
                            if tail.len() == STDERR_TAIL_LINES {
                                tail.pop_front();
                            }
                            tail.push_back(line);
                        }
                    }
                });
                Some(tail)
            }
            None => None,
        };

        Ok(SequencerClient {
            program: self.program,
            child,
            stdin: Some(stdin),
            lines,
            stderr_tail,
            next_id: 1,
            timeout: self.timeout,
            exit_timeout: self.exit_timeout,
            broken: None,
        })
    }
}

/// A running sidecar and the channel to it. See the [module documentation](self).
#[derive(Debug)]
pub struct SequencerClient {
    program: PathBuf,
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<io::Result<Vec<u8>>>,
    stderr_tail: Option<Arc<Mutex<VecDeque<String>>>>,
    next_id: u64,
    timeout: Duration,
    exit_timeout: Duration,
    broken: Option<String>,
}

/// A JSON-RPC request line.
#[derive(Serialize)]
struct Request<'a> {
    jsonrpc: &'static str,
    id: u64,
    method: &'a str,
    #[serde(skip_serializing_if = "Value::is_null")]
    params: Value,
}

impl SequencerClient {
    /// Settings for a sidecar: [`sidecar_path`], stderr inherited, 30 s per response.
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            program: sidecar_path(),
            args: Vec::new(),
            envs: Vec::new(),
            stderr: Stderr::Inherit,
            timeout: Duration::from_secs(30),
            exit_timeout: Duration::from_secs(5),
        }
    }

    /// Starts the sidecar at [`sidecar_path`] with the default settings.
    pub fn spawn() -> Result<Self, Error> {
        Self::builder().spawn()
    }

    /// The program that was started.
    pub fn program(&self) -> &Path {
        &self.program
    }

    /// The last lines the sidecar wrote to stderr, with [`Stderr::Capture`]; empty otherwise.
    pub fn stderr_tail(&self) -> Vec<String> {
        match &self.stderr_tail {
            Some(tail) => tail
                .lock()
                .map(|tail| tail.iter().cloned().collect())
                .unwrap_or_default(),
            None => Vec::new(),
        }
    }

    /// Sends `method` with `params` (anything that serializes to a JSON object; `()` for none)
    /// and decodes the result as `R`.
    pub fn call<P, R>(&mut self, method: &str, params: &P) -> Result<R, Error>
    where
        P: Serialize + ?Sized,
        R: DeserializeOwned,
    {
        let result = self.call_value(method, params)?;
        serde_json::from_value(result).map_err(|source| Error::Decode {
            method: method.to_owned(),
            source,
        })
    }

    /// Sends `method` with `params` and returns the result as JSON.
    pub fn call_value<P>(&mut self, method: &str, params: &P) -> Result<Value, Error>
    where
        P: Serialize + ?Sized,
    {
        if let Some(reason) = &self.broken {
            return Err(Error::Broken {
                reason: reason.clone(),
            });
        }
        let params = serde_json::to_value(params).map_err(|source| Error::Encode {
            method: method.to_owned(),
            source,
        })?;
        let id = self.next_id;
        self.next_id += 1;
        let request = Request {
            jsonrpc: "2.0",
            id,
            method,
            params,
        };
        let mut line = serde_json::to_vec(&request).map_err(|source| Error::Encode {
            method: method.to_owned(),
            source,
        })?;
        line.push(b'\n');
        let outcome = self
            .send(method, &line)
            .and_then(|()| self.receive(method, id));
        match outcome {
            Err(error) if error.breaks_channel() => {
                self.broken = Some(error.to_string());
                Err(error)
            }
            other => other,
        }
    }

    fn send(&mut self, method: &str, line: &[u8]) -> Result<(), Error> {
        let stdin = match self.stdin.as_mut() {
            Some(stdin) => stdin,
            None => {
                return Err(Error::Broken {
                    reason: "the sidecar's stdin is closed".to_owned(),
                })
            }
        };
        match stdin.write_all(line).and_then(|()| stdin.flush()) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Err(self.exited(method)),
            Err(source) => Err(Error::Io {
                method: method.to_owned(),
                source,
            }),
        }
    }

    fn receive(&mut self, method: &str, id: u64) -> Result<Value, Error> {
        let bytes = match self.lines.recv_timeout(self.timeout) {
            Ok(Ok(bytes)) => bytes,
            Ok(Err(source)) => {
                return Err(Error::Io {
                    method: method.to_owned(),
                    source,
                })
            }
            Err(RecvTimeoutError::Timeout) => {
                return Err(Error::Timeout {
                    method: method.to_owned(),
                    after: self.timeout,
                })
            }
            Err(RecvTimeoutError::Disconnected) => return Err(self.exited(method)),
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                return Err(Error::Protocol {
                    method: method.to_owned(),
                    reason: format!("the line is not UTF-8 ({})", error.utf8_error()),
                    line: String::from_utf8_lossy(error.as_bytes()).into_owned(),
                })
            }
        };
        let line = text.trim_end_matches(['\n', '\r']);
        let protocol = |reason: String| Error::Protocol {
            method: method.to_owned(),
            reason,
            line: line.to_owned(),
        };
        let response: Value = serde_json::from_str(line)
            .map_err(|error| protocol(format!("the line is not JSON ({error})")))?;
        let mut response = match response {
            Value::Object(response) => response,
            other => {
                return Err(protocol(format!(
                    "a response must be a JSON object, not {}",
                    json_type_name(&other)
                )))
            }
        };
        if response.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
            return Err(protocol("\"jsonrpc\" is not \"2.0\"".to_owned()));
        }
        let got = response
            .remove("id")
            .ok_or_else(|| protocol("the response has no \"id\"".to_owned()))?;
        let error = response.remove("error");
        let result = response.remove("result");
        // `id: null` answers a request whose id could not be read: the one in flight.
        let answers_us = got.as_u64() == Some(id) || (got.is_null() && error.is_some());
        if !answers_us {
            return Err(Error::UnexpectedId {
                method: method.to_owned(),
                expected: id,
                got: got.to_string(),
                line: line.to_owned(),
            });
        }
        match (result, error) {
            (Some(result), None) => Ok(result),
            (None, Some(error)) => Err(Error::Rpc(Box::new(
                RpcError::from_json(method, error).map_err(protocol)?,
            ))),
            _ => Err(protocol(
                "a response must have exactly one of \"result\" and \"error\"".to_owned(),
            )),
        }
    }

    /// The error for a sidecar that went away, with its exit status if it has one by now.
    fn exited(&mut self, method: &str) -> Error {
        let deadline = Instant::now() + Duration::from_millis(500);
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(10)),
                _ => break None,
            }
        };
        Error::Exited {
            method: method.to_owned(),
            status,
            stderr_tail: self.stderr_tail(),
        }
    }

    /// `initialize`: names this host and learns the server's version, formats and limits.
    /// Optional, and allowed once per connection.
    pub fn initialize(&mut self, name: &str, version: &str) -> Result<InitializeResult, Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Params<'a> {
            client_info: ClientInfo<'a>,
            protocol_version: u32,
        }
        #[derive(Serialize)]
        struct ClientInfo<'a> {
            name: &'a str,
            version: &'a str,
        }
        self.call(
            "initialize",
            &Params {
                client_info: ClientInfo { name, version },
                protocol_version: PROTOCOL_VERSION,
            },
        )
    }

    /// `sequence`: sequences a whole history in one go. `M` is the type of `messages`
    /// (`Vec<ResponseItem>`, `Vec<ChatMessage>` or `Value`), matching `options.format`.
    ///
    /// [`ResponseItem`]: crate::items::ResponseItem
    pub fn sequence<I, M>(
        &mut self,
        items: &I,
        options: &SequenceOptions,
    ) -> Result<SequenceResult<M>, Error>
    where
        I: Serialize + ?Sized,
        M: DeserializeOwned,
    {
        #[derive(Serialize)]
        struct Params<'a, I: ?Sized> {
            items: &'a I,
            #[serde(flatten)]
            options: &'a SequenceOptions,
        }
        self.call("sequence", &Params { items, options })
    }

    /// `validate`: checks `messages` (an array, or a request body for `anthropic` and
    /// `gemini`) against `format`'s rules.
    pub fn validate<T>(&mut self, messages: &T, format: Format) -> Result<ValidateResult, Error>
    where
        T: Serialize + ?Sized,
    {
        #[derive(Serialize)]
        struct Params<'a, T: ?Sized> {
            messages: &'a T,
            format: Format,
        }
        self.call("validate", &Params { messages, format })
    }

    /// `session/open`: opens a session, named `session` or named by the sidecar; returns its id.
    pub fn session_open(
        &mut self,
        session: Option<&str>,
        options: Option<&SessionOptions>,
    ) -> Result<String, Error> {
        #[derive(Serialize)]
        struct Params<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            session: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            options: Option<&'a SessionOptions>,
        }
        let opened: OpenResult = self.call("session/open", &Params { session, options })?;
        Ok(opened.session)
    }

    /// `session/submit`: submits items in the order they happened.
    pub fn session_submit<I>(&mut self, session: &str, items: &I) -> Result<SubmitResult, Error>
    where
        I: Serialize + ?Sized,
    {
        #[derive(Serialize)]
        struct Params<'a, I: ?Sized> {
            session: &'a str,
            items: &'a I,
        }
        self.call("session/submit", &Params { session, items })
    }

    /// `session/cancel`: closes the named pending calls (all of them when `call_ids` is
    /// `None`) with synthetic outputs that say why.
    pub fn session_cancel(
        &mut self,
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
        self.call(
            "session/cancel",
            &Params {
                session,
                call_ids,
                reason,
            },
        )
    }

    /// `session/messages`: the committed array in `format` (the session's default when
    /// `None`), optionally only what came after revision `since`. `M` is the type of
    /// `messages`, matching the format.
    pub fn session_messages<M>(
        &mut self,
        session: &str,
        format: Option<Format>,
        since: Option<u64>,
    ) -> Result<MessagesResult<M>, Error>
    where
        M: DeserializeOwned,
    {
        #[derive(Serialize)]
        struct Params<'a> {
            session: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            format: Option<Format>,
            #[serde(skip_serializing_if = "Option::is_none")]
            since: Option<u64>,
        }
        self.call(
            "session/messages",
            &Params {
                session,
                format,
                since,
            },
        )
    }

    /// `session/state`: the open model response, held items, early outputs and counts.
    pub fn session_state(&mut self, session: &str) -> Result<StateResult, Error> {
        self.call("session/state", &SessionParam { session })
    }

    /// `session/close`: ends a session; returns orphan outputs and what was still pending
    /// or held.
    pub fn session_close(&mut self, session: &str) -> Result<CloseResult, Error> {
        self.call("session/close", &SessionParam { session })
    }

    /// `shutdown`: the sidecar answers `{}` and exits; returns its exit status. The client
    /// cannot be used afterwards.
    pub fn shutdown(&mut self) -> Result<ExitStatus, Error> {
        let _: Map<String, Value> = self.call("shutdown", &())?;
        self.broken = Some("the sidecar was shut down".to_owned());
        self.finish().map_err(|source| Error::Io {
            method: "shutdown".to_owned(),
            source,
        })
    }

    /// Closes the sidecar's stdin and waits for it to exit (killing it after the exit
    /// timeout); returns its exit status.
    pub fn close(mut self) -> io::Result<ExitStatus> {
        self.finish()
    }

    fn finish(&mut self) -> io::Result<ExitStatus> {
        drop(self.stdin.take());
        let deadline = Instant::now() + self.exit_timeout;
        loop {
            if let Some(status) = self.child.try_wait()? {
                return Ok(status);
            }
            if Instant::now() >= deadline {
                // Already exited between the two calls is fine: wait() reaps it.
                let _ = self.child.kill();
                return self.child.wait();
            }
            thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for SequencerClient {
    fn drop(&mut self) {
        let _ = self.finish();
    }
}

/// Params of the methods that take only a session id.
#[derive(Serialize)]
struct SessionParam<'a> {
    session: &'a str,
}

/// A JSON-RPC error object the sidecar answered with.
#[derive(Debug, Clone, PartialEq)]
pub struct RpcError {
    /// The method of the request it answers.
    pub method: String,
    /// The error code (see [`ErrorCode`]).
    pub code: i64,
    /// A sentence naming the problem.
    pub message: String,
    /// Where the problem is: the param's JSON path, a byte offset, a limit, problems.
    pub data: Option<Value>,
}

impl RpcError {
    fn from_json(method: &str, error: Value) -> Result<Self, String> {
        let mut error = match error {
            Value::Object(error) => error,
            other => {
                return Err(format!(
                    "\"error\" must be an object, not {}",
                    json_type_name(&other)
                ))
            }
        };
        let code = error
            .get("code")
            .and_then(Value::as_i64)
            .ok_or_else(|| "\"error.code\" must be an integer".to_owned())?;
        let message = match error.remove("message") {
            Some(Value::String(message)) => message,
            _ => return Err("\"error.message\" must be a string".to_owned()),
        };
        Ok(RpcError {
            method: method.to_owned(),
            code,
            message,
            data: error.remove("data"),
        })
    }

    /// The code, by name.
    pub fn kind(&self) -> ErrorCode {
        ErrorCode::from_code(self.code)
    }

    /// `data.path`: the JSON path of the param at fault, when the error names one.
    pub fn path(&self) -> Option<&str> {
        self.data.as_ref()?.get("path")?.as_str()
    }

    /// `data.problems` of an [`ErrorCode::UnansweredCalls`] error; empty for other errors.
    pub fn problems(&self) -> Vec<Problem> {
        self.data
            .as_ref()
            .and_then(|data| data.get("problems"))
            .and_then(|problems| serde_json::from_value(problems.clone()).ok())
            .unwrap_or_default()
    }
}

impl fmt::Display for RpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} (code {})", self.method, self.message, self.code)?;
        if let Some(data) = &self.data {
            write!(f, " data={data}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RpcError {}

/// The error codes of protocol version 2, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// -32700: the line is not JSON, or nests deeper than the limit.
    ParseError,
    /// -32600: the JSON is not a request.
    InvalidRequest,
    /// -32601: no such method.
    MethodNotFound,
    /// -32602: a param is missing, of the wrong type, or out of range.
    InvalidParams,
    /// -32603: a bug in the sidecar.
    InternalError,
    /// -31001: the line is longer than the limit.
    LineTooLong,
    /// -31002: no open session has that id.
    UnknownSession,
    /// -31003: a session with that id is already open.
    SessionExists,
    /// -31004: too many sessions are open.
    TooManySessions,
    /// -31005: `sequence` with `missingOutput: "error"` found calls with no output.
    UnansweredCalls,
    /// -31006: `initialize` was already called.
    AlreadyInitialized,
    /// -31007: the session is at its limit of items waiting or of bytes.
    SessionLimit,
    /// -31008: the open sessions together would pass `--max-total-bytes`.
    TotalLimit,
    /// -31009: `initialize` asked for a protocol version the sidecar does not speak.
    UnsupportedProtocolVersion,
    /// -31010: with `--state-dir`, the request could not be stored, and was not applied.
    StorageFailed,
    /// A code this host does not know.
    Other(i64),
}

impl ErrorCode {
    /// The name of `code`.
    pub fn from_code(code: i64) -> Self {
        match code {
            -32700 => ErrorCode::ParseError,
            -32600 => ErrorCode::InvalidRequest,
            -32601 => ErrorCode::MethodNotFound,
            -32602 => ErrorCode::InvalidParams,
            -32603 => ErrorCode::InternalError,
            -31001 => ErrorCode::LineTooLong,
            -31002 => ErrorCode::UnknownSession,
            -31003 => ErrorCode::SessionExists,
            -31004 => ErrorCode::TooManySessions,
            -31005 => ErrorCode::UnansweredCalls,
            -31006 => ErrorCode::AlreadyInitialized,
            -31007 => ErrorCode::SessionLimit,
            -31008 => ErrorCode::TotalLimit,
            -31009 => ErrorCode::UnsupportedProtocolVersion,
            -31010 => ErrorCode::StorageFailed,
            other => ErrorCode::Other(other),
        }
    }

    /// The number on the wire.
    pub fn code(self) -> i64 {
        match self {
            ErrorCode::ParseError => -32700,
            ErrorCode::InvalidRequest => -32600,
            ErrorCode::MethodNotFound => -32601,
            ErrorCode::InvalidParams => -32602,
            ErrorCode::InternalError => -32603,
            ErrorCode::LineTooLong => -31001,
            ErrorCode::UnknownSession => -31002,
            ErrorCode::SessionExists => -31003,
            ErrorCode::TooManySessions => -31004,
            ErrorCode::UnansweredCalls => -31005,
            ErrorCode::AlreadyInitialized => -31006,
            ErrorCode::SessionLimit => -31007,
            ErrorCode::TotalLimit => -31008,
            ErrorCode::UnsupportedProtocolVersion => -31009,
            ErrorCode::StorageFailed => -31010,
            ErrorCode::Other(code) => code,
        }
    }
}

/// Everything a call can fail with.
#[derive(Debug)]
pub enum Error {
    /// The sidecar could not be started.
    Spawn {
        /// The program that was run.
        program: PathBuf,
        /// Why it failed.
        source: io::Error,
    },
    /// The sidecar answered with a JSON-RPC error. The client stays usable.
    Rpc(Box<RpcError>),
    /// The params could not be encoded as JSON. Nothing was sent; the client stays usable.
    Encode {
        /// The method.
        method: String,
        /// Why.
        source: serde_json::Error,
    },
    /// The result did not have the expected shape. The client stays usable.
    Decode {
        /// The method.
        method: String,
        /// Why.
        source: serde_json::Error,
    },
    /// A response answered another request than the one in flight. Breaks the client.
    UnexpectedId {
        /// The method of the request in flight.
        method: String,
        /// The id of the request in flight.
        expected: u64,
        /// The id the response carried, as JSON text (`42`, `"a"`, `null`).
        got: String,
        /// The response line.
        line: String,
    },
    /// A line from the sidecar is not a JSON-RPC 2.0 response. Breaks the client.
    Protocol {
        /// The method of the request in flight.
        method: String,
        /// What is wrong with the line.
        reason: String,
        /// The line.
        line: String,
    },
    /// Reading from or writing to the sidecar failed. Breaks the client.
    Io {
        /// The method of the request in flight.
        method: String,
        /// Why.
        source: io::Error,
    },
    /// The sidecar closed its stdout (it exited) before answering. Breaks the client.
    Exited {
        /// The method of the request in flight.
        method: String,
        /// Its exit status, if it had exited by the time this was noticed.
        status: Option<ExitStatus>,
        /// The last lines of its stderr, with [`Stderr::Capture`].
        stderr_tail: Vec<String>,
    },
    /// No response within the timeout. Breaks the client.
    Timeout {
        /// The method of the request in flight.
        method: String,
        /// The timeout.
        after: Duration,
    },
    /// An earlier error broke the channel, or the sidecar was shut down.
    Broken {
        /// What broke it.
        reason: String,
    },
}

impl Error {
    /// The JSON-RPC error, if the sidecar answered with one.
    pub fn rpc(&self) -> Option<&RpcError> {
        match self {
            Error::Rpc(error) => Some(error.as_ref()),
            _ => None,
        }
    }

    /// Whether the channel can no longer be trusted after this error.
    fn breaks_channel(&self) -> bool {
        !matches!(
            self,
            Error::Rpc(_) | Error::Encode { .. } | Error::Decode { .. } | Error::Broken { .. }
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spawn { program, source } => write!(
                f,
                "could not start the sidecar {} ({source}); build it with `swift build` or set {BIN_ENV}",
                program.display()
            ),
            Error::Rpc(error) => error.fmt(f),
            Error::Encode { method, source } => {
                write!(f, "{method}: the params could not be encoded: {source}")
            }
            Error::Decode { method, source } => {
                write!(f, "{method}: the result has an unexpected shape: {source}")
            }
            Error::UnexpectedId {
                method,
                expected,
                got,
                line,
            } => write!(
                f,
                "{method}: expected the response to request {expected}, got one with id {got}: {line}"
            ),
            Error::Protocol {
                method,
                reason,
                line,
            } => write!(f, "{method}: not a JSON-RPC response: {reason}: {line}"),
            Error::Io { method, source } => write!(f, "{method}: {source}"),
            Error::Exited {
                method,
                status,
                stderr_tail,
            } => {
                write!(f, "{method}: the sidecar exited before answering")?;
                if let Some(status) = status {
                    write!(f, " ({status})")?;
                }
                if let Some(last) = stderr_tail.last() {
                    write!(f, "; its last log line: {last}")?;
                }
                Ok(())
            }
            Error::Timeout { method, after } => {
                write!(f, "{method}: no response within {after:?}")
            }
            Error::Broken { reason } => write!(f, "the client cannot be used any more: {reason}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Spawn { source, .. } | Error::Io { source, .. } => Some(source),
            Error::Encode { source, .. } | Error::Decode { source, .. } => Some(source),
            Error::Rpc(error) => Some(error.as_ref()),
            _ => None,
        }
    }
}

impl From<RpcError> for Error {
    fn from(error: RpcError) -> Self {
        Error::Rpc(Box::new(error))
    }
}
