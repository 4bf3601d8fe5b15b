// What the client does with a sidecar that is slow, breaks the protocol, or keeps dying: fake
// sidecars in tests/fixtures, run by this Node.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ToolSequencer, ToolSequencerExitError, ToolSequencerProtocolError, ToolSequencerTimeoutError } from '../index.js';
import { LIMIT, fakeSidecar } from './support.js';

describe('timeouts', () => {
  test('a request with no answer in time rejects with a typed error; its late answer is dropped', LIMIT, async (t) => {
    const ts = fakeSidecar(t, 'ordered-echo.mjs');
    const slow = ts.call('slow', { delayMs: 400 }, { timeoutMs: 100 });
    const next = ts.call('fast', { n: 2 });
    await assert.rejects(slow, (error) => {
      assert.ok(error instanceof ToolSequencerTimeoutError);
      assert.equal(error.message, 'slow (id 1): no answer within 100 ms');
      assert.deepEqual([error.method, error.id, error.timeoutMs], ['slow', 1, 100]);
      return true;
    });
    assert.equal(ts.inFlight, 2); // the late answer is still due, and read when it comes
    assert.deepEqual(await next, { method: 'fast', params: { n: 2 } });
    assert.equal(ts.inFlight, 0);
    assert.deepEqual(await ts.call('after', { n: 3 }), { method: 'after', params: { n: 3 } });
  });
});

describe('a sidecar that breaks the protocol breaks the client', () => {
  for (const [name, line, expected] of [
    ['a line that is not JSON', 'hello', /the sidecar wrote a line that is not a JSON object/],
    ['an array', '[]', /not a JSON object/],
    ['no result and no error', '{"jsonrpc":"2.0","id":ID}', /not a JSON-RPC 2.0 response/],
    ['jsonrpc 1.0', '{"jsonrpc":"1.0","id":ID,"result":{}}', /not a JSON-RPC 2.0 response/],
    ['another id', '{"jsonrpc":"2.0","id":99,"result":{}}', /expected the answer to id 1, got one with id 99/],
    ['the id as a string', '{"jsonrpc":"2.0","id":"ID","result":{}}', /expected the answer to id 1, got one with id "1"/],
    ['a result with id null', '{"jsonrpc":"2.0","id":null,"result":{}}', /got one with id null/],
    ['a malformed error', '{"jsonrpc":"2.0","id":ID,"error":{"code":"x","message":"m"}}', /malformed error object/],
  ]) {
    test(name, LIMIT, async (t) => {
      const ts = fakeSidecar(t, 'writes.mjs', [JSON.stringify(line)]);
      await assert.rejects(ts.call('a'), (error) => error instanceof ToolSequencerProtocolError && expected.test(error.message));
      await assert.rejects(ts.call('b'), /the client is broken/);
    });
  }
  test('an error object is typed whatever the sidecar', LIMIT, async (t) => {
    const line = '{"jsonrpc":"2.0","id":ID,"error":{"code":-31002,"message":"Unknown session","data":{"session":"x"}}}';
    const ts = fakeSidecar(t, 'writes.mjs', [JSON.stringify(line)]);
    await assert.rejects(ts.state({ session: 'x' }), {
      name: 'ToolSequencerError', code: -31002, rpcMessage: 'Unknown session', data: { session: 'x' },
      message: 'session/state: Unknown session (code -31002)',
    });
  });
});

describe('a sidecar that keeps dying', () => {
  test('a request is sent twice at most, then rejected with the exit status and the log', LIMIT, async (t) => {
    const ts = fakeSidecar(t, 'dies.mjs');
    const respawns = [];
    ts.on('respawn', (info) => respawns.push(info));
    await assert.rejects(ts.call('a'), (error) => {
      assert.ok(error instanceof ToolSequencerExitError);
      assert.match(error.message, /^a: the sidecar died while this request was in flight \(sent 2 times\) \(exit status 3\)/);
      assert.match(error.message, /boom: out of cheese/);
      assert.equal(error.exitCode, 3);
      return true;
    });
    assert.deepEqual(respawns.map((info) => [info.retried, info.generation]), [[1, 2], [0, 3]]);
  });
  test('with maxAttempts 1, a request in flight is not sent again, but the sidecar is respawned', LIMIT, async (t) => {
    const ts = fakeSidecar(t, 'dies.mjs', [], { maxAttempts: 1 });
    await assert.rejects(ts.call('a'), /^ToolSequencerExitError: a: the sidecar died while this request was in flight \(sent 1 time\) \(exit status 3\)/);
    assert.equal(ts.generation, 2);
  });
  test('with respawn off, the first death rejects what was in flight and breaks the client', LIMIT, async (t) => {
    const ts = fakeSidecar(t, 'dies.mjs', [], { respawn: false });
    await assert.rejects(ts.call('a'), { name: 'ToolSequencerExitError', exitCode: 3 });
    await assert.rejects(ts.call('b'), /the client is broken: the sidecar died \(respawn is off\) \(exit status 3\)/);
    assert.equal(ts.generation, 1);
  });
  test('after maxRespawns deaths in a row with no answer between, the client gives up', LIMIT, async (t) => {
    const ts = fakeSidecar(t, 'dies.mjs', [], { maxRespawns: 1, maxAttempts: 5 });
    await assert.rejects(ts.call('a'), /the sidecar died 2 times in a row/);
    await assert.rejects(ts.call('b'), /the client is broken/);
  });
});

describe('a sidecar that cannot be started', () => {
  test('every request rejects saying why, and the client is broken', LIMIT, async () => {
    const ts = new ToolSequencer({ binary: '/nonexistent/tool-sequencer' });
    await assert.rejects(ts.state({ session: 'x' }), {
      name: 'ToolSequencerProtocolError',
      message: 'session/state: could not start /nonexistent/tool-sequencer: spawn /nonexistent/tool-sequencer ENOENT',
    });
    await assert.rejects(ts.state({ session: 'x' }), /the client is broken: could not start/);
    assert.deepEqual(await ts.close(), { code: null, signal: null });
  });
});
