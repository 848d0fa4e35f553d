const EMPTY = Buffer.alloc(0);

/**
 * Bytes appended one run after the other into one buffer that doubles when full: one copy per
 * run and an allocation every few runs, instead of a `Buffer` per run and a concat at the end.
 * Shared by the passthrough demuxer (a picture's TS payloads) and the replay buffer (a GOP's
 * chunks).
 *
 * Never written below `length`, and growing allocates a new buffer rather than reusing the old
 * one: a view already handed out (`view`) stays intact while later runs are appended.
 */
export class AppendBuffer {
  private data: Buffer = EMPTY;
  /** Bytes appended so far; only `[0, length)` of the buffer is data. */
  length = 0;

  /** `firstSize`: the buffer's size at the first append (at least what that append needs). */
  constructor(private readonly firstSize: number) {}

  /** Copies `source[start, end)` after what is already there. */
  append(source: Buffer, start = 0, end = source.length): void {
    const needed = this.length + (end - start);
    if (end <= start) return;
    if (needed > this.data.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(needed, 2 * this.data.length, this.firstSize));
      this.data.copy(grown, 0, 0, this.length);
      this.data = grown;
    }
    source.copy(this.data, this.length, start, end);
    this.length = needed;
  }

  /** The bytes `[from, to)` appended so far, without a copy. */
  view(from = 0, to = this.length): Buffer {
    return this.data.subarray(from, to);
  }

  /** Frees the unused tail: from now on the buffer holds exactly `length` bytes. */
  trim(): void {
    if (this.data.length === this.length) return;
    const exact = Buffer.allocUnsafeSlow(this.length);
    this.data.copy(exact, 0, 0, this.length);
    this.data = exact;
  }
}
