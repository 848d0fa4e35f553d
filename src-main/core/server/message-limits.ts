/**
 * Bounds on what one window may send the core in one socket message, checked before the message
 * is parsed.
 *
 * Why before parsing: `JSON.parse` and zod run on the core's one event loop, so whatever they cost
 * every other window waits for. A 16 MB message of nested brackets took `JSON.parse` alone about
 * 3 s (and the whole message 6.8 s), freezing the video and API of every other window; a message
 * with a million object keys costs zod most of a second to refuse. So a message is refused
 *  - by size, in `ws` itself from the frame header (close code 1009), before its bytes are even
 *    buffered: MAX_MESSAGE_BYTES is just above the largest legitimate message (a snapshot);
 *  - by shape, in one linear scan run mostly by the regex engine (close code 1009 too):
 *    nesting deeper than MAX_JSON_DEPTH, or more than MAX_JSON_TOKENS delimiters and strings,
 *    which no message of the contract reaches. What is left costs `JSON.parse` and zod time
 *    proportional to a few tens of thousands of values at most.
 */
import { MAX_SNAPSHOT_BASE64 } from '../../../src-shared/contract';

/**
 * Largest message accepted, in bytes (8,065,536): a `snapshot.save` with the largest picture the
 * contract allows (MAX_SNAPSHOT_BASE64) plus 64 KiB for its envelope, which is under 200 bytes.
 * Every other message of the contract is far smaller (a wall state is at most 256 KiB).
 */
export const MAX_MESSAGE_BYTES = MAX_SNAPSHOT_BASE64 + 64 * 1024;

/** Deepest nesting of arrays and objects accepted; the contract's deepest message is 7 levels. */
export const MAX_JSON_DEPTH = 32;

/**
 * Most delimiters and strings (`,` `:` `[` `]` `{` `}` and each string) accepted in one message,
 * about three per value. The richest legitimate message, a wall state at its byte bound made of
 * one-letter ids, has about 75,000 (tests/core/server/attack-socket.test.ts saves one).
 */
export const MAX_JSON_TOKENS = 131_072;

/** WebSocket close code for a message refused before parsing (RFC 6455 "message too big"). */
export const MESSAGE_TOO_BIG = 1009;

export type ShapeVerdict = { ok: true } | { ok: false; reason: string };

/** The bytes that give JSON its shape; everything between them is skipped by the regex engine. */
const STRUCTURE = /["[\]{},:]/g;
const BACKSLASH = 0x5c;

/**
 * Whether a text message's nesting and value count are within bounds. Not a validator: malformed
 * JSON passes here and is refused by `JSON.parse` right after, which stops at its first error.
 *
 * Cost: one Latin-1 copy of the message and native scans (the regex between delimiters,
 * `indexOf` to the end of each string), about 0.5 ms per MB; the JavaScript loop itself runs once
 * per delimiter, string, escaped quote and backslash before a quote, and every one of those
 * counts against `maxTokens`, so no input makes it run more than a few times `maxTokens`.
 * Latin-1 keeps one character per byte, so every ASCII byte (every JSON delimiter) stays where
 * it was: UTF-8 never uses bytes below 0x80 inside a multi-byte character.
 */
export function checkMessageShape(
  bytes: Buffer,
  maxDepth: number = MAX_JSON_DEPTH,
  maxTokens: number = MAX_JSON_TOKENS,
): ShapeVerdict {
  const text = bytes.toString('latin1');
  const structure = new RegExp(STRUCTURE.source, 'g');
  const tooMany: ShapeVerdict = { ok: false, reason: `more than ${maxTokens} values` };
  let depth = 0;
  let tokens = 0;
  for (let match = structure.exec(text); match !== null; match = structure.exec(text)) {
    tokens += 1;
    if (tokens > maxTokens) return tooMany;
    const char = match[0];
    if (char === '"') {
      const end = stringEnd(text, structure.lastIndex, maxTokens - tokens);
      if (end === null) return tooMany;
      tokens += end.work;
      structure.lastIndex = end.index + 1;
    } else if (char === '[' || char === '{') {
      depth += 1;
      if (depth > maxDepth) return { ok: false, reason: `nested deeper than ${maxDepth} levels` };
    } else if (char === ']' || char === '}') {
      depth -= 1;
    }
  }
  return { ok: true };
}

/**
 * Index of the quote closing a string whose body starts at `from` (the end of the text if none),
 * and how many loop steps finding it took (escaped quotes, backslashes counted); null once those
 * exceed `budget`. A quote is escaped when an odd number of backslashes precede it; counting them
 * back stops at the previous quote at the latest, so each character is looked at once at most.
 */
function stringEnd(text: string, from: number, budget: number): { index: number; work: number } | null {
  let work = 0;
  let next = from;
  for (;;) {
    const quote = text.indexOf('"', next);
    if (quote < 0) return { index: text.length, work };
    let backslashes = 0;
    for (let k = quote - 1; k >= next && text.charCodeAt(k) === BACKSLASH; k -= 1) {
      backslashes += 1;
      if (work + backslashes > budget) return null;
    }
    work += backslashes;
    if (backslashes % 2 === 0) return { index: quote, work };
    work += 1;
    next = quote + 1;
  }
}
