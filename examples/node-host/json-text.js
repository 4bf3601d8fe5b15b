// JSON text that keeps its exact spelling.
//
// `JSON.parse` turns every number into a double: `12345678901234567890123456789` becomes
// `1.2345678901234568e+28`, and `1.0` comes back out of `JSON.stringify` as `1`. Items are the
// host's and the model API's data, and the sidecar carries them byte for byte, so this client
// never lets them through `JSON.parse`. It works on the JSON *text* instead:
//
// - `scanValue` walks one JSON value from an offset and returns where it ends. It checks
//   RFC 8259 strictly (the sidecar's own rules) but builds nothing, so a number is only ever a
//   run of characters here.
// - `decode` builds JS values from a response line, except at the positions a *shape* marks
//   raw: there it returns the value's own text, sliced out of the line (`text.slice(start,
//   end)`), untouched. Everywhere else integers are exact too: beyond 2^53 they decode as
//   `BigInt`.
// - `encode` writes a request's params, splicing raw text in at the positions a shape marks
//   raw, after checking that the text is exactly one valid JSON value.
//
// Offsets are UTF-16 code-unit offsets into the decoded line: the line is valid UTF-8 decoded
// losslessly, so a slice of it is exactly the bytes of that value, re-encoded.
//
// A shape is `undefined` (decode/encode plainly), `RAW` (the value is raw text), or an object
// `{ raw?: true, members?: { name: shape }, each?: shape }`: `members` applies to an object's
// members, `each` to an array's elements, and `raw: true` besides means "a string given here
// is raw text; any other value is encoded with the inner shape" (encode only).

/** Marks a position whose value is carried as raw JSON text. */
export const RAW = Object.freeze({ raw: true });

/** Raised for JSON text that is not one valid value; `offset` is where it goes wrong. */
export class JSONTextError extends SyntaxError {
  constructor(message, offset) {
    super(`${message} at offset ${offset}`);
    this.name = 'JSONTextError';
    this.offset = offset;
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` has no lone UTF-16 surrogate (`String.prototype.isWellFormed` on Node 20, a regex on Node 18). */
const isWellFormed = typeof String.prototype.isWellFormed === 'function'
  ? (text) => text.isWellFormed()
  : (text) => !LONE_SURROGATE.test(text);

const isWs = (c) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** The offset of the first non-whitespace character at or after `i`. */
export function skipWs(text, i) {
  while (i < text.length && isWs(text.charCodeAt(i))) i += 1;
  return i;
}

function scanString(text, i) {
  // text[i] is the opening quote. Returns the offset after the closing quote.
  i += 1;
  for (;;) {
    if (i >= text.length) throw new JSONTextError('unterminated string', i);
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) throw new JSONTextError('unescaped control character in string', i);
    if (c !== 0x5c) { i += 1; continue; }
    const e = text.charCodeAt(i + 1);
    if (e === 0x75) { // \uXXXX, and a high surrogate must be followed by \u low surrogate
      const unit = hex4(text, i + 2);
      if (unit >= 0xdc00 && unit <= 0xdfff) throw new JSONTextError('unpaired UTF-16 surrogate in \\u escape', i);
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const low = text.charCodeAt(i + 6) === 0x5c && text.charCodeAt(i + 7) === 0x75 ? hex4(text, i + 8) : -1;
        if (!(low >= 0xdc00 && low <= 0xdfff)) throw new JSONTextError('unpaired UTF-16 surrogate in \\u escape', i);
        i += 12;
      } else {
        i += 6;
      }
    } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
      i += 2;
    } else {
      throw new JSONTextError('invalid escape sequence in string', i);
    }
  }
}

function hex4(text, i) {
  const digits = text.slice(i, i + 4);
  if (!/^[0-9a-fA-F]{4}$/.test(digits)) throw new JSONTextError('invalid \\u escape', i);
  return parseInt(digits, 16);
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

function scanNumber(text, i) {
  NUMBER.lastIndex = i;
  if (!NUMBER.test(text)) throw new JSONTextError('invalid number', i);
  const end = NUMBER.lastIndex;
  const next = text.charCodeAt(end);
  if ((next >= 0x30 && next <= 0x39) || next === 0x2e || next === 0x65 || next === 0x45) {
    throw new JSONTextError('invalid number', i); // a leading zero (`01`) or a dangling part (`1.`)
  }
  return end;
}

function scanLiteral(text, i, word) {
  if (text.startsWith(word, i)) return i + word.length;
  throw new JSONTextError(`unexpected character '${text[i]}'`, i);
}

/**
 * Skips one JSON value starting at `i` (no leading whitespace) and returns its end offset.
 * Iterative, so deep nesting cannot overflow the stack. Throws `JSONTextError`.
 */
export function scanValue(text, i) {
  const stack = []; // 0x5d for an open array, 0x7d for an open object
  for (;;) {
    // A value starts at i.
    if (i >= text.length) throw new JSONTextError('unexpected end of JSON text', i);
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      const close = c === 0x7b ? 0x7d : 0x5d;
      i = skipWs(text, i + 1);
      if (text.charCodeAt(i) === close) {
        i += 1;
      } else {
        stack.push(close);
        if (close === 0x7d) i = memberName(text, i);
        continue;
      }
    } else if (c === 0x22) {
      i = scanString(text, i);
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      i = scanNumber(text, i);
    } else if (c === 0x74) {
      i = scanLiteral(text, i, 'true');
    } else if (c === 0x66) {
      i = scanLiteral(text, i, 'false');
    } else if (c === 0x6e) {
      i = scanLiteral(text, i, 'null');
    } else {
      throw new JSONTextError(i >= text.length ? 'unexpected end of JSON text' : `unexpected character '${text[i]}'`, i);
    }
    // A value ended at i: close containers or move to the next element.
    for (;;) {
      if (stack.length === 0) return i;
      i = skipWs(text, i);
      const d = text.charCodeAt(i);
      const close = stack[stack.length - 1];
      if (d === close) { stack.pop(); i += 1; continue; }
      if (d !== 0x2c) throw new JSONTextError(i >= text.length ? 'unexpected end of JSON text' : `unexpected character '${text[i]}'`, i);
      i = skipWs(text, i + 1);
      if (close === 0x7d) i = memberName(text, i);
      break;
    }
  }
}

function memberName(text, i) {
  // At a member name: returns the offset of its value.
  if (text.charCodeAt(i) !== 0x22) throw new JSONTextError('expected a member name', i);
  i = skipWs(text, scanString(text, i));
  if (text.charCodeAt(i) !== 0x3a) throw new JSONTextError("expected ':'", i);
  return skipWs(text, i + 1);
}

/**
 * Checks that `text` is exactly one JSON value (whitespace around it allowed) and returns it
 * trimmed, with every raw line break turned into a space, so it fits on one request line.
 * (Valid JSON has raw line breaks only between tokens, never inside a string.)
 */
export function checkRaw(text) {
  if (typeof text !== 'string') throw new TypeError(`raw JSON text must be a string, not ${typeof text}`);
  if (!isWellFormed(text)) throw new JSONTextError('lone UTF-16 surrogate in raw JSON text', 0);
  const start = skipWs(text, 0);
  const end = scanValue(text, start);
  if (skipWs(text, end) !== text.length) throw new JSONTextError('unexpected text after the JSON value', skipWs(text, end));
  const value = text.slice(start, end);
  return /[\r\n]/.test(value) ? value.replace(/[\r\n]/g, ' ') : value;
}

// -- decoding ---------------------------------------------------------------------------------

/**
 * The members of the object starting at `i`, as a Map from name to `[start, end]` of the value
 * (the last one wins for a name given twice, as in the sidecar). Throws `JSONTextError`.
 */
export function objectMembers(text, i) {
  if (text.charCodeAt(i) !== 0x7b) throw new JSONTextError('expected an object', i);
  const members = new Map();
  i = skipWs(text, i + 1);
  if (text.charCodeAt(i) === 0x7d) return { members, end: i + 1 };
  for (;;) {
    if (text.charCodeAt(i) !== 0x22) throw new JSONTextError('expected a member name', i);
    const nameEnd = scanString(text, i);
    const name = JSON.parse(text.slice(i, nameEnd));
    i = skipWs(text, nameEnd);
    if (text.charCodeAt(i) !== 0x3a) throw new JSONTextError("expected ':'", i);
    const start = skipWs(text, i + 1);
    const end = scanValue(text, start);
    members.set(name, [start, end]);
    i = skipWs(text, end);
    const d = text.charCodeAt(i);
    if (d === 0x7d) return { members, end: i + 1 };
    if (d !== 0x2c) throw new JSONTextError(`unexpected character '${text[i] ?? ''}'`, i);
    i = skipWs(text, i + 1);
  }
}

function arrayElements(text, i) {
  const elements = [];
  i = skipWs(text, i + 1);
  if (text.charCodeAt(i) === 0x5d) return elements;
  for (;;) {
    const end = scanValue(text, i);
    elements.push([i, end]);
    i = skipWs(text, end);
    if (text.charCodeAt(i) === 0x5d) return elements;
    if (text.charCodeAt(i) !== 0x2c) throw new JSONTextError(`unexpected character '${text[i] ?? ''}'`, i);
    i = skipWs(text, i + 1);
  }
}

/** A number token as a JS value: an integer beyond 2^53 as a BigInt, every other one as a Number. */
function numberValue(token) {
  if (/^-?[0-9]+$/.test(token)) {
    const n = Number(token);
    return Number.isSafeInteger(n) ? n : BigInt(token);
  }
  return Number(token);
}

/**
 * Decodes the value at `[start, end)` of `text` (already scanned as valid) by `shape`: raw
 * positions come back as their text, every other value as JS values (exact integers).
 */
export function decode(text, start, end, shape) {
  if (shape?.raw && !shape.members && !shape.each) return text.slice(start, end);
  const c = text.charCodeAt(start);
  if (c === 0x7b) {
    const out = {};
    for (const [name, [s, e]] of objectMembers(text, start).members) {
      const value = decode(text, s, e, shape?.members?.[name]);
      if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
      else out[name] = value;
    }
    return out;
  }
  if (c === 0x5b) return arrayElements(text, start).map(([s, e]) => decode(text, s, e, shape?.each));
  if (c === 0x22) return JSON.parse(text.slice(start, end));
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return numberValue(text.slice(start, end));
  return JSON.parse(text.slice(start, end)); // true, false, null
}

// -- encoding ---------------------------------------------------------------------------------

/**
 * Encodes `value` as compact JSON text by `shape`. At a raw position a string is spliced in as
 * JSON text (checked by `checkRaw`); elsewhere strings are strings. BigInts are written as
 * integers; `NaN`, `Infinity`, lone surrogates, functions and symbols are refused (TypeError),
 * so nothing is written that the sidecar would refuse or that `JSON.stringify` would change
 * silently. `undefined` members are left out, as `JSON.stringify` does.
 */
export function encode(value, shape) {
  if (shape?.raw && typeof value === 'string') return checkRaw(value);
  switch (typeof value) {
    case 'string':
      if (!isWellFormed(value)) throw new TypeError('a string with a lone UTF-16 surrogate cannot be sent');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map((element) => encode(element === undefined ? null : element, shape?.each)).join(',')}]`;
      if (typeof value.toJSON === 'function') return encode(value.toJSON(), shape);
      const parts = [];
      for (const [name, member] of Object.entries(value)) {
        if (member === undefined) continue;
        parts.push(`${encode(name)}:${encode(member, shape?.members?.[name])}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new TypeError(`a ${typeof value} cannot be sent as JSON`);
  }
}
