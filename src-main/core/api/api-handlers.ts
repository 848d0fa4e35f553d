import type { ApiMethodName, ApiParams, ApiResult } from '../../../src-shared/contract';

/**
 * Handlers for the typed API, one per contract method; each receives params already validated
 * against the contract. Services build their part, the permission guard wraps them all, the
 * socket calls them: it lives on the plumbing floor so none of those imports another for it.
 */
export type ApiHandlers = {
  [M in ApiMethodName]: (params: ApiParams<M>) => ApiResult<M> | Promise<ApiResult<M>>;
};
