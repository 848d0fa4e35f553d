import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../src-shared/contract';
import { apiCall, apiValue, type Answer } from '../../support/api-calls';
import { startCore, TestClient, type Harness } from '../../support/core-harness';

/**
 * PIN guessing against the real core, as an attacker with the station's token would: hundreds of
 * `session.login` calls sent at once on one socket, then a restart of the core, then many badges.
 * Today's defence must hold whatever the concurrency: at most five PIN checks per badge before
 * the back-off, a back-off that survives the restart, and a workstation-wide pause.
 */
const CORRECT = '2468';
const config = { version: 1, site: { name: 'CSU Test' }, cameras: [] };
const overrides = (dataDir: string) => ({
  dataDir,
  logbook: { scrypt: { N: 1 << 10, r: 8, p: 1 }, backup: { enabled: false } },
  compliance: { audit: { flushDelayMs: 10 }, service: { purge: { enabled: false } } },
});

let dataDir: string;
let harness: Harness;
let client: TestClient;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-attack-login-'));
  harness = await startCore(config, overrides(dataDir));
  client = await TestClient.connect(harness.endpoint);
  await apiValue(client, 'operators.bootstrapAdmin', { name: 'Ada Admin', badge: 'ADM1', pin: CORRECT });
  await apiValue(client, 'operators.add', { name: 'Otto Opé', badge: 'OP1', role: 'operator', pin: '1357' });
  await apiValue(client, 'session.logout', {});
});

afterAll(async () => {
  await client?.close();
  await harness?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function codes(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const code = answer.ok ? 'ok' : (answer.error?.code ?? '?');
    counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

describe('PIN guessing', () => {
  let sent = 0;

  it('bursts of 400 logins for one badge get 5 PIN checks in all before the back-off', async () => {
    let checked = 0;
    for (let wave = 0; wave < 10; wave += 1) {
      const answers = await Promise.all(
        Array.from({ length: 400 }, (_, i) =>
          apiCall(client, 'session.login', { badge: 'ADM1', pin: String(1000 + i) }),
        ),
      );
      sent += answers.length;
      const counts = codes(answers);
      expect(counts.ok ?? 0).toBe(0);
      expect((counts['bad-credentials'] ?? 0) + (counts['too-many-attempts'] ?? 0)).toBe(400);
      checked += counts['bad-credentials'] ?? 0;
      if (!counts['bad-credentials']) break;
    }
    expect(checked).toBe(5);
    // The right PIN, sent alone afterwards, is refused: the badge is backing off.
    expect(await apiCall(client, 'session.login', { badge: 'ADM1', pin: CORRECT })).toMatchObject({
      ok: false,
      error: { code: 'too-many-attempts' },
    });
    sent += 1;
  });

  it('every refused attempt is in the audit trail', () => {
    const audit = harness.core.complianceLayer?.audit;
    audit?.flush();
    const events = audit?.auditStore?.query({ actions: ['session.login-failed'] }, 50_000).events ?? [];
    expect(sent).toBeGreaterThan(400);
    expect(events.filter((event: AuditEvent) => event.details.badge === 'ADM1')).toHaveLength(sent);
  });

  it('the back-off survives a restart of the core', async () => {
    await client.close();
    await harness.close();
    harness = await startCore(config, overrides(dataDir));
    client = await TestClient.connect(harness.endpoint);
    expect(await apiCall(client, 'session.login', { badge: 'ADM1', pin: CORRECT })).toMatchObject({
      ok: false,
      error: { code: 'too-many-attempts' },
    });
  });

  it('wrong PINs spread over many badges pause every login, a never-tried badge included', async () => {
    const badges = Array.from({ length: 30 }, (_, i) => `X${i}`);
    const answers: Answer[] = [];
    for (const badge of badges) answers.push(await apiCall(client, 'session.login', { badge, pin: '0000' }));
    const counts = codes(answers);
    // 20 failures a minute over the workstation (the burst above counts too), then a pause.
    expect(counts['bad-credentials']).toBeGreaterThan(0);
    expect(counts['bad-credentials']).toBeLessThan(20);
    expect(answers.slice(-10).map((answer) => answer.error?.code)).toEqual(
      Array(10).fill('too-many-attempts'),
    );
    expect(await apiCall(client, 'session.login', { badge: 'OP1', pin: '1357' })).toMatchObject({
      ok: false,
      error: { code: 'too-many-attempts' },
    });
  });
});
