import type { ServerMessage } from '../../src-shared/contract';
import { waitFor, type TestClient } from './core-harness';

type Response = Extract<ServerMessage, { type: 'response' }>;

/** A method's outcome as the logbook and compliance handlers answer it. */
export interface Answer {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}

/** Sends one request and waits for its response (a socket-level error throws). */
export async function apiCall(client: TestClient, method: string, params: unknown = {}): Promise<Answer> {
  const id = client.request(method, params);
  const response = await waitFor(`response ${id} to ${method}`, () =>
    client.messages.find((m): m is Response => m.type === 'response' && m.id === id),
  );
  if (!response.ok)
    throw new Error(`${method}: socket error ${response.error.code} ${response.error.message}`);
  return response.result as Answer;
}

/** The value of a successful outcome; a refused one throws with its code. */
export async function apiValue<T>(client: TestClient, method: string, params: unknown = {}): Promise<T> {
  const answer = await apiCall(client, method, params);
  if (!answer.ok) throw new Error(`${method}: ${answer.error?.code} ${answer.error?.message}`);
  return answer.value as T;
}
