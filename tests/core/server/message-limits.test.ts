import { describe, expect, it } from 'vitest';
import { checkMessageShape } from '../../../src-main/core/server/message-limits';

const shape = (text: string, depth = 3, tokens = 20) => checkMessageShape(Buffer.from(text), depth, tokens);

describe('the socket message shape check', () => {
  it('counts nesting, not brackets inside strings', () => {
    expect(shape('[[[1]]]')).toEqual({ ok: true });
    expect(shape('[[[[1]]]]')).toEqual({ ok: false, reason: 'nested deeper than 3 levels' });
    expect(shape('{"a":"[[[[{{{{"}')).toEqual({ ok: true });
  });

  it('finds the end of strings past escaped quotes and backslashes', () => {
    // The quote after \" is escaped: the brackets that follow are still inside the string.
    expect(shape(String.raw`["a\"[[[[[[", 1]`)).toEqual({ ok: true });
    // After \\ the quote closes the string: the brackets that follow are real.
    expect(shape(String.raw`["a\\", [[[[1]]]]]`)).toEqual({
      ok: false,
      reason: 'nested deeper than 3 levels',
    });
    expect(shape(String.raw`["a\\\"[[[["]`)).toEqual({ ok: true });
  });

  it('leaves multi-byte UTF-8 text alone', () => {
    expect(shape(JSON.stringify({ a: 'é€😀[[[[' }))).toEqual({ ok: true });
  });

  it('charges delimiters, strings, escaped quotes and backslashes to one budget', () => {
    expect(shape(`[${Array(9).fill('0').join(',')}]`)).toEqual({ ok: true });
    const tooMany = { ok: false, reason: 'more than 20 values' };
    expect(shape(`[${Array(30).fill('0').join(',')}]`)).toEqual(tooMany);
    expect(shape(']'.repeat(30))).toEqual(tooMany);
    expect(shape('""'.repeat(30))).toEqual(tooMany);
    expect(shape(`["${'\\"'.repeat(30)}"]`)).toEqual(tooMany);
    expect(shape(`["${'\\'.repeat(60)}"]`)).toEqual(tooMany);
  });

  it('lets malformed JSON through to JSON.parse, which refuses it', () => {
    expect(shape('{"unterminated')).toEqual({ ok: true });
    expect(shape('not json at all')).toEqual({ ok: true });
  });
});
