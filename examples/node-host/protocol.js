// The protocol's constants, in one place: the version this client speaks, the method names and
// the error codes. Everything else in this client (and its tests) reads them from here, so a
// protocol version changes this file only. Today: protocol version 2, as the sidecar built from
// this repository speaks it (protocol/README.md).

/** The protocol version this client speaks (sent by `initialize`; the sidecar refuses others with -31009). */
export const PROTOCOL_VERSION = 2;

/** Every method, by the name of the client's method that calls it, in the sidecar's table order. */
export const METHODS = Object.freeze({
  initialize: 'initialize',
  initialized: 'initialized',
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
  rewind: 'session/rewind',
  replace: 'session/replace',
  ping: 'ping',
  cancelRequest: '$/cancelRequest',
  shutdown: 'shutdown',
});

/** The methods that change a session (journaled with `--state-dir`). */
export const STATE_CHANGING = Object.freeze(new Set([
  METHODS.openSession, METHODS.submit, METHODS.cancel, METHODS.closeSession, METHODS.importSession,
  METHODS.rewind, METHODS.replace,
]));

/** Every error code the sidecar answers with, by name. */
export const ERROR_CODES = Object.freeze({
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  lineTooLong: -31001,
  unknownSession: -31002,
  sessionExists: -31003,
  tooManySessions: -31004,
  unansweredCalls: -31005,
  alreadyInitialized: -31006,
  sessionLimit: -31007,
  totalLimit: -31008,
  unsupportedProtocolVersion: -31009,
  storageFailed: -31010,
});

/** The array formats the sidecar renders and validates. */
export const FORMATS = Object.freeze(['responses', 'chat', 'anthropic', 'gemini']);

/** `reasoning` of `sequence`, `session/messages` and `validate` (chat): where reasoning goes, if anywhere. */
export const REASONING_MEMBERS = Object.freeze(['omit', 'reasoning_content', 'reasoning']);

/** `ids` of `sequence` and `session/messages` (responses): strip the items' `id` (default) or keep it. */
export const ID_POLICIES = Object.freeze(['strip', 'keep']);
