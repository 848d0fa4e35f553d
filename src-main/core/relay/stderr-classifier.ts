import type { StreamReason } from '../../../src-shared/contract';

/** How loud a stderr line is for the operator: a stream-level failure or mere decoder noise. */
export interface StderrVerdict {
  reason: StreamReason;
  /** Decoder glitches are logged (rate-limited) but do not change the stream's state. */
  fatal: boolean;
}

const RULES: { pattern: RegExp; reason: StreamReason; fatal: boolean }[] = [
  { pattern: /\b40[13]\b|Unauthorized|Forbidden|authorization failed/i, reason: 'credentials', fatal: true },
  { pattern: /\b404\b|Not Found|No such file or directory/i, reason: 'not-found', fatal: true },
  {
    pattern:
      /Connection refused|Connection timed out|No route to host|Network is unreachable|Host is unreachable|Name or service not known|Temporary failure in name resolution|timed out|Connection reset by peer|End of file|Broken pipe/i,
    reason: 'unreachable',
    fatal: true,
  },
  {
    pattern:
      /Decoder \(codec [^)]+\) not found|Unsupported codec|could not find codec parameters|Invalid data found when processing input|does not contain any stream|unsupported/i,
    reason: 'unsupported',
    fatal: true,
  },
  {
    pattern:
      /error while decoding|concealing|corrupt|non-existing PPS|decode_slice_header|Missing reference|left block unavailable|\bmmco\b|cabac/i,
    reason: 'unknown',
    fatal: false,
  },
];

/**
 * Classifies one ffmpeg stderr line. Exit codes alone say nothing (ffmpeg exits 0 when a camera
 * ends its stream), so the reason shown to the operator comes from what ffmpeg printed.
 */
export function classifyStderr(line: string): StderrVerdict | null {
  for (const rule of RULES) {
    if (rule.pattern.test(line)) return { reason: rule.reason, fatal: rule.fatal };
  }
  return null;
}
