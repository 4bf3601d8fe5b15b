// Types of tool-sequencer's Node host. Every `<Method>Params` / `<Method>Result` interface below
// has exactly the members of protocol/schema.json's `<method>Params` / `<method>Result`, optional
// where the schema does not require them (tests/types.test.js checks it). Where the protocol
// carries an item, the client hands over and returns raw JSON text (`JSONText`) so numbers and
// escapes stay exactly as they came; see README.md.

import { EventEmitter } from 'node:events';

/** The text of one JSON value, exactly as written (`'{"type":"message","n":1.0}'`). */
export type JSONText = string;
export type JSONValue = null | boolean | number | bigint | string | JSONValue[] | { [member: string]: JSONValue };
/** An item to send: its raw JSON text, or a value (encoded exactly; BigInt as an integer). */
export type ItemInput = JSONText | JSONValue;
export type Format = 'responses' | 'chat' | 'anthropic' | 'gemini';
export type CancelReason = 'interrupted' | 'failed' | 'timeout';
export type ReportReason = 'duplicate' | 'late' | 'conflict' | 'invalid' | 'orphan';
/** Chat: where reasoning goes on assistant messages, if anywhere (default `omit`). */
export type ReasoningMember = 'omit' | 'reasoning_content' | 'reasoning';
/** Responses: whether the items' `id` is stripped (default) or kept. */
export type IdPolicy = 'strip' | 'keep';

export const PROTOCOL_VERSION: number;
export const METHODS: Readonly<{
  initialize: 'initialize';
  initialized: 'initialized';
  sequence: 'sequence';
  validate: 'validate';
  openSession: 'session/open';
  submit: 'session/submit';
  cancel: 'session/cancel';
  messages: 'session/messages';
  state: 'session/state';
  closeSession: 'session/close';
  exportSession: 'session/export';
  importSession: 'session/import';
  rewind: 'session/rewind';
  replace: 'session/replace';
  ping: 'ping';
  cancelRequest: '$/cancelRequest';
  shutdown: 'shutdown';
}>;
export const STATE_CHANGING: ReadonlySet<string>;
export const ERROR_CODES: Readonly<Record<
  | 'parseError' | 'invalidRequest' | 'methodNotFound' | 'invalidParams' | 'internalError'
  | 'lineTooLong' | 'unknownSession' | 'sessionExists' | 'tooManySessions' | 'unansweredCalls'
  | 'alreadyInitialized' | 'sessionLimit' | 'totalLimit' | 'unsupportedProtocolVersion' | 'storageFailed', number>>;
export const FORMATS: readonly Format[];
export const REASONING_MEMBERS: readonly ReasoningMember[];
export const ID_POLICIES: readonly IdPolicy[];

export interface SyntheticOutputs {
  interrupted?: string | null;
  failed?: string | null;
  timeout?: string | null;
  lost?: string | null;
}
export interface Repair {
  kind: string;
  callId?: string;
  index: number;
  resultIndex?: number;
  message: string;
}
export interface SessionRepair {
  kind: 'converted_output';
  callId: string;
  index: number | null;
  message: string;
}
export interface Report {
  index: number | null;
  reason: ReportReason;
  callId?: string;
  /** The item exactly as submitted. */
  item: JSONText;
  message: string;
}
export interface Problem {
  code: string;
  severity: 'error' | 'warning';
  index: number;
  callId?: string;
  message: string;
}
export interface Waiting {
  item: JSONText;
  ageMs: number;
}
/** Something taken as it came but worth a look (an item type the session does not know). */
export interface Warning {
  code: string;
  type: string;
  /** The item's index in the request's `items`; `null` when it was flushed from the held queue. */
  index: number | null;
  message: string;
}
/** What rendering in a format changed (a placeholder added, a block left out). */
export interface RenderNote {
  code: string;
  /** The index of the item concerned, in the rendered items. */
  index: number;
  message: string;
}
/** A call type of the host's own (`callKinds` of `initialize` and `session/open`). */
export interface CallKindDeclaration {
  /** The call's `type`. */
  call: string;
  /** The output types that answer it, the one synthetic outputs are made as first; `[]`: the API runs it. */
  outputs: string[];
  /** `"call_id"` (default), another member name, or `{call, output}` when the two differ. */
  key?: string | { call: string; output: string } | null;
  /** The synthetic output's members besides `type` and the key; `null`: none is honest (the call is dropped). */
  synthetic?: { [member: string]: JSONValue } | null;
  /** The function name Chat, Anthropic and Gemini show. */
  name?: string | null;
}

// -- params and results, one pair per method ----------------------------------------------------

export interface InitializeParams {
  clientInfo?: { name?: string; version?: string; [member: string]: JSONValue | undefined } | null;
  protocolVersion?: number | null;
  callKinds?: CallKindDeclaration[] | null;
}
export interface InitializeResult {
  serverInfo: { name: string; version: string };
  protocolVersion: number;
  capabilities: { formats: Format[]; methods: string[]; callKinds: string[] };
  limits: { maxLineBytes: number; maxDepth: number; maxSessions: number; maxHeld: number; maxSessionBytes: number; maxTotalBytes: number };
}

export interface InitializedParams {}
export interface InitializedResult {}

export interface SequenceParams {
  /** The raw JSON text of the whole array, or an array of items. */
  items: JSONText | ItemInput[];
  format?: Format | null;
  missingOutput?: 'synthesize' | 'drop' | 'error' | null;
  syntheticOutputs?: SyntheticOutputs | null;
  reasoning?: ReasoningMember | null;
  ids?: IdPolicy | null;
}
export interface SequenceResult {
  /** The request body, as raw JSON text (an array, or an object for anthropic and gemini). */
  messages: JSONText;
  repairs: Repair[];
  warnings: Warning[];
  notes: RenderNote[];
}

export interface ValidateParams {
  format: Format;
  /** Raw JSON text, an array whose elements may be raw text, or a value. */
  messages: JSONText | ItemInput[] | JSONValue;
  /** Chat: the reasoning member the host sends on assistant messages, then allowed. */
  reasoning?: ReasoningMember | null;
}
export interface ValidateResult {
  valid: boolean;
  problems: Problem[];
}

export interface SessionOpenParams {
  session?: string | null;
  options?: { format?: Format | null; syntheticOutputs?: SyntheticOutputs | null } | null;
  callKinds?: CallKindDeclaration[] | null;
}
export interface SessionOpenResult {
  session: string;
}

export interface SessionSubmitParams {
  session: string;
  items: JSONText | ItemInput[];
}
export interface SessionSubmitResult {
  revision: number;
  /** How many times the session's history was rewritten (`rewind`, `replace`). */
  epoch: number;
  committed: number;
  pending: string[];
  held: number;
  early: number;
  reported: Report[];
  repairs: SessionRepair[];
  warnings: Warning[];
}

export interface SessionCancelParams {
  session: string;
  callIds?: string[] | null;
  reason?: CancelReason | null;
}
export interface SessionCancelResult {
  cancelled: string[];
  /** Calls left out instead: their kind has no honest synthetic output (`computer_call`). */
  dropped: string[];
  notPending: string[];
  revision: number;
  epoch: number;
  committed: number;
  pending: string[];
  held: number;
  early: number;
  reported: Report[];
  repairs: SessionRepair[];
}

export interface SessionMessagesParams {
  session: string;
  format?: Format | null;
  since?: number | null;
  /** The epoch `since` came with: when it is not the session's, the answer is the whole array (`reset`). */
  epoch?: number | null;
  reasoning?: ReasoningMember | null;
  ids?: IdPolicy | null;
}
export interface SessionMessagesResult {
  revision: number;
  epoch: number;
  /** `messages` is the whole array, not what came after `since`: replace the copy kept. */
  reset: boolean;
  /** The committed items after `since`, as raw JSON text. */
  messages: JSONText;
  pending: string[];
  held: number;
  notes: RenderNote[];
}

export interface SessionStateParams {
  session: string;
}
export interface SessionStateResult {
  session: string;
  revision: number;
  epoch: number;
  format: Format;
  batch: { ageMs: number; items: JSONText[]; calls: { callId: string; kind: string; name: string; ageMs: number; hasOutput: boolean }[]; outputs: JSONText[] } | null;
  pending: string[];
  held: Waiting[];
  early: Waiting[];
  timeline: { calls: { [member: string]: JSONValue }[]; reported: { [member: string]: JSONValue }[] };
  counts: { submitted: number; committed: number; pending: number; held: number; early: number; reported: number };
  /** Only when a bad journal record was set aside at start-up (`--state-dir`). */
  restore?: { [member: string]: JSONValue };
}

export interface SessionCloseParams {
  session: string;
}
export interface SessionCloseResult {
  /** One raw JSON text per item. */
  orphans: JSONText[];
  pending: string[];
  held: JSONText[];
}

export interface SessionExportParams {
  session: string;
}
export interface SessionExportResult {
  version: number;
  session: string;
  format: Format;
  revision: number;
  /** Nanoseconds on the session's clock (a BigInt beyond 2^53). */
  exportedAt: number | bigint;
  /** The operations, as raw JSON text (an array). */
  operations: JSONText;
}

export interface SessionImportParams {
  session?: string | null;
  /** An export result as `exportSession` returns it, or the raw JSON text of one. */
  state: JSONText | {
    version: number;
    session?: string;
    format?: Format;
    revision?: number;
    exportedAt?: number | bigint;
    operations: JSONText | JSONValue[];
  };
}
export interface SessionImportResult {
  session: string;
  revision: number;
  epoch: number;
}

export interface SessionRewindParams {
  session: string;
  /** A commit boundary at or before the session's revision (a revision the session returned, not inside a model response). */
  revision: number;
}
export interface SessionRewindResult {
  revision: number;
  epoch: number;
  /** What was thrown away: committed items after the revision, the pending calls, held items, early outputs. */
  discarded: { committed: number; pending: string[]; held: number; early: number };
}

export interface SessionReplaceParams {
  session: string;
  /** The new committed array (a compaction), as for `submit`. */
  items: JSONText | ItemInput[];
}
export interface SessionReplaceResult {
  revision: number;
  epoch: number;
  repairs: Repair[];
  warnings: Warning[];
}

export interface PingParams {}
export interface PingResult {}

export interface CancelRequestParams {
  id?: string | number | null;
}
export interface CancelRequestResult {}

export interface ShutdownParams {}
export interface ShutdownResult {}

// -- errors -------------------------------------------------------------------------------------

/** The sidecar answered with a JSON-RPC error. */
export class ToolSequencerError extends Error {
  readonly code: number;
  /** The sidecar's `message`, as it sent it. */
  readonly rpcMessage: string;
  readonly data: JSONValue | undefined;
  readonly method: string;
  /** The request was sent again to a respawned sidecar. */
  readonly retried: boolean;
}
/** No answer within the request's timeout; the late answer is dropped. */
export class ToolSequencerTimeoutError extends Error {
  readonly method: string;
  readonly id: number;
  readonly timeoutMs: number;
}
/** The sidecar exited and the request was not (or no longer) retried. */
export class ToolSequencerExitError extends Error {
  readonly method: string;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
}
/** The channel broke; the client is unusable. */
export class ToolSequencerProtocolError extends Error {}
/** Raw JSON text that is not exactly one valid JSON value. */
export class JSONTextError extends SyntaxError {
  readonly offset: number;
}

// -- the client ---------------------------------------------------------------------------------

export interface ToolSequencerOptions {
  binary?: string;
  args?: string[];
  /** Adds `--state-dir DIR`: sessions survive the child's death and are back after a respawn. */
  stateDir?: string;
  /** Per request; 0 waits forever. Default 30000. */
  timeoutMs?: number;
  /** Respawn the child when it dies and send the requests in flight again. Default true. */
  respawn?: boolean;
  /** Deaths in a row, with no answer between, before the client gives up. Default 3. */
  maxRespawns?: number;
  /** Times one request is sent at most. Default 2. */
  maxAttempts?: number;
  stderr?: 'capture' | 'inherit' | 'ignore';
  stderrLines?: number;
  env?: NodeJS.ProcessEnv;
}
export interface CallOptions {
  timeoutMs?: number;
}
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export function findBinary(env?: NodeJS.ProcessEnv): string;
/** Checks that `text` is one JSON value; returns it trimmed, on one line. */
export function checkRaw(text: string): JSONText;

export class ToolSequencer extends EventEmitter {
  constructor(options?: ToolSequencerOptions);
  readonly command: string[];
  readonly pid: number | undefined;
  readonly generation: number;
  readonly stderrTail: string[];
  readonly inFlight: number;

  call(method: string, params?: { [member: string]: unknown }, options?: CallOptions): Promise<any>;
  initialize(params?: InitializeParams, options?: CallOptions): Promise<InitializeResult>;
  initialized(options?: CallOptions): Promise<InitializedResult>;
  sequence(params: SequenceParams, options?: CallOptions): Promise<SequenceResult>;
  validate(params: ValidateParams, options?: CallOptions): Promise<ValidateResult>;
  openSession(params?: SessionOpenParams, options?: CallOptions): Promise<SessionOpenResult>;
  submit(params: SessionSubmitParams, options?: CallOptions): Promise<SessionSubmitResult>;
  cancel(params: SessionCancelParams, options?: CallOptions): Promise<SessionCancelResult>;
  messages(params: SessionMessagesParams, options?: CallOptions): Promise<SessionMessagesResult>;
  state(params: SessionStateParams, options?: CallOptions): Promise<SessionStateResult>;
  closeSession(params: SessionCloseParams, options?: CallOptions): Promise<SessionCloseResult>;
  exportSession(params: SessionExportParams, options?: CallOptions): Promise<SessionExportResult>;
  importSession(params: SessionImportParams, options?: CallOptions): Promise<SessionImportResult>;
  rewind(params: SessionRewindParams, options?: CallOptions): Promise<SessionRewindResult>;
  replace(params: SessionReplaceParams, options?: CallOptions): Promise<SessionReplaceResult>;
  ping(options?: CallOptions): Promise<PingResult>;
  cancelRequest(params?: CancelRequestParams, options?: CallOptions): Promise<CancelRequestResult>;
  /** Resolves once the sidecar has answered and exited. */
  shutdown(options?: CallOptions): Promise<Exit>;
  close(options?: CallOptions): Promise<Exit>;
  kill(signal?: NodeJS.Signals): boolean;

  on(event: 'respawn', listener: (info: { exit: Exit; retried: number; generation: number }) => void): this;
  on(event: 'exit', listener: (exit: Exit) => void): this;
}
