// The raw JSON text layer: what is accepted as an item's text, how requests are written and
// answers read without a number ever going through a double.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { JSONTextError, RAW, checkRaw, decode, encode } from '../json-text.js';

const BIG = '123456789012345678901234567890';

describe('checkRaw: one JSON value, on one line', () => {
  test('keeps the text of a value exactly, trimmed', () => {
    assert.equal(checkRaw(` {"n":1.0,"big":${BIG},"s":"caf\\u00e9","e":1E5} \n`), `{"n":1.0,"big":${BIG},"s":"caf\\u00e9","e":1E5}`);
  });
  test('turns line breaks between tokens into spaces, so the request stays one line', () => {
    assert.equal(checkRaw('{\n  "a": [1,\r\n 2]\n}'), '{   "a": [1,   2] }');
  });
  for (const [text, message] of [
    ['{"a":1},{"b":2}', 'unexpected text after the JSON value at offset 7'],
    ['{"a":1}}', 'unexpected text after the JSON value at offset 7'],
    ['1} ,"x":{', 'unexpected text after the JSON value at offset 1'],
    ['', 'unexpected end of JSON text at offset 0'],
    ['{"a":01}', 'invalid number at offset 5'],
    ['{"a":1.}', 'invalid number at offset 5'],
    ['NaN', "unexpected character 'N' at offset 0"],
    ['{"a":"\\ud800"}', 'unpaired UTF-16 surrogate in \\u escape at offset 6'],
    ['{"a":"\\x"}', 'invalid escape sequence in string at offset 6'],
    ['{"a":"tab\there"}', 'unescaped control character in string at offset 9'],
    ['{"a" 1}', "expected ':' at offset 5"],
    ['[1,]', "unexpected character ']' at offset 3"],
    ['"\ud800"', 'lone UTF-16 surrogate in raw JSON text at offset 0'],
  ]) {
    test(`refuses ${JSON.stringify(text)}: ${message}`, () => {
      assert.throws(() => checkRaw(text), (error) => error instanceof JSONTextError && error.message === message);
    });
  }
  test('takes deep nesting without recursion', () => {
    const deep = '['.repeat(100000) + ']'.repeat(100000);
    assert.equal(checkRaw(deep).length, 200000);
  });
});

describe('encode: request params as compact JSON', () => {
  const ITEMS = { members: { items: { raw: true, each: RAW } } };
  test('splices raw item text in and encodes values beside it', () => {
    assert.equal(encode({ session: 's', items: [`{"n":${BIG}}`, { n: 1, big: BigInt(BIG) }] }, ITEMS),
      `{"session":"s","items":[{"n":${BIG}},{"n":1,"big":${BIG}}]}`);
  });
  test('takes the whole items array as raw text', () => {
    assert.equal(encode({ items: '[1.0, 2.50]' }, ITEMS), '{"items":[1.0, 2.50]}');
  });
  test('a string outside a raw position is a string', () => {
    assert.equal(encode({ session: '{"a":1}' }, ITEMS), '{"session":"{\\"a\\":1}"}');
  });
  test('leaves out undefined members, as JSON.stringify does', () => {
    assert.equal(encode({ a: undefined, b: null, c: [undefined] }), '{"b":null,"c":[null]}');
  });
  for (const [name, value] of [['NaN', NaN], ['Infinity', Infinity], ['a lone surrogate', '\udc00'], ['a function', () => 1], ['a symbol', Symbol('x')]]) {
    test(`refuses ${name} instead of changing it`, () => {
      assert.throws(() => encode({ items: [{ x: value }] }, ITEMS), TypeError);
    });
  }
  test('refuses raw text that is not one value', () => {
    assert.throws(() => encode({ items: ['{"a":1},{"b":2}'] }, ITEMS), JSONTextError);
  });
});

describe('decode: answers without rounding', () => {
  const line = `{"revision":9007199254740993,"small":-5,"f":1.5,"messages":[{"n":1.0,"big":${BIG},"s":"caf\\u00e9"}],"dup":1,"dup":2}`;
  test('gives raw positions as their exact text', () => {
    const result = decode(line, 0, line.length, { members: { messages: RAW } });
    assert.equal(result.messages, `[{"n":1.0,"big":${BIG},"s":"caf\\u00e9"}]`);
  });
  test('decodes integers beyond 2^53 as BigInt, the others as numbers; the last duplicate wins', () => {
    const result = decode(line, 0, line.length, { members: { messages: RAW } });
    assert.deepEqual({ ...result, messages: undefined }, { revision: 9007199254740993n, small: -5, f: 1.5, messages: undefined, dup: 2 });
  });
  test('decodes each element of an array by its shape', () => {
    const text = '{"held":[{"item":{"a":1.0},"ageMs":3}]}';
    assert.deepEqual(decode(text, 0, text.length, { members: { held: { each: { members: { item: RAW } } } } }), { held: [{ item: '{"a":1.0}', ageMs: 3 }] });
  });
});
