import type { z } from 'zod';
import type { ApiErrorCodeSchema } from '../../../src-shared/contract';

export type ApiErrorCode = z.infer<typeof ApiErrorCodeSchema>;

/**
 * A refusal a handler of a plain (non-outcome) method answers on purpose: the socket replies
 * with its code and message (e.g. `not-found` for a camera that does not exist) instead of
 * `internal`, and the log gets one line without a stack. A stack means a bug to investigate;
 * a renderer asking for an unknown camera is not one, and must not look like one to IT.
 */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}
