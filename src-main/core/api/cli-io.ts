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
