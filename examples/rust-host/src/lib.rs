//! A small agent host, in the style of Codex's core, that keeps its conversation through the
//! `tool-sequencer` sidecar.
//!
//! - [`items`]: the conversation items (Codex's `ResponseItem` shapes), with unknown item types
//!   kept whole.
//! - [`protocol`]: the params and results of the sidecar's methods.
//! - [`client`]: [`SequencerClient`], which spawns the sidecar and speaks line-delimited
//!   JSON-RPC 2.0 with it over pipes.
//! - [`scenario`]: the interrupted turn, played and checked.
//!
//! ```no_run
//! use tool_sequencer_rust_host::{CancelReason, Format, ResponseItem, SequencerClient};
//!
//! # fn main() -> Result<(), tool_sequencer_rust_host::Error> {
//! let mut sidecar = SequencerClient::spawn()?; // $TOOL_SEQUENCER_BIN, or the repo's debug build
//! let session = sidecar.session_open(None, None)?;
//! sidecar.session_submit(&session, &[ResponseItem::local_shell_exec("call_1", ["make"])])?;
//! sidecar.session_submit(&session, &[ResponseItem::user_text("stop")])?; // held
//! sidecar.session_cancel(&session, None, Some(CancelReason::Interrupted))?;
//! let body = sidecar.session_messages::<Vec<ResponseItem>>(&session, Some(Format::Responses), None)?;
//! assert_eq!(body.messages.len(), 3); // call, synthetic output, user message
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

pub mod client;
pub mod items;
pub mod protocol;
pub mod scenario;

pub use client::{sidecar_path, Error, ErrorCode, RpcError, SequencerClient, Stderr};
pub use items::{ContentItem, FunctionCallOutputPayload, ResponseItem};
pub use protocol::{CancelReason, ChatMessage, Format};
