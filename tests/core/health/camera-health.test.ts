import { createServer } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthSummary } from '../../../src-shared/contract';
import { DemoFleet } from '../../../src-main/core/demo/demo-fleet';
import { AvailabilityStore, localDay } from '../../../src-main/core/health/availability-store';
import { authorizationFor, parseChallenges } from '../../../src-main/core/health/rtsp-auth';
import { probeRtsp } from '../../../src-main/core/health/rtsp-probe';
import { ask, startCore, TestClient, waitFor, type Harness } from '../../support/core-harness';
import { demoSpec, testCamera as camera } from '../../support/camera-config';
import { freePort } from '../../support/free-port';

/** Every file under `dir`, recursively (the log, the availability database…). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

const TIMEOUTS = { connectMs: 2000, deadlineMs: 3000 };

describe('camera health against the real RTSP server, broken on purpose', () => {
  let fleet: DemoFleet;
  let victim: DemoFleet | null = null;
  let harness: Harness;
  let victimPort: number;
  let closedPort: number;
  let base: string;
  let auth: string;

  const summary = (): HealthSummary => harness.core.cameraHealth!.service.summary();
  const stateOf = (id: string) =>
    summary().cameras.find((c) => c.cameraId === id) ?? { state: 'up' as const };

  beforeAll(async () => {
    fleet = new DemoFleet([
      demoSpec('ok-1'),
      demoSpec('locked', { auth: { username: 'vigie', password: 'right-pass' } }),
    ]);
    const ports = await fleet.start();
    base = `rtsp://127.0.0.1:${ports.port}`;
    auth = `rtsp://127.0.0.1:${ports.authPort}`;
    victimPort = await freePort();
    closedPort = await freePort();
    victim = new DemoFleet([demoSpec('victim')], { port: victimPort });
    await victim.start();
    harness = await startCore({
      version: 1,
      cameras: [
        camera('ok-1', 1, `${base}/ok-1`),
        camera('victim', 2, `rtsp://127.0.0.1:${victimPort}/victim`),
        camera('locked-wrong', 3, `${auth}/locked`, {
          credentials: { username: 'vigie', password: 'wrong-pass' },
        }),
        camera('locked-right', 4, `${auth}/locked`, {
          credentials: { username: 'vigie', password: 'right-pass' },
        }),
        camera('closed', 5, `rtsp://127.0.0.1:${closedPort}/nothing`),
        camera('missing', 6, `${base}/no-such-stream`),
      ],
    });
  });
  afterAll(async () => {
    await victim?.stop();
    await fleet?.stop();
    await harness?.close();
  });

  it('tells each fault apart: refused credentials, a closed port, a missing stream; good cameras are up', async () => {
    await waitFor('first verdicts', () => summary().unknown === 0, 20_000);
    const s = summary();
    expect(s.total).toBe(6);
    expect(s.up).toBe(3);
    expect(stateOf('locked-wrong')).toMatchObject({ state: 'down', reason: 'credentials', status: 401 });
    expect(stateOf('closed')).toMatchObject({ state: 'down', reason: 'refused' });
    expect(stateOf('missing')).toMatchObject({ state: 'down', reason: 'not-found', status: 404 });
    expect(stateOf('locked-right').state).toBe('up');
    // Down cameras are listed, oldest first, with since and why; no URL or secret in the summary.
    expect(JSON.stringify(s)).not.toMatch(/rtsp:|pass/);
  });

  it('pre-fills a "panne caméra" entry with what the probe knows: since when and why', async () => {
    await waitFor('first verdicts', () => summary().unknown === 0, 20_000);
    const client = await TestClient.connect(harness.endpoint);
    const down = await ask(client, 'logbook.prefill', { cameraId: 'missing', fault: true });
    const prefill = (down.ok ? down.result : null) as { ok: boolean; value?: { fault: unknown } } | null;
    const missing = summary().cameras.find((camera) => camera.cameraId === 'missing');
    expect(prefill?.value?.fault).toEqual({
      since: missing?.since,
      reason: 'not-found',
      stream: 'main',
    });
    // An up camera: the operator still logs what they see; the core claims no outage.
    const up = await ask(client, 'logbook.prefill', { cameraId: 'locked-right', fault: true });
    expect(up.ok ? up.result : null).toMatchObject({
      ok: true,
      value: { fault: { reason: null } },
    });
    // A plain "log this" carries no fault.
    const plain = await ask(client, 'logbook.prefill', { cameraId: 'missing' });
    expect(plain.ok ? plain.result : null).toMatchObject({ ok: true, value: { fault: null } });
    await client.close();
  });

  it('a camera killed while nobody watches it is down within 30 s, and up within 30 s of its return', async () => {
    await waitFor('victim up', () => stateOf('victim').state === 'up', 20_000);
    await victim!.stop();
    const killedAt = Date.now();
    await waitFor('victim down', () => stateOf('victim').state === 'down', 30_000);
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    expect(stateOf('victim')).toMatchObject({ reason: 'refused' });
    victim = new DemoFleet([demoSpec('victim')], { port: victimPort });
    await victim.start();
    const backAt = Date.now();
    await waitFor('victim up again', () => stateOf('victim').state === 'up', 30_000);
    expect(Date.now() - backAt).toBeLessThan(30_000);
    // Its outage is in today's availability, below 100 % and above 0.
    const today = localDay(Date.now());
    const day = harness.core
      .cameraHealth!.service.availability(today, today)!
      .find((d) => d.cameraId === 'victim');
    expect(day?.outages).toBe(1);
    expect(day?.percent).toBeGreaterThan(0);
    expect(day?.percent).toBeLessThan(100);
  }, 90_000);

  it('answers Basic with the relay credentials, refuses wrong ones, and never logs them', async () => {
    expect(await probeRtsp(`rtsp://vigie:right-pass@${auth.slice(7)}/locked`, TIMEOUTS)).toMatchObject({
      ok: true,
    });
    const wrong = await probeRtsp(`rtsp://vigie:wrong-pass@${auth.slice(7)}/locked`, TIMEOUTS);
    expect(wrong).toMatchObject({ ok: false, reason: 'credentials', status: 401 });
    expect(JSON.stringify(wrong)).not.toContain('wrong-pass');
    for (const file of filesUnder(harness.dataDir)) {
      const text = readFileSync(file).toString('latin1');
      expect(text, file).not.toMatch(/right-pass|wrong-pass|vigie:[^@\s]*@/);
    }
  });

  it('a burst of summary calls from a window is answered, each the same valid shape', async () => {
    const client = await TestClient.connect(harness.endpoint);
    const answers = await Promise.all(Array.from({ length: 200 }, () => ask(client, 'health.summary', {})));
    for (const answer of answers) expect(answer).toMatchObject({ ok: true, result: { ok: true } });
    const first = answers[0]!;
    expect(first.ok && (first.result as { value: HealthSummary }).value.total).toBe(6);
    // Availability is for chefs de salle: nobody is logged in here.
    const refused = await ask(client, 'health.export', { from: '2026-01-01', to: '2026-01-02' });
    expect(refused.ok && (refused.result as { ok: boolean; error?: { code: string } }).error?.code).toBe(
      'not-logged-in',
    );
    await client.close();
  });

  it('a timeout is reported as such (a port that accepts and never answers)', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const outcome = await probeRtsp(`rtsp://127.0.0.1:${port}/x`, { connectMs: 1000, deadlineMs: 1500 });
    silent.close();
    expect(outcome).toMatchObject({ ok: false, reason: 'timeout' });
  });
});

describe('availability per day', () => {
  it('counts known time only and survives a restart of the store', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigie-health-'));
    const file = path.join(dir, 'availability.sqlite');
    try {
      const day = '2026-03-10';
      const at = (h: number) => new Date(2026, 2, 10, h).getTime();
      let store = new AvailabilityStore(file);
      store.transition('cam', 'up', null, at(0));
      store.transition('cam', 'down', 'refused', at(6));
      store.heartbeat(at(8));
      // The core dies at 08:00 (last heartbeat); it starts again at 12:00.
      store.close();
      store = new AvailabilityStore(file);
      store.transition('cam', 'up', null, at(12));
      store.closeAll(at(24));
      store.close();
      store = new AvailabilityStore(file);
      const [result] = store.availability(['cam'], day, day, at(30));
      store.close();
      // Known: 0–8 h and 12–24 h = 20 h, of which 18 h up.
      expect(result).toMatchObject({ day, upSeconds: 18 * 3600, downSeconds: 2 * 3600, outages: 1 });
      expect(result?.percent).toBe(90);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Digest authentication', () => {
  it('answers the RFC 2617 example challenge with its published response', () => {
    const [challenge] = parseChallenges([
      'Basic realm="x"',
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    ]);
    expect(challenge?.scheme).toBe('digest');
    const header = authorizationFor(
      challenge!,
      { username: 'Mufasa', password: 'Circle Of Life' },
      'GET',
      '/dir/index.html',
      1,
      '0a4f113b',
    );
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(header).toContain('nc=00000001');
  });
});
