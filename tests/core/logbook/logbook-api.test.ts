import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../src-shared/contract';
import { apiCall, type Answer } from '../../support/api-calls';
import { startCore, TestClient, waitFor, type Harness } from '../../support/core-harness';
import { mairieSiteConfig } from '../../support/camera-config';

/**
 * The logbook as the renderer will reach it: through the core's real socket, every request
 * checked against the contract, every answer an outcome.
 */
let harness: Harness;
let client: TestClient;

beforeAll(async () => {
  harness = await startCore(mairieSiteConfig(), {
    logbook: { scrypt: { N: 1 << 10, r: 8, p: 1 }, backup: { enabled: false } },
  });
  client = await TestClient.connect(harness.endpoint);
});

afterAll(async () => {
  await client.close();
  await harness.close();
});

type Response = Extract<ServerMessage, { type: 'response' }>;

async function request(method: string, params: unknown): Promise<Response> {
  const id = client.request(method, params);
  return waitFor(`response ${id} to ${method}`, () =>
    client.messages.find((m): m is Response => m.type === 'response' && m.id === id),
  );
}

function result(method: string, params: unknown): Promise<Answer> {
  return apiCall(client, method, params);
}

describe('logbook over the core socket', () => {
  it('refuses writes without a logged-in operator, then works once one is', async () => {
    expect(await result('logbook.integrity', {})).toMatchObject({ ok: true, value: { state: 'ok' } });
    expect(await result('session.status', {})).toMatchObject({
      ok: true,
      value: { state: 'none', needsBootstrap: true, workstation: harness.core.workstation },
    });
    const draft = {
      observedAt: new Date().toISOString(),
      category: 'rixe',
      description: 'Rixe place de la Mairie',
      status: 'en cours',
    };
    expect(await result('logbook.create', draft)).toMatchObject({
      ok: false,
      error: { code: 'not-logged-in' },
    });
    expect(await result('shifts.open', {})).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });

    // Malformed params never reach a handler: the socket's own bad-request answers them.
    const malformed = await request('logbook.create', { ...draft, status: 'terminé' });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'bad-request' } });

    expect(
      await result('operators.bootstrapAdmin', { name: 'Ada Admin', badge: 'ADM1', pin: '2468' }),
    ).toMatchObject({ ok: true, value: { state: 'active', operator: { badge: 'ADM1' } } });
    expect(await result('shifts.open', {})).toMatchObject({ ok: true });
    const prefill = (await result('logbook.prefill', { cameraId: 'cam-012' })) as {
      value: { cameras: number[]; commune: string; observedAt: string };
    };
    expect(prefill.value).toMatchObject({ cameras: [12], commune: 'Vigieville' });
    // Every window gets the draft, so the main courante window opens it whichever window asked.
    const pushed = await waitFor('logbook-draft push', () =>
      client.messages.find((m) => m.type === 'logbook-draft'),
    );
    expect(pushed).toMatchObject({
      type: 'logbook-draft',
      draft: { ...prefill.value, cameraId: 'cam-012', draftId: expect.any(String) as string },
    });
    const created = await result('logbook.create', { ...draft, ...prefill.value });
    expect(created).toMatchObject({
      ok: true,
      value: { entry: { cameras: [12], author: { badge: 'ADM1' } } },
    });
    expect(await result('logbook.search', { preset: 'today', camera: 12 })).toMatchObject({
      ok: true,
      value: { total: 1 },
    });
    expect(harness.core.logbookService?.logbookStore?.chain.verify()).toMatchObject({ ok: true, records: 2 });
  });
});
