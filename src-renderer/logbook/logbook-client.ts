import type {
  ApiParams,
  ApiResult,
  LogbookApiMethods,
  LogbookErrorCode,
  LogbookIssue,
} from '../../src-shared/contract';
import type { CoreConnection } from '../connection/core-connection';

/** A main courante method of the API. */
export type LogbookMethod = keyof typeof LogbookApiMethods;
/** What a logbook method answers when it succeeds. */
export type LogbookValue<M extends LogbookMethod> = Extract<ApiResult<M>, { ok: true }>['value'];

/**
 * Why something failed, as the UI tells it: the core's own codes, plus `connection` when the
 * answer never came (socket down, timeout), in which case nobody knows whether the write
 * happened, and the draft's clientRef makes the retry safe.
 */
export type UiErrorCode = LogbookErrorCode | 'connection';
export interface UiError {
  code: UiErrorCode;
  message: string;
  issues?: LogbookIssue[];
}
export type UiOutcome<T> = { ok: true; value: T } | { ok: false; error: UiError };

/** The one door from the main courante UI to the core; tests give a fake. */
export interface LogbookClient {
  call<M extends LogbookMethod>(method: M, params: ApiParams<M>): Promise<UiOutcome<LogbookValue<M>>>;
}

/** The socket-level reasons a request fails, mapped to what the operator is told. */
function requestErrorCode(code: unknown): UiErrorCode {
  if (code === 'bad-request') return 'invalid';
  if (code === 'invalid-result' || code === 'internal' || code === 'not-found') return 'internal';
  return 'connection';
}

/**
 * A client over the window's CoreConnection. Every logbook method already answers an outcome;
 * this folds the socket's own failures (never sent, no answer, malformed) into the same shape,
 * so every caller has exactly one error path, and never throws.
 */
export function connectionClient(connection: Pick<CoreConnection, 'request'>): LogbookClient {
  return {
    async call<M extends LogbookMethod>(method: M, params: ApiParams<M>) {
      try {
        const result = (await connection.request(method, params)) as UiOutcome<LogbookValue<M>>;
        return result;
      } catch (error) {
        const code = requestErrorCode((error as { code?: unknown }).code);
        return {
          ok: false,
          error: { code, message: error instanceof Error ? error.message : String(error) },
        };
      }
    },
  };
}
