import { describe, expect, it } from 'vitest';
import { logText, RefusalLog } from '../../../src-main/core/log/refusal-log';

describe('what callers without the token can make the core log', () => {
  it('is cut to a bounded length, control characters replaced', () => {
    expect(logText('a\r\nforged: ok')).toBe('a??forged: ok');
    const long = logText('x'.repeat(14_000));
    expect(long.length).toBeLessThan(160);
    expect(long).toContain('(+13880 chars)');
    expect(logText(undefined)).toBe('(none)');
  });

  it('logs the first refusal of a kind per window, then one counted line', () => {
    let now = 0;
    const lines: string[] = [];
    const refusals = new RefusalLog(
      10_000,
      (line) => lines.push(line),
      () => now,
    );
    for (let i = 0; i < 800; i += 1) refusals.refused('socket refused (bad-token)', 'from x');
    refusals.refused('socket refused (bad-origin)', 'from y');
    expect(lines).toEqual(['socket refused (bad-token): from x', 'socket refused (bad-origin): from y']);
    now = 10_000;
    refusals.flush();
    expect(lines.slice(2)).toEqual(['socket refused (bad-token): 799 more in 10 s (not logged one by one)']);
    refusals.refused('socket refused (bad-token)', 'from z');
    expect(lines.at(-1)).toBe('socket refused (bad-token): from z');
    refusals.stop();
  });
});
