// The client against the real sidecar: the scenarios it exists for, every method, typed errors,
// pipelining, exact numbers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { ERROR_CODES, FORMATS, JSONTextError, METHODS, PROTOCOL_VERSION, ToolSequencerError } from '../index.js';
import {
  INTERRUPTED, LIMIT, QUESTION, REASONING, REPO_ROOT, SHELL, USER, callAndOutput, occurrences, sidecar,
} from './support.js';

const BIG = '123456789012345678901234567890';

/** The raw `messages` text of the answer with id `id` in a golden transcript (by string search only). */
function transcriptMessages(name, id) {
  const line = readFileSync(join(REPO_ROOT, 'protocol', 'transcripts', `${name}.out.jsonl`), 'utf8')
    .split('\n').find((text) => text.startsWith(`{"jsonrpc":"2.0","id":${id},`));
  const start = line.indexOf('"messages":') + '"messages":'.length;
  const end = line.lastIndexOf(',"pending":');
  return line.slice(start, end);
}

describe('the interrupted turn: a message typed while a tool runs, an interrupt, a cancel', () => {
  test('gives the answers of the golden transcript, messages byte for byte', LIMIT, async (t) => {
    const ts = sidecar(t, { args: ['--frozen-clock'] });
    const info = await ts.initialize({ clientInfo: { name: 'example-host', version: '1.0' } });
    assert.equal(info.protocolVersion, PROTOCOL_VERSION);
    assert.deepEqual(info.capabilities.methods, Object.values(METHODS));
    assert.deepEqual(info.capabilities.formats, FORMATS);
    assert.deepEqual(await ts.openSession({ session: 'demo' }), { session: 'demo' });
    assert.deepEqual(await ts.submit({ session: 'demo', items: [USER, REASONING, SHELL] }),
      { revision: 2, epoch: 0, committed: 2, pending: ['call_make'], held: 0, early: 0, reported: [], repairs: [], warnings: [] });
    // The user types while make runs: the message is held behind the pending call.
    assert.deepEqual(await ts.submit({ session: 'demo', items: [QUESTION] }),
      { revision: 2, epoch: 0, committed: 0, pending: ['call_make'], held: 1, early: 0, reported: [], repairs: [], warnings: [] });
    const state = await ts.state({ session: 'demo' });
    assert.deepEqual(state.batch.items, [SHELL]);
    assert.deepEqual(state.held, [{ item: QUESTION, ageMs: 0 }]);
    // The user interrupts: the call is closed with a synthetic output, the message released.
    assert.deepEqual(await ts.cancel({ session: 'demo', reason: 'interrupted' }),
      { cancelled: ['call_make'], dropped: [], notPending: [], revision: 5, epoch: 0, committed: 3, pending: [], held: 0, early: 0, reported: [], repairs: [] });
    const messages = await ts.messages({ session: 'demo' });
    assert.equal(messages.messages, transcriptMessages('interrupted-turn', 7));
    assert.equal(messages.messages, `[${USER},${REASONING},${SHELL},${INTERRUPTED},${QUESTION}]`);
    // Chat leaves the reasoning out by default (protocol 2), and puts it back when asked.
    const chat = (await ts.messages({ session: 'demo', format: 'chat' })).messages;
    assert.equal(chat,
      '[{"role":"user","content":"Build the project."},{"role":"assistant","content":null,"tool_calls":[{"id":"call_make","type":"function","function":{"name":"shell","arguments":"{\\"type\\":\\"exec\\",\\"command\\":[\\"bash\\",\\"-lc\\",\\"make\\"],\\"timeout_ms\\":null,\\"working_directory\\":null,\\"env\\":null,\\"user\\":null}"}}]},'
      + '{"role":"tool","content":"aborted: the user interrupted this tool call before it finished; it may have partly run.","tool_call_id":"call_make"},{"role":"user","content":"Stop, why is it so slow?"}]');
    assert.equal((await ts.messages({ session: 'demo', format: 'chat', reasoning: 'reasoning' })).messages,
      chat.replace('}}]},{"role":"tool"', '}}],"reasoning":"Run make."},{"role":"tool"'));
    // The real output comes after all: it is reported late, never added.
    const late = '{"type":"function_call_output","call_id":"call_make","output":"make: *** [all] Interrupt"}';
    const answer = await ts.submit({ session: 'demo', items: [late] });
    assert.deepEqual(answer.reported, [{ index: 0, reason: 'late', callId: 'call_make', item: late,
      message: 'call_make was already closed with a synthetic output (interrupted); this real output came too late and was not added' }]);
    assert.deepEqual(await ts.closeSession({ session: 'demo' }), { orphans: [], pending: [], held: [] });
  });
});

describe('every method', () => {
  test('sequence closes the interrupted call, in every format, and validate accepts each', LIMIT, async (t) => {
    const ts = sidecar(t);
    const result = await ts.sequence({ items: [USER, REASONING, SHELL, QUESTION] });
    const lost = '{"type":"function_call_output","call_id":"call_make","output":"aborted: no output was recorded for this tool call; it may have partly run."}';
    assert.equal(result.messages, `[${USER},${REASONING},${SHELL},${lost},${QUESTION}]`);
    assert.deepEqual(result.repairs.map((repair) => [repair.kind, repair.callId, repair.index, repair.resultIndex]), [['inserted_output', 'call_make', 2, 3]]);
    for (const format of FORMATS) {
      const body = (await ts.sequence({ items: [USER, SHELL, QUESTION], format })).messages;
      assert.deepEqual(await ts.validate({ format, messages: body }), { valid: true, problems: [] }, format);
    }
  });
  test('validate gives the provider\'s own text for a broken array given as values', LIMIT, async (t) => {
    const ts = sidecar(t);
    const result = await ts.validate({ format: 'responses', messages: [JSON.parse(USER), JSON.parse(SHELL)] });
    assert.equal(result.valid, false);
    assert.deepEqual(result.problems.map((problem) => problem.message), ['No tool output found for local shell call call_make.']);
  });
  test('session/close gives orphans and held items as raw text', LIMIT, async (t) => {
    const ts = sidecar(t);
    const { session } = await ts.openSession();
    assert.match(session, /^s[0-9]+$/);
    const orphan = '{"type":"function_call_output","call_id":"nobody","output":"1.0"}';
    await ts.submit({ session, items: [SHELL, QUESTION, orphan] });
    assert.deepEqual(await ts.closeSession({ session }), { orphans: [orphan], pending: ['call_make'], held: [QUESTION] });
  });
  test('session/export and session/import carry a session over, byte for byte', LIMIT, async (t) => {
    const ts = sidecar(t);
    const other = sidecar(t);
    const item = `{"type":"message","role":"user","content":[{"type":"input_text","text":"caf\\u00e9 ${BIG}"}],"n":1.0,"m":${BIG}}`;
    await ts.openSession({ session: 'a', options: { format: 'chat' } });
    await ts.submit({ session: 'a', items: [item, SHELL] });
    const exported = await ts.exportSession({ session: 'a' });
    assert.equal(exported.format, 'chat');
    assert.equal(exported.revision, 1);
    assert.equal(occurrences(exported.operations, item), 1);
    assert.deepEqual(await other.importSession({ session: 'b', state: exported }), { session: 'b', revision: 1, epoch: 0 });
    assert.deepEqual((await other.state({ session: 'b' })).pending, ['call_make']);
    const original = await ts.messages({ session: 'a', format: 'responses' });
    assert.equal(original.messages, `[${item}]`);
    assert.deepEqual(await other.messages({ session: 'b', format: 'responses' }), original);
  });
  test('ping, initialized and $/cancelRequest answer {}; protocol version 1 is refused', LIMIT, async (t) => {
    const ts = sidecar(t);
    assert.deepEqual(await ts.ping(), {});
    assert.deepEqual(await ts.initialized(), {});
    assert.deepEqual(await ts.cancelRequest({ id: 1 }), {});
    await assert.rejects(ts.initialize({ protocolVersion: 1 }), {
      code: ERROR_CODES.unsupportedProtocolVersion,
      rpcMessage: 'Unsupported protocol version: this server speaks 2, not 1',
      data: { requested: 1, supported: [PROTOCOL_VERSION] },
    });
  });
  test('reasoning and ids choose how chat and responses render; validate takes the same reasoning', LIMIT, async (t) => {
    const ts = sidecar(t);
    const [call, output] = callAndOutput('call_r');
    const reasoning = '{"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Run make."}],"encrypted_content":null}';
    const items = [USER, reasoning, call, output];
    const plain = await ts.sequence({ items, format: 'chat' });
    assert.equal(occurrences(plain.messages, 'Run make.'), 0);
    assert.deepEqual(plain.notes, []);
    const body = (await ts.sequence({ items, format: 'chat', reasoning: 'reasoning_content' })).messages;
    assert.equal(occurrences(body, '"reasoning_content":"Run make."'), 1);
    assert.deepEqual(await ts.validate({ format: 'chat', messages: body, reasoning: 'reasoning_content' }), { valid: true, problems: [] });
    assert.deepEqual((await ts.validate({ format: 'chat', messages: body })).problems.map((problem) => problem.code), ['additional_properties']);
    assert.equal(occurrences((await ts.sequence({ items })).messages, '"id":"rs_1"'), 0);
    await ts.openSession({ session: 'ids' });
    await ts.submit({ session: 'ids', items });
    assert.equal(occurrences((await ts.messages({ session: 'ids', ids: 'keep' })).messages, '"id":"rs_1"'), 1);
  });
  test('shutdown answers, and the sidecar exits 0', LIMIT, async (t) => {
    const ts = sidecar(t);
    assert.deepEqual(await ts.shutdown(), { code: 0, signal: null });
    await assert.rejects(ts.state({ session: 'x' }), { name: 'ToolSequencerProtocolError' });
  });
  test('close ends stdin: the requests already sent are answered, and the sidecar exits 0', LIMIT, async (t) => {
    const ts = sidecar(t);
    const opened = ts.openSession({ session: 'late' });
    assert.deepEqual(await ts.close(), { code: 0, signal: null });
    assert.deepEqual(await opened, { session: 'late' });
  });
});

describe('errors are typed: code, message and data as the sidecar sent them', () => {
  test('an unknown session', LIMIT, async (t) => {
    const ts = sidecar(t);
    await assert.rejects(ts.state({ session: 'ghost' }), (error) => {
      assert.ok(error instanceof ToolSequencerError);
      assert.equal(error.code, ERROR_CODES.unknownSession);
      assert.equal(error.rpcMessage, 'Unknown session: no open session has the id "ghost"');
      assert.deepEqual(error.data, { path: 'params.session', session: 'ghost' });
      assert.equal(error.method, METHODS.state);
      assert.equal(error.retried, false);
      return true;
    });
  });
  test('invalid params, a method not found, a session that exists; the client stays usable', LIMIT, async (t) => {
    const ts = sidecar(t);
    await assert.rejects(ts.cancel({ session: 's', reason: 'lost' }), { code: ERROR_CODES.invalidParams });
    await assert.rejects(ts.call('nope'), { code: ERROR_CODES.methodNotFound, data: { method: 'nope' } });
    await ts.openSession({ session: 's' });
    await assert.rejects(ts.openSession({ session: 's' }), { code: ERROR_CODES.sessionExists });
    assert.equal((await ts.state({ session: 's' })).session, 's');
  });
  test('raw text that is not one JSON value, NaN, a lone surrogate: refused before anything is written', LIMIT, async (t) => {
    const ts = sidecar(t);
    await ts.openSession({ session: 's' });
    await assert.rejects(ts.submit({ session: 's', items: ['{"type":"message"},{"type":"x"}'] }), JSONTextError);
    await assert.rejects(ts.submit({ session: 's', items: [{ type: 'message', n: NaN }] }), TypeError);
    await assert.rejects(ts.submit({ session: 's', items: [{ type: 'message', text: '\ud800' }] }), TypeError);
    assert.equal((await ts.state({ session: 's' })).counts.submitted, 0);
  });
  test('an error answered with id null (a line over --max-line-bytes) is the answer to its own request, by order', LIMIT, async (t) => {
    const ts = sidecar(t, { args: ['--max-line-bytes', '2000'] });
    await ts.openSession({ session: 's' });
    const long = `{"type":"message","role":"user","content":"${'x'.repeat(5000)}"}`;
    const [tooLong, state] = await Promise.allSettled([ts.submit({ session: 's', items: [long] }), ts.state({ session: 's' })]);
    assert.equal(tooLong.status, 'rejected');
    assert.equal(tooLong.reason.code, ERROR_CODES.lineTooLong);
    assert.equal(tooLong.reason.method, METHODS.submit);
    assert.equal(state.status, 'fulfilled');
    assert.equal(state.value.counts.submitted, 0);
  });
});

describe('pipelining', () => {
  test('1,000 requests in flight at once, each answered with its own result', LIMIT, async (t) => {
    const ts = sidecar(t);
    const sessions = Array.from({ length: 10 }, (_, k) => `p${k}`);
    await Promise.all(sessions.map((session) => ts.openSession({ session })));
    const pending = [];
    for (let n = 0; n < 1000; n += 1) {
      const session = sessions[n % 10];
      pending.push(ts.submit({ session, items: callAndOutput(`call_${n}`) }));
    }
    assert.equal(ts.inFlight, 1000);
    const results = await Promise.all(pending);
    results.forEach((result, n) => {
      const turn = Math.floor(n / 10) + 1; // the turn-th submit to its session
      assert.deepEqual(result, { revision: 2 * turn, epoch: 0, committed: 2, pending: [], held: 0, early: 0, reported: [], repairs: [], warnings: [] }, `request ${n}`);
    });
    assert.equal(ts.inFlight, 0);
    const messages = await ts.messages({ session: 'p3' });
    assert.equal(messages.revision, 200);
    assert.equal(occurrences(messages.messages, '"call_id":"call_3"'), 2);
    assert.equal(occurrences(messages.messages, '"call_id":"call_4"'), 0);
  });
});

describe('exact numbers and texts', () => {
  test('1.0, a 30-digit integer and "caf\\u00e9" come back as they went, through sequence and a session', LIMIT, async (t) => {
    const ts = sidecar(t);
    const item = `{"type":"message","role":"user","content":[{"type":"input_text","text":"caf\\u00e9"}],"score":1.0,"count":${BIG},"exp":1E5,"neg":-0.0}`;
    assert.equal((await ts.sequence({ items: [item] })).messages, `[${item}]`);
    assert.equal((await ts.sequence({ items: `[ ${item} ]` })).messages, `[${item}]`);
    await ts.openSession({ session: 'n' });
    await ts.submit({ session: 'n', items: [item] });
    assert.equal((await ts.messages({ session: 'n' })).messages, `[${item}]`);
  });
  test('values are encoded exactly too: a BigInt stays a 30-digit integer', LIMIT, async (t) => {
    const ts = sidecar(t);
    const result = await ts.sequence({ items: [{ type: 'message', role: 'user', content: 'café', count: BigInt(BIG) }] });
    assert.equal(result.messages, `[{"type":"message","role":"user","content":"café","count":${BIG}}]`);
  });
  test('a reported item comes back exactly as submitted', LIMIT, async (t) => {
    const ts = sidecar(t);
    await ts.openSession({ session: 'r' });
    const call = `{"type":"function_call","call_id":"c\\u0031","name":"f","arguments":"{}","n":${BIG}}`;
    await ts.submit({ session: 'r', items: [call] });
    const again = await ts.submit({ session: 'r', items: [call] });
    assert.deepEqual(again.reported.map((report) => [report.reason, report.item]), [['duplicate', call]]);
  });
});

describe('rewriting a session: rewind and replace', () => {
  const OUTPUT = '{"type":"function_call_output","call_id":"call_make","output":"ok"}';
  const SUMMARY = '{"type":"message","role":"user","content":[{"type":"input_text","text":"Summary: the user asked to build the project."}]}';

  test('a rewind to an earlier boundary discards the pending call and the held message; epoch 1', LIMIT, async (t) => {
    const ts = sidecar(t, { args: ['--frozen-clock'] });
    await ts.openSession({ session: 'r' });
    await ts.submit({ session: 'r', items: [USER] }); // revision 1, a commit boundary
    await ts.submit({ session: 'r', items: [REASONING, SHELL] }); // revision 2, call_make pending
    assert.equal((await ts.submit({ session: 'r', items: [QUESTION] })).held, 1);
    assert.deepEqual(await ts.rewind({ session: 'r', revision: 1 }),
      { revision: 1, epoch: 1, discarded: { committed: 1, pending: ['call_make'], held: 1, early: 0 } });
    // A copy kept from epoch 0 gets the whole array back, marked reset.
    assert.deepEqual(await ts.messages({ session: 'r', since: 2, epoch: 0 }),
      { revision: 1, epoch: 1, reset: true, messages: `[${USER}]`, pending: [], held: 0, notes: [] });
    // The discarded call id is forgotten: it may be used again.
    const again = await ts.submit({ session: 'r', items: [SHELL] });
    assert.deepEqual([again.epoch, again.pending, again.reported], [1, ['call_make'], []]);
  });
  test('a revision that is not a commit boundary is -32602, and nothing changes', LIMIT, async (t) => {
    const ts = sidecar(t);
    await ts.openSession({ session: 'r' });
    await ts.submit({ session: 'r', items: [USER, ...callAndOutput('call_b')] }); // the call and its output commit together: 1 -> 3
    await assert.rejects(ts.rewind({ session: 'r', revision: 2 }), { code: ERROR_CODES.invalidParams, data: { path: 'params.revision' } });
    await assert.rejects(ts.rewind({ session: 'r', revision: 4 }),
      { code: ERROR_CODES.invalidParams, rpcMessage: "Invalid params: params.revision is 4, past the session's revision 3" });
    assert.deepEqual((await ts.messages({ session: 'r' })).epoch, 0);
  });
  test('a replace keeps the pending call and the held message; epoch 1', LIMIT, async (t) => {
    const ts = sidecar(t, { args: ['--frozen-clock'] });
    await ts.openSession({ session: 'p' });
    await ts.submit({ session: 'p', items: [USER, REASONING, SHELL] });
    await ts.submit({ session: 'p', items: [QUESTION] });
    assert.deepEqual(await ts.replace({ session: 'p', items: [SUMMARY] }), { revision: 1, epoch: 1, repairs: [], warnings: [] });
    assert.deepEqual(await ts.messages({ session: 'p' }),
      { revision: 1, epoch: 1, reset: false, messages: `[${SUMMARY}]`, pending: ['call_make'], held: 1, notes: [] });
    assert.deepEqual(await ts.submit({ session: 'p', items: [OUTPUT] }),
      { revision: 4, epoch: 1, committed: 3, pending: [], held: 0, early: 0, reported: [], repairs: [], warnings: [] });
    const tail = await ts.messages({ session: 'p', since: 1, epoch: 1 });
    assert.deepEqual([tail.reset, tail.messages], [false, `[${SHELL},${OUTPUT},${QUESTION}]`]);
  });
});
