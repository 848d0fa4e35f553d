import { describe, expect, it } from 'vitest';
import { ApiMethods, type ApiMethodName, type OperatorRole } from '../../../src-shared/contract';
import {
  answersOutcomes,
  checkAccess,
  guardApi,
  type Refusal,
  type WorkstationSession,
} from '../../../src-main/core/permissions/guarded-api';
import { PERMISSIONS } from '../../../src-main/core/permissions/permission-table';
import type { ApiHandlers } from '../../../src-main/core/api/api-handlers';

const methods = Object.keys(ApiMethods) as ApiMethodName[];

function as(role: OperatorRole, state: WorkstationSession['state'] = 'active'): WorkstationSession {
  return { state, actor: { id: 7, badge: 'X7', name: 'Xavier', role } };
}

const allowed = (method: ApiMethodName, role: OperatorRole): boolean =>
  checkAccess(PERMISSIONS[method], as(role)) === null;

describe('the permission table', () => {
  it('decides for every method of the contract, and restricted ones can answer a typed refusal', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...methods].sort());
    for (const method of methods) {
      if (PERMISSIONS[method] !== 'public') expect(answersOutcomes(method), method).toBe(true);
    }
  });

  it('keeps operators away from masks, config, taxonomy, operators, the audit and retention', () => {
    for (const method of [
      'masks.set',
      'masks.still',
      'masks.list',
      'retention.set',
      'retention.purge',
      'retention.get',
      'logbook.taxonomyAdd',
      'logbook.taxonomySetActive',
      'operators.add',
      'operators.setActive',
      'audit.query',
      'audit.export',
      'register.create',
      'logbook.export',
    ] as const) {
      expect(allowed(method, 'operator'), method).toBe(false);
    }
    for (const method of ['logbook.create', 'shifts.open', 'logbook.search', 'operators.setPin'] as const) {
      expect(allowed(method, 'operator'), method).toBe(true);
    }
  });

  it('lets the room chief read the audit and keep the register, but not manage masks, operators or retention', () => {
    for (const method of [
      'audit.query',
      'audit.export',
      'audit.verify',
      'register.create',
      'register.export',
    ] as const) {
      expect(allowed(method, 'chef de salle'), method).toBe(true);
    }
    for (const method of [
      'masks.set',
      'retention.set',
      'retention.purge',
      'operators.add',
      'operators.setActive',
    ] as const) {
      expect(allowed(method, 'chef de salle'), method).toBe(false);
    }
  });

  it('lets an admin call everything', () => {
    for (const method of methods) expect(allowed(method, 'admin'), method).toBe(true);
  });

  it('asks for a login, then for the PIN of a locked session, before looking at the role', () => {
    expect(checkAccess(PERMISSIONS['audit.query'], { state: 'none', actor: null })).toMatchObject({
      code: 'not-logged-in',
    });
    expect(checkAccess(PERMISSIONS['audit.query'], as('admin', 'locked'))).toMatchObject({
      code: 'session-locked',
    });
    expect(checkAccess(PERMISSIONS['wall.get'], { state: 'none', actor: null })).toBeNull();
  });
});

describe('guardApi', () => {
  function harness(session: WorkstationSession, answer: unknown = { ok: true, value: [] }) {
    const denied: { method: string; refusal: Refusal }[] = [];
    const completed: string[] = [];
    const ran: string[] = [];
    const handlers = Object.fromEntries(
      methods.map((method) => [
        method,
        () => {
          ran.push(method);
          return answer;
        },
      ]),
    ) as unknown as ApiHandlers;
    const api = guardApi(handlers, {
      session: () => Promise.resolve(session),
      observer: {
        sessionSeen: () => undefined,
        denied: (method, refusal) => denied.push({ method, refusal }),
        completed: (method) => completed.push(method),
      },
    });
    return { api, denied, completed, ran };
  }

  it('refuses before the handler runs, answers a typed outcome and reports the refusal', async () => {
    const { api, denied, ran } = harness(as('operator'));
    const answer = await api['masks.set']({ cameraId: 'cam-1', masks: [] });
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message: expect.stringMatching(/admin/) as string,
        // The roles allowed, for the window's French sentence.
        params: { roles: 'admin' },
      },
    });
    expect(ran).toEqual([]);
    expect(denied).toEqual([
      {
        method: 'masks.set',
        refusal: expect.objectContaining({ code: 'forbidden', by: 'table' }) as Refusal,
      },
    ]);
  });

  it('lets allowed calls through and reports a handler rule refusing on its target', async () => {
    const { api, denied, completed } = harness(as('operator'), {
      ok: false,
      error: { code: 'forbidden', message: "only an admin sets another operator's PIN" },
    });
    await api['operators.setPin']({ badge: 'B2', newPin: '1234' });
    expect(completed).toEqual(['operators.setPin']);
    expect(denied).toMatchObject([
      { method: 'operators.setPin', refusal: { by: 'rule', code: 'forbidden' } },
    ]);
  });

  it('never asks for a session on public methods', async () => {
    let asked = 0;
    const api = guardApi(
      Object.fromEntries(methods.map((m) => [m, () => ({ display: 1 })])) as unknown as ApiHandlers,
      {
        session: () => {
          asked += 1;
          return Promise.resolve({ state: 'none', actor: null });
        },
        observer: { sessionSeen: () => undefined, denied: () => undefined, completed: () => undefined },
      },
    );
    await api['wall.get']({ display: 1 });
    await api['spot.send']({ display: 1, cameraId: 'c' });
    expect(asked).toBe(0);
  });
});
