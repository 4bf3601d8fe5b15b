// The client: one tool-sequencer child process, many requests in flight, respawn on death.
// See README.md beside this file for what it guarantees; the comments here say how.

import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { JSONTextError, RAW, decode, encode, objectMembers, skipWs } from './json-text.js';
import { METHODS, PROTOCOL_VERSION } from './protocol.js';

// -- errors -----------------------------------------------------------------------------------

/** The sidecar answered with a JSON-RPC error: `code`, `message`, `data` as it sent them. */
export class ToolSequencerError extends Error {
  constructor(code, message, data, method, retried) {
    super(`${method}: ${message} (code ${code})`);
    this.name = 'ToolSequencerError';
    this.code = code;
    this.rpcMessage = message;
    this.data = data;
    this.method = method;
    /** True when the request was sent again to a respawned sidecar (see README: recovery). */
    this.retried = retried;
  }
}

/** No answer within the request's timeout. The answer, if it comes, is read and dropped. */
export class ToolSequencerTimeoutError extends Error {
  constructor(method, id, timeoutMs) {
    super(`${method} (id ${id}): no answer within ${timeoutMs} ms`);
    this.name = 'ToolSequencerTimeoutError';
    this.method = method;
    this.id = id;
    this.timeoutMs = timeoutMs;
  }
}

/** The sidecar exited and the request was not (or no longer) retried. */
export class ToolSequencerExitError extends Error {
  constructor(method, reason, exit, stderrTail) {
    const tail = stderrTail.length ? `\nsidecar stderr (last lines):\n  ${stderrTail.slice(-10).join('\n  ')}` : '';
    super(`${method}: ${reason} (${describeExit(exit)})${tail}`);
    this.name = 'ToolSequencerExitError';
    this.method = method;
    this.exitCode = exit.code;
    this.signal = exit.signal;
  }
}

/** The channel broke (a line that is not a response, an answer out of order, a closed client). */
export class ToolSequencerProtocolError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ToolSequencerProtocolError';
  }
}

function describeExit({ code, signal }) {
  if (signal) return `killed by ${signal}`;
  if (code === null || code === undefined) return 'still running';
  return `exit status ${code}`;
}

// -- what each method sends and receives as raw JSON text ------------------------------------

/** Items: a string is one item's raw JSON text (or, for the whole param, the array's). */
const ITEMS = Object.freeze({ raw: true, each: RAW });
/** Submit and cancel results: each report's `item` is raw text. */
const REPORTS = Object.freeze({ members: { reported: { each: { members: { item: RAW } } } } });
const WAITING = Object.freeze({ each: { members: { item: RAW } } });

/**
 * Per method: the shape of its params (where strings are raw JSON text) and of its result
 * (which members come back as raw JSON text). See json-text.js for shapes.
 */
const METHOD_SHAPES = Object.freeze({
  [METHODS.initialize]: {},
  [METHODS.initialized]: {},
  [METHODS.sequence]: { params: { members: { items: ITEMS } }, result: { members: { messages: RAW } } },
  [METHODS.validate]: { params: { members: { messages: ITEMS } } },
  [METHODS.openSession]: {},
  [METHODS.submit]: { params: { members: { items: ITEMS } }, result: REPORTS },
  [METHODS.cancel]: { result: REPORTS },
  [METHODS.messages]: { result: { members: { messages: RAW } } },
  [METHODS.state]: {
    result: { members: { batch: { members: { items: { each: RAW }, outputs: { each: RAW } } }, held: WAITING, early: WAITING } },
  },
  [METHODS.closeSession]: { result: { members: { orphans: { each: RAW }, held: { each: RAW } } } },
  [METHODS.exportSession]: { result: { members: { operations: RAW } } },
  [METHODS.importSession]: { params: { members: { state: { raw: true, members: { operations: RAW } } } } },
  [METHODS.rewind]: {},
  [METHODS.replace]: { params: { members: { items: ITEMS } } },
  [METHODS.ping]: {},
  [METHODS.cancelRequest]: {},
  [METHODS.shutdown]: {},
});

// -- finding the binary -----------------------------------------------------------------------

function isExecutable(path) {
  try {
    accessSync(path, fsConstants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The sidecar to run: `$TOOL_SEQUENCER_BIN` (must be an executable file), else `tool-sequencer`
 * on PATH, else this repository's `.build/debug` or `.build/release` build (the newer one).
 * Throws an Error saying what was tried and to run `swift build`.
 */
export function findBinary(env = process.env) {
  const explicit = env.TOOL_SEQUENCER_BIN;
  if (explicit) {
    if (isExecutable(explicit)) return explicit;
    throw new Error(`TOOL_SEQUENCER_BIN=${JSON.stringify(explicit)} is not an executable file; build the sidecar with \`swift build\` or fix the variable`);
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, 'tool-sequencer'))) return join(dir, 'tool-sequencer');
  }
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const built = ['debug', 'release'].map((config) => join(root, '.build', config, 'tool-sequencer')).filter(isExecutable);
  if (built.length) return built.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  throw new Error(`tool-sequencer not found; tried $TOOL_SEQUENCER_BIN (unset), tool-sequencer on PATH, ${root}/.build/{debug,release}/tool-sequencer. Run \`swift build\` in ${root} or set TOOL_SEQUENCER_BIN.`);
}

// -- the client -------------------------------------------------------------------------------

/**
 * A running tool-sequencer sidecar and the JSON-RPC channel to it.
 *
 * Events: `respawn` ({ exit: {code, signal}, retried: number of requests sent again, generation }),
 * `exit` ({ code, signal }) when the child exits for good.
 */
export class ToolSequencer extends EventEmitter {
  #binary;
  #args;
  #env;
  #timeoutMs;
  #respawn;
  #maxRespawns;
  #maxAttempts;
  #stderrMode;
  #stderrLines;
  #stderrTail = [];
  #child = null;
  #generation = 0;
  #nextId = 1;
  /** Entries written to the current child and not yet answered, in the order of their lines. */
  #order = [];
  #head = 0;
  #initializeLine = null;
  #deathsInARow = 0;
  #closing = false;
  #broken = null;
  #exited = null;
  #exitWaiters = [];

  /**
   * @param {object} [options]
   * @param {string} [options.binary] the executable; default `findBinary()`.
   * @param {string[]} [options.args] extra flags (`--frozen-clock`, `--max-sessions N`, ...).
   * @param {string} [options.stateDir] adds `--state-dir DIR`: sessions survive the child's death.
   * @param {number} [options.timeoutMs] per request (default 30000); `0` waits forever.
   * @param {boolean} [options.respawn] respawn the child when it dies and retry what was in flight (default true).
   * @param {number} [options.maxRespawns] deaths in a row (with no answer between) before giving up (default 3).
   * @param {number} [options.maxAttempts] times one request is sent at most (default 2: once, retried once).
   * @param {'capture'|'inherit'|'ignore'} [options.stderr] the child's log lines (default: keep the last `stderrLines`).
   * @param {object} [options.env] the child's environment (default this process's).
   */
  constructor(options = {}) {
    super();
    this.#binary = options.binary ?? findBinary();
    this.#args = [...(options.args ?? []), ...(options.stateDir ? ['--state-dir', options.stateDir] : [])];
    this.#env = options.env;
    this.#timeoutMs = options.timeoutMs ?? 30000;
    this.#respawn = options.respawn ?? true;
    this.#maxRespawns = options.maxRespawns ?? 3;
    this.#maxAttempts = options.maxAttempts ?? 2;
    this.#stderrMode = options.stderr ?? 'capture';
    this.#stderrLines = options.stderrLines ?? 200;
    this.#start();
  }

  /** The executable and the arguments the child is started with (`--state-dir` included). */
  get command() { return [this.#binary, ...this.#args]; }
  /** The current child's process id. */
  get pid() { return this.#child?.pid; }
  /** How many children have been started (1, then one more per respawn). */
  get generation() { return this.#generation; }
  /** The last log lines the sidecar wrote to stderr (with `stderr: 'capture'`). */
  get stderrTail() { return [...this.#stderrTail]; }
  /** Requests sent and not yet answered (timed-out ones whose answer is still due included). */
  get inFlight() { return this.#order.length - this.#head; }

  #start() {
    this.#generation += 1;
    const generation = this.#generation;
    const stdio = ['pipe', 'pipe', this.#stderrMode === 'capture' ? 'pipe' : this.#stderrMode];
    const child = spawn(this.#binary, this.#args, { stdio, env: this.#env });
    this.#child = child;
    child.stdin.on('error', () => {}); // EPIPE when it died: handled by 'close'
    child.on('error', (error) => {
      if (generation === this.#generation && child.pid === undefined) {
        this.#break(`could not start ${this.#binary}: ${error.message}`);
        this.#finish({ code: null, signal: null });
      }
    });
    createInterface({ input: child.stdout, crlfDelay: Infinity })
      .on('line', (line) => { if (generation === this.#generation) this.#onLine(line, child); });
    if (child.stderr) {
      createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => {
        this.#stderrTail.push(line);
        if (this.#stderrTail.length > this.#stderrLines) this.#stderrTail.shift();
      });
    }
    child.on('close', (code, signal) => { if (generation === this.#generation) this.#onClose({ code, signal }); });
  }

  /** Sends one request and resolves with its result (raw members as text, see README). */
  call(method, params, { timeoutMs } = {}) {
    if (this.#broken) return Promise.reject(new ToolSequencerProtocolError(`the client is broken: ${this.#broken}`));
    if (this.#closing) return Promise.reject(new ToolSequencerProtocolError(`${method}: the client is closed`));
    const shapes = METHOD_SHAPES[method] ?? {};
    let line;
    try {
      line = this.#line(this.#nextId, method, params, shapes.params);
    } catch (error) {
      return Promise.reject(error); // nothing was written: the client stays usable
    }
    const id = this.#nextId;
    this.#nextId += 1;
    return new Promise((resolve, reject) => {
      const entry = { id, method, line, shape: shapes.result, resolve, reject, settled: false, attempts: 1, timer: null };
      const wait = timeoutMs ?? this.#timeoutMs;
      if (wait > 0) {
        entry.timer = setTimeout(() => {
          if (entry.settled) return;
          entry.settled = true; // stays in #order: its answer is still due, and is dropped
          reject(new ToolSequencerTimeoutError(method, id, wait));
        }, wait);
      }
      this.#send(entry);
    });
  }

  #line(id, method, params, shape) {
    const encoded = params === undefined ? '' : `,"params":${encode(params, shape)}`;
    return `{"jsonrpc":"2.0","id":${id},"method":${JSON.stringify(method)}${encoded}}\n`;
  }

  #send(entry) {
    this.#order.push(entry);
    this.#child.stdin.write(entry.line);
  }

  #settle(entry, error, result) {
    if (entry.settled) return;
    entry.settled = true;
    if (entry.timer) clearTimeout(entry.timer);
    if (error) entry.reject(error);
    else entry.resolve(result);
  }

  #onLine(line, child) {
    if (line.trim() === '') return;
    const torn = child.stdout.readableEnded; // readline hands over an unterminated last line at the end
    let members;
    try {
      const start = skipWs(line, 0);
      const object = objectMembers(line, start);
      if (skipWs(line, object.end) !== line.length) throw new JSONTextError('unexpected text after the JSON value', object.end);
      members = object.members;
    } catch (error) {
      if (torn) return; // the child died mid-write; what it was answering is retried
      this.#protocolFailure(`the sidecar wrote a line that is not a JSON object (${error.message}): ${line.slice(0, 300)}`);
      return;
    }
    const entry = this.#order[this.#head];
    const text = (name) => (members.has(name) ? line.slice(...members.get(name)) : undefined);
    if (!entry) {
      this.#protocolFailure(`an answer with no request in flight: ${line.slice(0, 300)}`);
      return;
    }
    const id = text('id');
    const hasResult = members.has('result');
    const hasError = members.has('error');
    if (text('jsonrpc') !== '"2.0"' || hasResult === hasError) {
      this.#protocolFailure(`not a JSON-RPC 2.0 response: ${line.slice(0, 300)}`);
      return;
    }
    // Answers come in the order of the lines they answer, so this one is the oldest entry's.
    // Its id must say so, except for an error the sidecar could not give an id (a line over
    // --max-line-bytes, nesting over --max-depth): that one is the oldest entry's by order.
    if (id !== String(entry.id) && !(id === 'null' && hasError)) {
      this.#protocolFailure(`${entry.method}: expected the answer to id ${entry.id}, got one with id ${id ?? '(missing)'}: ${line.slice(0, 300)}`);
      return;
    }
    let error = null;
    if (hasError) {
      const [start, end] = members.get('error');
      error = decode(line, start, end);
      if (typeof error !== 'object' || error === null || typeof error.code !== 'number' || typeof error.message !== 'string') {
        this.#protocolFailure(`${entry.method}: malformed error object: ${line.slice(0, 300)}`);
        return;
      }
    }
    this.#head += 1;
    if (this.#head > 1024 && this.#head * 2 > this.#order.length) {
      this.#order = this.#order.slice(this.#head);
      this.#head = 0;
    }
    this.#deathsInARow = 0;
    if (entry.settled) return; // timed out: the late answer is dropped
    if (error) {
      this.#settle(entry, new ToolSequencerError(error.code, error.message, error.data, entry.method, entry.attempts > 1));
    } else {
      const [start, end] = members.get('result');
      if (entry.method === METHODS.initialize) this.#initializeLine = entry.line;
      this.#settle(entry, null, decode(line, start, end, entry.shape));
    }
  }

  #protocolFailure(reason) {
    this.#break(reason);
    this.#child.kill('SIGKILL');
  }

  #break(reason) {
    if (!this.#broken) this.#broken = reason;
    for (const entry of this.#order.slice(this.#head)) {
      this.#settle(entry, new ToolSequencerProtocolError(`${entry.method}: ${this.#broken}`));
    }
    this.#order = [];
    this.#head = 0;
  }

  #onClose(exit) {
    const unanswered = this.#order.slice(this.#head).filter((entry) => !entry.settled);
    this.#order = [];
    this.#head = 0;
    if (this.#closing || this.#broken) {
      for (const entry of unanswered) {
        this.#settle(entry, new ToolSequencerExitError(entry.method, 'the sidecar exited before answering', exit, this.#stderrTail));
      }
      this.#finish(exit);
      return;
    }
    this.#deathsInARow += 1;
    if (!this.#respawn || this.#deathsInARow > this.#maxRespawns) {
      const reason = this.#respawn ? `the sidecar died ${this.#deathsInARow} times in a row` : 'the sidecar died (respawn is off)';
      this.#broken = `${reason} (${describeExit(exit)})`;
      for (const entry of unanswered) this.#settle(entry, new ToolSequencerExitError(entry.method, reason, exit, this.#stderrTail));
      this.#finish(exit);
      return;
    }
    const retry = [];
    for (const entry of unanswered) {
      if (entry.attempts >= this.#maxAttempts) {
        this.#settle(entry, new ToolSequencerExitError(entry.method, `the sidecar died while this request was in flight (sent ${entry.attempts} time${entry.attempts === 1 ? '' : 's'})`, exit, this.#stderrTail));
      } else {
        entry.attempts += 1;
        retry.push(entry);
      }
    }
    this.#start();
    if (this.#initializeLine) {
      // The new process is not initialized: say so again first, with the same params; its
      // answer is read and dropped (it reports nothing the host has not seen).
      const id = this.#nextId;
      this.#nextId += 1;
      const line = this.#initializeLine.replace(/^\{"jsonrpc":"2\.0","id":\d+/, `{"jsonrpc":"2.0","id":${id}`);
      this.#send({ id, method: METHODS.initialize, line, settled: true, attempts: 1 });
    }
    for (const entry of retry) this.#send(entry);
    this.emit('respawn', { exit, retried: retry.length, generation: this.#generation });
  }

  #finish(exit) {
    this.#exited = exit;
    this.#child = null;
    for (const waiter of this.#exitWaiters.splice(0)) waiter(exit);
    this.emit('exit', exit);
  }

  #waitForExit(timeoutMs) {
    if (this.#exited) return Promise.resolve(this.#exited);
    return new Promise((resolveExit) => {
      const child = this.#child;
      const timer = timeoutMs > 0 ? setTimeout(() => child?.kill('SIGKILL'), timeoutMs) : null;
      this.#exitWaiters.push((exit) => { if (timer) clearTimeout(timer); resolveExit(exit); });
    });
  }

  /**
   * Closes the child's stdin: it answers every line it has read, then exits 0. Waits up to
   * `timeoutMs` (default: the client's) and kills it if it is still running. Resolves with
   * `{code, signal}`. Idempotent. Requests already sent are still answered.
   */
  close({ timeoutMs } = {}) {
    this.#closing = true;
    this.#child?.stdin.end();
    return this.#waitForExit(timeoutMs ?? this.#timeoutMs);
  }

  /** Kills the current child with `signal` (a test hook, and for hosts that need to). */
  kill(signal = 'SIGKILL') {
    return this.#child?.kill(signal) ?? false;
  }

  // -- the protocol's methods: params and results are the protocol's (index.d.ts) -------------

  /** `initialize`, once per process; replayed (answer dropped) on every respawned child. */
  initialize(params = {}, options) {
    return this.call(METHODS.initialize, { protocolVersion: PROTOCOL_VERSION, ...params }, options);
  }
  /** `initialized`, sent as a request (this client sends no notifications): answers `{}`, does nothing. */
  initialized(options) { return this.call(METHODS.initialized, undefined, options); }
  /** `sequence`: a whole history in one go; `messages` comes back as raw JSON text. */
  sequence(params, options) { return this.call(METHODS.sequence, params, options); }
  /** `validate`: `messages` may be raw JSON text, or an array whose elements may be. */
  validate(params, options) { return this.call(METHODS.validate, params, options); }
  /** `session/open`. */
  openSession(params = {}, options) { return this.call(METHODS.openSession, params, options); }
  /** `session/submit`: each item is raw JSON text (a string) or a value. */
  submit(params, options) { return this.call(METHODS.submit, params, options); }
  /** `session/cancel`. */
  cancel(params, options) { return this.call(METHODS.cancel, params, options); }
  /** `session/messages`: `messages` comes back as raw JSON text. */
  messages(params, options) { return this.call(METHODS.messages, params, options); }
  /** `session/state`: items in it come back as raw JSON text. */
  state(params, options) { return this.call(METHODS.state, params, options); }
  /** `session/close`: `orphans` and `held` come back as raw JSON text, one string per item. */
  closeSession(params, options) { return this.call(METHODS.closeSession, params, options); }
  /** `session/export`: `operations` comes back as raw JSON text; pass the result to `importSession` as `state`. */
  exportSession(params, options) { return this.call(METHODS.exportSession, params, options); }
  /** `session/import`: `state` is an export result (its `operations` raw text) or the raw text of one. */
  importSession(params, options) { return this.call(METHODS.importSession, params, options); }
  /**
   * `session/rewind`: back to `revision`, a commit boundary at or before the session's; what was
   * committed after it, the pending calls, the held items and the early outputs are discarded
   * (counted in `discarded`). Another revision is -32602. The `epoch` goes up by one.
   */
  rewind(params, options) { return this.call(METHODS.rewind, params, options); }
  /**
   * `session/replace`: `items` (raw JSON text or values, as for `submit`), sequenced by the
   * one-shot rules, become the committed array; pending calls, held items and early outputs stay.
   * The `epoch` goes up by one.
   */
  replace(params, options) { return this.call(METHODS.replace, params, options); }
  /** `ping`: answers `{}`. */
  ping(options) { return this.call(METHODS.ping, undefined, options); }
  /** `$/cancelRequest`, sent as a request: answers `{}` and cancels nothing (the sidecar answers each request before reading the next). */
  cancelRequest(params, options) { return this.call(METHODS.cancelRequest, params, options); }

  /** `shutdown`: the sidecar answers `{}` and exits 0; resolves with `{code, signal}` once it has. */
  async shutdown(options) {
    const answer = this.call(METHODS.shutdown, undefined, options);
    this.#closing = true; // its exit is expected: no respawn
    await answer;
    return this.#waitForExit(options?.timeoutMs ?? this.#timeoutMs);
  }
}
