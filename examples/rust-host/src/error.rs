//! Everything a call can fail with: one enum, [`Error`], and the sidecar's own JSON-RPC error,
//! [`RpcError`] (code, message, data).

use crate::protocol::Problem;
use crate::spec::ErrorCode;
use serde_json::Value;
use std::fmt;
use std::path::PathBuf;
use std::process::ExitStatus;
use std::time::Duration;

/// A JSON-RPC error object the sidecar answered with.
#[derive(Debug, Clone, PartialEq)]
pub struct RpcError {
    /// The method of the request it answers.
    pub method: String,
    /// The error code (see [`ErrorCode`] and [`crate::spec::code`]).
    pub code: i64,
    /// A sentence naming the problem.
    pub message: String,
    /// Where the problem is: the param's JSON path, a byte offset, a limit, problems.
    pub data: Option<Value>,
}

impl RpcError {
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

/// Everything a call can fail with. Only [`Error::Spawn`] (at start) and [`Error::Exited`]
/// (the sidecar died and could not be started again) leave the client unusable; after
/// [`Error::Closed`] it was closed on purpose.
#[derive(Debug)]
pub enum Error {
    /// The sidecar could not be started.
    Spawn {
        /// The program that was run.
        program: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// The sidecar answered with a JSON-RPC error.
    Rpc(Box<RpcError>),
    /// The params could not be encoded as JSON; nothing was sent.
    Encode {
        /// The method.
        method: String,
        /// Why.
        source: serde_json::Error,
    },
    /// The result did not have the expected shape.
    Decode {
        /// The method.
        method: String,
        /// Why.
        source: serde_json::Error,
        /// The result, as the sidecar wrote it.
        result: String,
    },
    /// A line from the sidecar was not a JSON-RPC 2.0 response. The sidecar answers in order,
    /// so it is counted as the answer to the oldest request still waiting, which gets this.
    Protocol {
        /// The method of that request.
        method: String,
        /// What is wrong with the line.
        reason: String,
        /// The line.
        line: String,
    },
    /// No answer within the request's timeout. The client stays usable; a late answer is
    /// dropped.
    Timeout {
        /// The method.
        method: String,
        /// The timeout.
        after: Duration,
    },
    /// The sidecar died while this request was in flight and it was not sent again: it changes
    /// a session in a way a repeat could apply twice, or there is no `--state-dir` to bring
    /// the session back. It may or may not have been applied (the sidecar stores a request
    /// before it answers): read `session/state` or `session/export` to know.
    Interrupted {
        /// The method.
        method: String,
        /// Why it was not sent again.
        reason: String,
    },
    /// The sidecar died and was not started again (respawning is off, failed, or gave up after
    /// too many deaths in a row). The client cannot be used any more.
    Exited {
        /// The method of the request that gets this.
        method: String,
        /// The exit status, if known.
        status: Option<ExitStatus>,
        /// Why it was not started again.
        reason: String,
        /// The last lines of its stderr, with [`crate::Stderr::Capture`].
        stderr_tail: Vec<String>,
    },
    /// The client was shut down or closed.
    Closed {
        /// The method.
        method: String,
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

    /// The JSON-RPC error code, if the sidecar answered with one.
    pub fn code(&self) -> Option<ErrorCode> {
        self.rpc().map(RpcError::kind)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spawn { program, source } => write!(
                f,
                "could not start the sidecar {} ({source}); build it with `swift build` or set {}",
                program.display(),
                crate::client::BIN_ENV
            ),
            Error::Rpc(error) => error.fmt(f),
            Error::Encode { method, source } => {
                write!(f, "{method}: the params could not be encoded: {source}")
            }
            Error::Decode { method, source, result } => {
                write!(f, "{method}: the result has an unexpected shape: {source}: {result}")
            }
            Error::Protocol { method, reason, line } => {
                write!(f, "{method}: not a JSON-RPC response: {reason}: {line}")
            }
            Error::Timeout { method, after } => write!(f, "{method}: no response within {after:?}"),
            Error::Interrupted { method, reason } => write!(
                f,
                "{method}: the sidecar died with this request in flight and it was not sent again ({reason}); it may or may not have been applied"
            ),
            Error::Exited { method, status, reason, stderr_tail } => {
                write!(f, "{method}: the sidecar exited")?;
                if let Some(status) = status {
                    write!(f, " ({status})")?;
                }
                write!(f, " and was not started again: {reason}")?;
                if let Some(last) = stderr_tail.last() {
                    write!(f, "; its last log line: {last}")?;
                }
                Ok(())
            }
            Error::Closed { method } => write!(f, "{method}: the client was closed"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Spawn { source, .. } => Some(source),
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
