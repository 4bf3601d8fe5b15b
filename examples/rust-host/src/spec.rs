//! The protocol's constants in one place: its version, every method name (with what a retry
//! after a respawn may do), and every error code. Everything else in this crate reads them from
//! here, so moving to a new protocol version is a change to this file.
//!
//! This is protocol version 2, as the sidecar built from this repository speaks it
//! (`protocol/README.md`, "Changes from version 1"): application codes `-31001`…`-31010`, out
//! of JSON-RPC's reserved range; `initialized`, `ping`, `$/cancelRequest`, `session/rewind` and
//! `session/replace`. A version 2 sidecar refuses `protocolVersion: 1` with `-31009`.

/// The protocol version this client speaks (sent as `protocolVersion` by `initialize`).
pub const PROTOCOL_VERSION: u32 = 2;

/// What a request does to the sidecar's state, which decides whether it is sent again when the
/// sidecar dies with the request in flight and is started again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effect {
    /// Reads nothing that a restart loses (`sequence`, `validate`, `ping`, `initialize`,
    /// `initialized`, `$/cancelRequest`): always sent again.
    Stateless,
    /// Reads a session (`session/messages`, `state`, `export`): sent again when the sidecar
    /// keeps its sessions in a `--state-dir`, which it has back after the restart.
    ReadsSession,
    /// Changes a session, and the sidecar tells a repeat from a first time (`session/submit`
    /// of calls and outputs only: a repeat is reported `duplicate`; `session/cancel`: a call
    /// already cancelled comes back in `notPending`; `session/open` with an id: a repeat is
    /// `session exists`): sent again with a `--state-dir`.
    ChangesSessionIdempotently,
    /// Changes a session in a way a repeat would apply twice (`session/close`, `import`,
    /// `rewind`, `replace`, `open` without an id, a `submit` with an item that has no
    /// `call_id`): never sent again; the caller gets [`crate::Error::Interrupted`].
    ChangesSession,
    /// Ends the sidecar (`shutdown`): never sent again.
    Ends,
}

/// One method of the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Method {
    /// The name on the wire.
    pub name: &'static str,
    /// What it does to the sidecar's state.
    pub effect: Effect,
}

/// The method names, as constants for the wire and in one table ([`METHODS`]).
pub mod method {
    /// `initialize`.
    pub const INITIALIZE: &str = "initialize";
    /// `initialized`: the host's acknowledgement of `initialize` (LSP, MCP); answers `{}`.
    pub const INITIALIZED: &str = "initialized";
    /// `sequence`.
    pub const SEQUENCE: &str = "sequence";
    /// `validate`.
    pub const VALIDATE: &str = "validate";
    /// `session/open`.
    pub const SESSION_OPEN: &str = "session/open";
    /// `session/submit`.
    pub const SESSION_SUBMIT: &str = "session/submit";
    /// `session/cancel`.
    pub const SESSION_CANCEL: &str = "session/cancel";
    /// `session/messages`.
    pub const SESSION_MESSAGES: &str = "session/messages";
    /// `session/state`.
    pub const SESSION_STATE: &str = "session/state";
    /// `session/close`.
    pub const SESSION_CLOSE: &str = "session/close";
    /// `session/export`.
    pub const SESSION_EXPORT: &str = "session/export";
    /// `session/import`.
    pub const SESSION_IMPORT: &str = "session/import";
    /// `session/rewind`: back to an earlier commit boundary.
    pub const SESSION_REWIND: &str = "session/rewind";
    /// `session/replace`: a new committed array (a compaction).
    pub const SESSION_REPLACE: &str = "session/replace";
    /// `ping`: answers `{}`.
    pub const PING: &str = "ping";
    /// `$/cancelRequest` (LSP): answers `{}` and cancels nothing (the sidecar answers every
    /// request before it reads the next).
    pub const CANCEL_REQUEST: &str = "$/cancelRequest";
    /// `shutdown`.
    pub const SHUTDOWN: &str = "shutdown";
}

/// Every method this client knows, in the order of the protocol's method table.
pub const METHODS: &[Method] = &[
    Method {
        name: method::INITIALIZE,
        effect: Effect::Stateless,
    },
    Method {
        name: method::INITIALIZED,
        effect: Effect::Stateless,
    },
    Method {
        name: method::SEQUENCE,
        effect: Effect::Stateless,
    },
    Method {
        name: method::VALIDATE,
        effect: Effect::Stateless,
    },
    Method {
        name: method::SESSION_OPEN,
        effect: Effect::ChangesSessionIdempotently,
    },
    Method {
        name: method::SESSION_SUBMIT,
        effect: Effect::ChangesSessionIdempotently,
    },
    Method {
        name: method::SESSION_CANCEL,
        effect: Effect::ChangesSessionIdempotently,
    },
    Method {
        name: method::SESSION_MESSAGES,
        effect: Effect::ReadsSession,
    },
    Method {
        name: method::SESSION_STATE,
        effect: Effect::ReadsSession,
    },
    Method {
        name: method::SESSION_CLOSE,
        effect: Effect::ChangesSession,
    },
    Method {
        name: method::SESSION_EXPORT,
        effect: Effect::ReadsSession,
    },
    Method {
        name: method::SESSION_IMPORT,
        effect: Effect::ChangesSession,
    },
    Method {
        name: method::SESSION_REWIND,
        effect: Effect::ChangesSession,
    },
    Method {
        name: method::SESSION_REPLACE,
        effect: Effect::ChangesSession,
    },
    Method {
        name: method::PING,
        effect: Effect::Stateless,
    },
    Method {
        name: method::CANCEL_REQUEST,
        effect: Effect::Stateless,
    },
    Method {
        name: method::SHUTDOWN,
        effect: Effect::Ends,
    },
];

/// What `name` does to the sidecar's state; a method not in [`METHODS`] counts as
/// [`Effect::ChangesSession`] (never sent twice).
pub fn effect_of(name: &str) -> Effect {
    METHODS
        .iter()
        .find(|method| method.name == name)
        .map_or(Effect::ChangesSession, |method| method.effect)
}

/// The error codes of protocol version 2 as numbers.
pub mod code {
    /// The line is not JSON, or nests deeper than the limit.
    pub const PARSE_ERROR: i64 = -32700;
    /// The JSON is not a request.
    pub const INVALID_REQUEST: i64 = -32600;
    /// No such method.
    pub const METHOD_NOT_FOUND: i64 = -32601;
    /// A param is missing, unknown, of the wrong type, or out of range.
    pub const INVALID_PARAMS: i64 = -32602;
    /// A bug in the sidecar.
    pub const INTERNAL_ERROR: i64 = -32603;
    /// The line is longer than `--max-line-bytes`.
    pub const LINE_TOO_LONG: i64 = -31001;
    /// No open session has that id.
    pub const UNKNOWN_SESSION: i64 = -31002;
    /// A session with that id is already open.
    pub const SESSION_EXISTS: i64 = -31003;
    /// Too many sessions are open.
    pub const TOO_MANY_SESSIONS: i64 = -31004;
    /// `sequence` with `missingOutput: "error"` found calls with no output.
    pub const UNANSWERED_CALLS: i64 = -31005;
    /// `initialize` was already called.
    pub const ALREADY_INITIALIZED: i64 = -31006;
    /// The session is at its limit of items waiting or of bytes.
    pub const SESSION_LIMIT: i64 = -31007;
    /// The open sessions would pass `--max-total-bytes`.
    pub const TOTAL_LIMIT: i64 = -31008;
    /// The sidecar does not speak the requested protocol version.
    pub const UNSUPPORTED_PROTOCOL_VERSION: i64 = -31009;
    /// With `--state-dir`, the request could not be stored and was not applied.
    pub const STORAGE_FAILED: i64 = -31010;
}

/// The error codes by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// [`code::PARSE_ERROR`].
    ParseError,
    /// [`code::INVALID_REQUEST`].
    InvalidRequest,
    /// [`code::METHOD_NOT_FOUND`].
    MethodNotFound,
    /// [`code::INVALID_PARAMS`].
    InvalidParams,
    /// [`code::INTERNAL_ERROR`].
    InternalError,
    /// [`code::LINE_TOO_LONG`].
    LineTooLong,
    /// [`code::UNKNOWN_SESSION`].
    UnknownSession,
    /// [`code::SESSION_EXISTS`].
    SessionExists,
    /// [`code::TOO_MANY_SESSIONS`].
    TooManySessions,
    /// [`code::UNANSWERED_CALLS`].
    UnansweredCalls,
    /// [`code::ALREADY_INITIALIZED`].
    AlreadyInitialized,
    /// [`code::SESSION_LIMIT`].
    SessionLimit,
    /// [`code::TOTAL_LIMIT`].
    TotalLimit,
    /// [`code::UNSUPPORTED_PROTOCOL_VERSION`].
    UnsupportedProtocolVersion,
    /// [`code::STORAGE_FAILED`].
    StorageFailed,
    /// A code this client does not know.
    Other(i64),
}

/// Every named code with its number: the one table [`ErrorCode::from_code`] and
/// [`ErrorCode::code`] read.
const CODES: &[(ErrorCode, i64)] = &[
    (ErrorCode::ParseError, code::PARSE_ERROR),
    (ErrorCode::InvalidRequest, code::INVALID_REQUEST),
    (ErrorCode::MethodNotFound, code::METHOD_NOT_FOUND),
    (ErrorCode::InvalidParams, code::INVALID_PARAMS),
    (ErrorCode::InternalError, code::INTERNAL_ERROR),
    (ErrorCode::LineTooLong, code::LINE_TOO_LONG),
    (ErrorCode::UnknownSession, code::UNKNOWN_SESSION),
    (ErrorCode::SessionExists, code::SESSION_EXISTS),
    (ErrorCode::TooManySessions, code::TOO_MANY_SESSIONS),
    (ErrorCode::UnansweredCalls, code::UNANSWERED_CALLS),
    (ErrorCode::AlreadyInitialized, code::ALREADY_INITIALIZED),
    (ErrorCode::SessionLimit, code::SESSION_LIMIT),
    (ErrorCode::TotalLimit, code::TOTAL_LIMIT),
    (
        ErrorCode::UnsupportedProtocolVersion,
        code::UNSUPPORTED_PROTOCOL_VERSION,
    ),
    (ErrorCode::StorageFailed, code::STORAGE_FAILED),
];

impl ErrorCode {
    /// The name of `code`; [`ErrorCode::Other`] for a number not in the table.
    pub fn from_code(code: i64) -> Self {
        CODES
            .iter()
            .find(|(_, number)| *number == code)
            .map_or(ErrorCode::Other(code), |(name, _)| *name)
    }

    /// The number on the wire.
    pub fn code(self) -> i64 {
        match self {
            ErrorCode::Other(code) => code,
            named => CODES
                .iter()
                .find(|(name, _)| *name == named)
                .map_or(0, |(_, number)| *number),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_code_round_trips_through_its_number() {
        for (name, number) in CODES {
            assert_eq!(ErrorCode::from_code(*number), *name);
            assert_eq!(name.code(), *number);
        }
        assert_eq!(ErrorCode::from_code(-1), ErrorCode::Other(-1));
        assert_eq!(ErrorCode::Other(-1).code(), -1);
    }

    #[test]
    fn every_method_is_listed_once() {
        let mut names: Vec<&str> = METHODS.iter().map(|method| method.name).collect();
        assert_eq!(names.len(), 17);
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 17);
        assert_eq!(
            effect_of("session/submit"),
            Effect::ChangesSessionIdempotently
        );
        assert_eq!(effect_of("no/such"), Effect::ChangesSession);
    }
}
