// index.d.ts against protocol/schema.json: every method's params and result interfaces have
// exactly the schema's members, optional exactly where the schema does not require them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { ERROR_CODES, METHODS } from '../protocol.js';
import { HERE, REPO_ROOT } from './support.js';

const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'protocol', 'schema.json'), 'utf8'));
const declarations = readFileSync(join(HERE, '..', 'index.d.ts'), 'utf8');

/** `session/open` -> `sessionOpen`, `$/cancelRequest` -> `cancelRequest`, as schema.json names its definitions. */
const camel = (method) => method.replace(/^\$\//, '').replace(/\/(.)/g, (_, c) => c.toUpperCase());

/** The top-level members of `export interface <name> { ... }` in index.d.ts: name -> optional. */
function interfaceMembers(name) {
  const start = declarations.search(new RegExp(`export interface ${name} \\{`));
  assert.notEqual(start, -1, `index.d.ts has no interface ${name}`);
  const members = new Map();
  let depth = 0;
  let i = declarations.indexOf('{', start);
  for (; i < declarations.length; i += 1) {
    const c = declarations[i];
    if (c === '{') depth += 1;
    else if (c === '}') { depth -= 1; if (depth === 0) break; }
    else if (depth === 1 && (c === '\n' || c === '{' || c === ';' || declarations[i - 1] === '{')) {
      const match = /^\s*([A-Za-z_$][\w$]*)(\?)?:/.exec(declarations.slice(c === '\n' || c === ';' ? i + 1 : i, i + 200));
      if (match) members.set(match[1], match[2] === '?');
    }
  }
  return members;
}

function schemaMembers(definition) {
  const def = schema.$defs[definition];
  assert.ok(def, `schema.json has no $defs.${definition}`);
  const required = new Set(def.required ?? []);
  return new Map(Object.keys(def.properties ?? {}).map((name) => [name, !required.has(name)]));
}

test('the methods of protocol.js are the schema\'s, no more, no fewer', () => {
  // $defs.request is oneOf the requests of every method.
  const fromSchema = schema.$defs.request.oneOf
    .map(({ $ref }) => schema.$defs[$ref.replace('#/$defs/', '')].properties.method.const);
  assert.deepEqual([...fromSchema].sort(), Object.values(METHODS).sort());
});

for (const method of Object.values(METHODS)) {
  for (const kind of ['Params', 'Result']) {
    const definition = `${camel(method)}${kind}`;
    const declared = definition[0].toUpperCase() + definition.slice(1);
    test(`${method}: ${declared} in index.d.ts has the members of ${definition} in schema.json`, () => {
      assert.deepEqual(Object.fromEntries(interfaceMembers(declared)), Object.fromEntries(schemaMembers(definition)));
    });
  }
}

test('the METHODS declared in index.d.ts are those of protocol.js', () => {
  const block = /export const METHODS: Readonly<\{([^}]*)\}>/.exec(declarations);
  assert.ok(block, 'index.d.ts declares METHODS');
  const declared = Object.fromEntries([...block[1].matchAll(/(\w+): '([^']+)'/g)].map((m) => [m[1], m[2]]));
  assert.deepEqual(declared, { ...METHODS });
});

test('the ERROR_CODES names declared in index.d.ts are those of protocol.js', () => {
  const block = /export const ERROR_CODES: Readonly<Record<([^>]*), number>>/.exec(declarations);
  assert.ok(block, 'index.d.ts declares ERROR_CODES');
  assert.deepEqual([...block[1].matchAll(/'(\w+)'/g)].map((m) => m[1]).sort(), Object.keys(ERROR_CODES).sort());
});

test('the interface reader sees nested members as one member (it can fail)', () => {
  assert.deepEqual([...interfaceMembers('SessionStateResult').keys()],
    ['session', 'revision', 'epoch', 'format', 'batch', 'pending', 'held', 'early', 'timeline', 'counts', 'restore']);
  assert.notDeepEqual(Object.fromEntries(interfaceMembers('SessionSubmitParams')), Object.fromEntries(schemaMembers('sessionCancelParams')));
});
