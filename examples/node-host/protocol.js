// The protocol's constants, in one place: the version this client speaks, the method names and
// the error codes. Everything else in this client (and its tests) reads them from here, so a
// protocol version changes this file only. Today: protocol version 1, as the sidecar built from
// this repository speaks it (protocol/README.md).

/** The protocol version this client speaks (sent by `initialize`). */
export const PROTOCOL_VERSION = 1;

/** Every method, by the name of the client's method that calls it, in the sidecar's table order. */
export const METHODS = Object.freeze({
  initialize: 'initialize',
  sequence: 'sequence',
  validate: 'validate',
  openSession: 'session/open',
  submit: 'session/submit',
  cancel: 'session/cancel',
  messages: 'session/messages',
  state: 'session/state',
  closeSession: 'session/close',
  exportSession: 'session/export',
  importSession: 'session/import',
  shutdown: 'shutdown',
  // Reserved for the lead's later additions (see PROTOCOL-V2): add the name here, a row to
  // METHOD_SHAPES in client.js, a method to ToolSequencer and its types to index.d.ts.
  // rewind: 'session/rewind',
  // replace: 'session/replace',
});

/** The methods that change a session (journaled with `--state-dir`). */
export const STATE_CHANGING = Object.freeze(new Set([
  METHODS.openSession, METHODS.submit, METHODS.cancel, METHODS.closeSession, METHODS.importSession,
]));

/** Every error code the sidecar answers with, by name. */
export const ERROR_CODES = Object.freeze({
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  lineTooLong: -32001,
  unknownSession: -32002,
  sessionExists: -32003,
  tooManySessions: -32004,
  unansweredCalls: -32005,
  alreadyInitialized: -32006,
  sessionLimit: -32007,
  storageFailed: -32010,
});

/** The array formats the sidecar renders and validates. */
export const FORMATS = Object.freeze(['responses', 'chat', 'anthropic', 'gemini']);
