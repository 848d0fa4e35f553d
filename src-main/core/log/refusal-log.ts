import { log } from './logger';

/** Control characters (CR/LF forge log lines) and the rest of C0/C1. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Text an outside caller chose (an Origin header, a path), made safe for one log line: control
 * characters replaced, and cut to `max` characters with the count of what was cut.
 */
export function logText(value: string | undefined | null, max = 120): string {
  if (value === undefined || value === null) return '(none)';
  const clean = value.replace(CONTROL, '?');
  return clean.length <= max ? clean : `${clean.slice(0, max)}…(+${clean.length - max} chars)`;
}

interface Window {
  startedAt: number;
  suppressed: number;
}

/** Distinct kinds of refusal tracked at once (the reasons are a fixed set; this is a backstop). */
const MAX_KINDS = 64;

/**
 * Logs refusals of unauthenticated callers without letting them write the log.
 *
 * Why: a refused socket upgrade used to log its raw Origin, and 800 token-less upgrades with a
 * 14 KB Origin rotated vigie.log away in 1.2 s, chain heads and failed logins with it. Here each
 * kind of refusal logs its first occurrence in a window, cut to a bounded length; the rest of the
 * window is counted and written as one line when it ends. An attacker gets at most two short
 * lines per kind per window, whatever the rate.
 */
export class RefusalLog {
  private readonly windows = new Map<string, Window>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly windowMs = 10_000,
    private readonly write: (line: string) => void = (line) => log.warn(line),
    private readonly now: () => number = Date.now,
  ) {}

  /** One refusal: `kind` is a fixed label (e.g. "socket refused (bad-token)"), `detail` the caller's text. */
  refused(kind: string, detail: string): void {
    const now = this.now();
    const current = this.windows.get(kind);
    if (current && now - current.startedAt < this.windowMs) {
      current.suppressed += 1;
      this.arm();
      return;
    }
    if (current) this.summarise(kind, current);
    if (!current && this.windows.size >= MAX_KINDS) {
      this.write(`refusals: more than ${MAX_KINDS} kinds at once, counting them as "other"`);
      return this.refused('other refusal', '');
    }
    this.windows.set(kind, { startedAt: now, suppressed: 0 });
    this.write(`${kind}: ${logText(detail)}`);
  }

  /** Writes the counts of every window that has ended (and, on stop, of every window). */
  flush(all = false): void {
    const now = this.now();
    for (const [kind, window] of this.windows) {
      if (all || now - window.startedAt >= this.windowMs) {
        this.summarise(kind, window);
        this.windows.delete(kind);
      }
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flush(true);
  }

  private summarise(kind: string, window: Window): void {
    if (window.suppressed > 0)
      this.write(
        `${kind}: ${window.suppressed} more in ${Math.round(this.windowMs / 1000)} s (not logged one by one)`,
      );
    window.suppressed = 0;
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
      if ([...this.windows.values()].some((window) => window.suppressed > 0)) this.arm();
    }, this.windowMs);
    this.timer.unref();
  }
}
