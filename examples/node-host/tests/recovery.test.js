// kill -9 and carry on: the client respawns the sidecar on the same --state-dir, the sessions
// are back, and the requests that were in flight are sent again.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { ERROR_CODES, ToolSequencer } from '../index.js';
import {
  HERE, INTERRUPTED, LIMIT, QUESTION, REASONING, SHELL, USER, callAndOutput, nextEvent, occurrences, sidecar, sidecarBinary,
  temporaryDirectory,
} from './support.js';

/**
 * A client whose sidecar, the first time it answers `method`, dies after applying it but before
 * answering (deterministically: a proxy swallows the answer and kills both), on `stateDir` if given.
 */
function diesAfterApplying(t, method, stateDir) {
  const flags = stateDir ? ['--state-dir', stateDir] : [];
  const marker = join(temporaryDirectory(t), 'died');
  const client = new ToolSequencer({
    binary: process.execPath,
    args: [join(HERE, 'fixtures', 'dies-after-applying.mjs'), marker, method, sidecarBinary(), ...flags],
    timeoutMs: 20000,
  });
  t.after(() => client.close({ timeoutMs: 5000 }));
  return client;
}

describe('kill -9 mid-session, with --state-dir', () => {
  test('the interrupted turn carries on: the session is back with its pending call, and the requests in flight are answered', LIMIT, async (t) => {
    const ts = sidecar(t, { stateDir: temporaryDirectory(t) });
    await ts.initialize({ clientInfo: { name: 'recovery', version: '1' } });
    await ts.openSession({ session: 'demo' });
    await ts.openSession({ session: 'work' });
    await ts.submit({ session: 'demo', items: [USER, REASONING, SHELL] });
    const firstPid = ts.pid;
    // 50 submits in flight, then the sidecar is killed before it can have answered them all.
    const inFlight = Array.from({ length: 50 }, (_, n) => ts.submit({ session: 'work', items: callAndOutput(`call_${n}`) }));
    const respawned = nextEvent(ts, 'respawn');
    assert.equal(ts.kill('SIGKILL'), true);
    const { exit, retried, generation } = await respawned;
    assert.deepEqual(exit, { code: null, signal: 'SIGKILL' });
    assert.ok(retried > 0, `some requests were in flight when it died (${retried} retried)`);
    assert.equal(generation, 2);
    assert.notEqual(ts.pid, firstPid);
    // Every request in flight is answered. A submit applied before the death (journaled, never
    // answered) is sent again: its call and output are then reported as duplicates, not added.
    const results = await Promise.all(inFlight);
    for (const [n, result] of results.entries()) {
      const applied = result.committed === 2 && result.reported.length === 0;
      const duplicate = result.committed === 0 && result.reported.map((report) => report.reason).join() === 'duplicate,duplicate';
      assert.ok(applied || duplicate, `request ${n}: ${JSON.stringify(result)}`);
    }
    const work = await ts.messages({ session: 'work' });
    assert.equal(work.revision, 100);
    for (let n = 0; n < 50; n += 1) assert.equal(occurrences(work.messages, `"call_id":"call_${n}"`), 2, `call_${n} and its output, once each`);
    // The demo session is back as it was: make still pending; the user types, then interrupts.
    assert.deepEqual((await ts.state({ session: 'demo' })).pending, ['call_make']);
    assert.equal((await ts.submit({ session: 'demo', items: [QUESTION] })).held, 1);
    assert.deepEqual((await ts.cancel({ session: 'demo' })).cancelled, ['call_make']);
    assert.equal((await ts.messages({ session: 'demo' })).messages, `[${USER},${REASONING},${SHELL},${INTERRUPTED},${QUESTION}]`);
    // initialize was said again to the new process, with the same params.
    await assert.rejects(ts.initialize(), { code: ERROR_CODES.alreadyInitialized });
  });

  test('a submit applied but not answered is sent again: its call and output are reported as duplicates, never applied twice', LIMIT, async (t) => {
    const stateDir = temporaryDirectory(t);
    const ts = diesAfterApplying(t, 'session/submit', stateDir);
    await ts.openSession({ session: 'd' });
    const result = await ts.submit({ session: 'd', items: callAndOutput('call_once') });
    assert.equal(ts.generation, 2);
    assert.deepEqual(result.reported.map((report) => [report.index, report.reason, report.callId, report.item]),
      callAndOutput('call_once').map((item, index) => [index, 'duplicate', 'call_once', item]));
    assert.equal(result.committed, 0);
    const { messages, revision } = await ts.messages({ session: 'd' });
    assert.equal(revision, 2);
    assert.equal(messages, `[${callAndOutput('call_once').join(',')}]`);
  });

  test('a message has no id: applied before the death and sent again, it is there twice (see README)', LIMIT, async (t) => {
    const ts = diesAfterApplying(t, 'session/submit', temporaryDirectory(t));
    await ts.openSession({ session: 'd' });
    const result = await ts.submit({ session: 'd', items: [USER] });
    assert.deepEqual([result.committed, result.reported], [1, []]);
    assert.equal((await ts.messages({ session: 'd' })).messages, `[${USER},${USER}]`);
  });

  test('a session/open applied but not answered is answered "session exists", marked retried', LIMIT, async (t) => {
    const ts = diesAfterApplying(t, 'session/open', temporaryDirectory(t));
    await assert.rejects(ts.openSession({ session: 'd' }), { code: ERROR_CODES.sessionExists, retried: true });
    assert.equal((await ts.state({ session: 'd' })).session, 'd');
  });
});

describe('kill -9 without --state-dir', () => {
  test('the sidecar is respawned, but its sessions are gone: the retried request says so', LIMIT, async (t) => {
    const ts = diesAfterApplying(t, 'session/state', null);
    await ts.openSession({ session: 'lost' });
    await assert.rejects(ts.state({ session: 'lost' }), { code: ERROR_CODES.unknownSession, retried: true });
    assert.equal(ts.generation, 2);
    assert.deepEqual(await ts.openSession({ session: 'lost' }), { session: 'lost' });
  });
});
