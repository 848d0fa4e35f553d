import type {
  ApiMethodName,
  ApiParams,
  ApiResult,
  ErrorParams,
  LogbookErrorCode,
  LogbookIssue,
} from '../../../src-shared/contract';
import { RequestError, type CoreConnection } from './core-connection';

/**
 * The API methods that answer an outcome envelope (`{ ok, value } | { ok: false, error }`):
 * since protocol 3, every method of the contract.
 */
export type OutcomeMethod = {
  [M in ApiMethodName]: ApiResult<M> extends { ok: boolean } ? M : never;
}[ApiMethodName];

/** What an outcome method answers when it succeeds. */
export type OutcomeValue<M extends OutcomeMethod> = Extract<ApiResult<M>, { ok: true }>['value'];

/**
 * Why something failed, as the UI tells it: the core's own codes, plus `connection` when the
 * answer never came (socket down, timeout), in which case nobody knows whether the write
 * happened (the logbook's clientRef makes its retry safe).
 */
export type UiErrorCode = LogbookErrorCode | 'connection';

/** A failed call, with the code each app turns into a French sentence. */
export interface UiError {
  code: UiErrorCode;
  /** The core's (or the socket's) English message: for IT, shown small or as a detail. */
  message: string;
  /** Which case of the code, and the values its French sentence quotes (shared/i18n/refusals). */
  reason?: string;
  params?: ErrorParams;
  issues?: LogbookIssue[];
  /** Page time (Date.now()) the refusal arrived: a countdown in it counts from then. */
  receivedAt?: number;
  /**
   * Set only when the core's answer never came or could not be read (the socket's reason):
   * the admin window says "the server does not answer" for all of these, whatever `code` is.
   */
  transport?: RequestError['code'];
}

/** Every outcome call answers this; nothing throws. */
export type UiOutcome<T> = { ok: true; value: T } | { ok: false; error: UiError };

/**
 * The one door from an app's controller to the core, for outcome methods. `Methods` narrows
 * what an app may call (the logbook's client only knows the logbook's methods); tests give a
 * fake implementing the same interface.
 */
export interface ResultClient<Methods extends OutcomeMethod = OutcomeMethod> {
  call<M extends Methods>(method: M, params: ApiParams<M>): Promise<UiOutcome<OutcomeValue<M>>>;
}

/** The socket-level reasons a request fails, mapped to what the operator is told. */
function requestErrorCode(code: unknown): UiErrorCode {
  if (code === 'bad-request') return 'invalid';
  if (code === 'invalid-result' || code === 'internal' || code === 'not-found') return 'internal';
  return 'connection';
}

/**
 * A client over the window's CoreConnection. Every outcome method already answers a result;
 * this folds the socket's own failures (never sent, no answer, malformed) into the same shape,
 * so every caller has exactly one error path, and never throws. Used by the logbook and the
 * administration windows alike.
 */
export function connectionClient(connection: Pick<CoreConnection, 'request'>): ResultClient {
  return {
    async call<M extends OutcomeMethod>(method: M, params: ApiParams<M>) {
      try {
        const outcome = await connection.request(method, params);
        return outcome.ok ? outcome : { ok: false, error: { ...outcome.error, receivedAt: Date.now() } };
      } catch (error) {
        const failure: UiError = {
          code: requestErrorCode((error as { code?: unknown }).code),
          message: error instanceof Error ? error.message : String(error),
        };
        if (error instanceof RequestError) failure.transport = error.code;
        return { ok: false, error: failure };
      }
    },
  };
}
