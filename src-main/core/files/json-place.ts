/**
 * Where a JSON syntax error is, as an editor shows it (line and column, from 1), for the files IT
 * writes by hand (the config, the credentials to seal). V8 gives only "at position 1234" — or
 * nothing when the text ends early, which is then the place — and its message may quote the text
 * around the fault, which can hold a password: callers print this place, never that message.
 */
export function jsonSyntaxPlace(text: string, error: unknown): { line: number; column: number } | null {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (!position && !/end of (JSON )?input/i.test(message)) return null;
  const offset = position ? Math.min(Number(position[1]), text.length) : text.length;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
