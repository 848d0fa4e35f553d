import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import type { ApiMethodName, ApiParams, ApiResult, CameraSummary } from '../../src-shared/contract';
import type { Bootstrap } from '../connection/bootstrap';
import { openBrowserSocket } from '../connection/browser-socket';
import {
  CoreConnection,
  RequestError,
  type ConnectionState,
  type WelcomeMessage,
} from '../connection/core-connection';

/** Methods answering an outcome envelope (every compliance and logbook method). */
type OutcomeMethod = {
  [M in ApiMethodName]: ApiResult<M> extends { ok: boolean } ? M : never;
}[ApiMethodName];

/** The value of a successful outcome. */
export type OutcomeValue<M extends OutcomeMethod> = Extract<ApiResult<M>, { ok: true }>['value'];

/** A refused or failed call, with the contract's code so the UI says it in French. */
export class AdminCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AdminCallError';
  }
}

/** Calls an outcome method and returns its value; throws AdminCallError with the code otherwise. */
export async function callOutcome<M extends OutcomeMethod>(
  connection: CoreConnection,
  method: M,
  params: ApiParams<M>,
): Promise<OutcomeValue<M>> {
  let result: ApiResult<M>;
  try {
    result = await connection.request(method, params);
  } catch (error) {
    if (error instanceof RequestError) throw new AdminCallError('network', error.message);
    throw error;
  }
  const outcome = result as
    { ok: true; value: OutcomeValue<M> } | { ok: false; error: { code: string; message: string } };
  if (!outcome.ok) throw new AdminCallError(outcome.error.code, outcome.error.message);
  return outcome.value;
}

/** What the admin window knows of its core connection. */
export interface AdminConnection {
  connection: CoreConnection;
  state: ConnectionState;
  welcome: WelcomeMessage | null;
  cameras: CameraSummary[];
}

/**
 * The window's own socket to the core, like the wall's: it opens when the app mounts and closes
 * when it unmounts (StrictMode's double mount included). The admin window watches no video; it
 * only calls the API, which the core checks against its permission table.
 */
export function useAdminConnection(bootstrap: Bootstrap): AdminConnection {
  const [state, setState] = useState<ConnectionState>('connecting');
  const [welcome, setWelcome] = useState<WelcomeMessage | null>(null);
  const connection = useMemo(
    () =>
      new CoreConnection({
        serverUrl: bootstrap.serverUrl,
        token: bootstrap.token,
        createSocket: openBrowserSocket,
        handlers: {
          onStateChange: (next) => setState(next),
          onWelcome: (message) => setWelcome(message),
          onStreamStatus: () => undefined,
        },
      }),
    [bootstrap],
  );
  useEffect(() => {
    connection.start();
    return () => connection.stop();
  }, [connection]);
  return { connection, state, welcome, cameras: welcome?.cameras ?? [] };
}

export const AdminConnectionContext = createContext<AdminConnection | null>(null);

/** The connection of the admin window (provided by AdminApp). */
export function useAdmin(): AdminConnection {
  const value = useContext(AdminConnectionContext);
  if (!value) throw new Error('useAdmin outside AdminApp');
  return value;
}

/** Offers bytes the core returned (base64) as a download in the browser. */
export function downloadBase64(base64: string, fileName: string, mime: string): void {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
