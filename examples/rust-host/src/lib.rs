//! An async client for the `tool-sequencer` sidecar, and a small agent host in the style of
//! Codex's core built on it.
//!
//! - [`spec`]: the protocol's constants (version, method names, error codes) in one place.
//! - [`client`]: [`SequencerClient`]: spawns the sidecar, many requests in flight matched by
//!   id, a timeout per request, respawn on the same `--state-dir` with the requests in flight
//!   sent again when that is safe.
//! - [`protocol`]: the params and results of every method; items as `Box<RawValue>`.
//! - [`items`]: Codex's `ResponseItem`, variant for variant, and conversions to and from
//!   `RawValue`.
//! - [`error`]: [`Error`], everything a call can fail with, and [`RpcError`].
//! - [`scenario`]: the interrupted turn, played and checked.
//!
//! ```no_run
//! use tool_sequencer_rust_host::items::{to_raw_items, ResponseItem};
//! use tool_sequencer_rust_host::{CancelReason, MessagesQuery, SequencerClient};
//! use serde_json::value::RawValue;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let sidecar = SequencerClient::builder().state_dir("/tmp/sessions").spawn()?;
//! let session = sidecar.session_open(Some("turn"), None).await?;
//! let call = to_raw_items(&[ResponseItem::local_shell_exec("call_1", ["make"])])?;
//! sidecar.session_submit(&session, &call).await?;
//! let typed = to_raw_items(&[ResponseItem::user_text("stop")])?;
//! sidecar.session_submit(&session, &typed).await?; // held while call_1 runs
//! sidecar.session_cancel(&session, None, Some(CancelReason::Interrupted)).await?;
//! let body = sidecar
//!     .session_messages::<Vec<Box<RawValue>>>(&session, MessagesQuery::default())
//!     .await?;
//! assert_eq!(body.messages.len(), 3); // call, synthetic output, user message
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

pub mod client;
pub mod error;
pub mod items;
pub mod protocol;
pub mod scenario;
pub mod spec;

pub use client::{sidecar_path, ClientBuilder, MessagesQuery, SequencerClient, Stderr};
pub use error::{Error, RpcError};
pub use items::ResponseItem;
pub use protocol::{CallKind, CancelReason, ChatMessage, Format, IdPolicy, ReasoningMember};
pub use spec::ErrorCode;
