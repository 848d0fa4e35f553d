/**
 * Where a CLI command writes and reads, so every `vigie …` command is testable in-process with
 * buffers instead of a terminal.
 */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Reads all of stdin (the PIN for operator add). */
  readStdin: () => Promise<string>;
}

/** The real terminal: what `vigie …` commands use outside tests. */
export const processCliIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};
