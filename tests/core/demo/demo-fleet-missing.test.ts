import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoFleet, DemoFleetError } from '../../../src-main/core/demo/demo-fleet';
import { startCore, TestClient, waitFor, type Harness } from '../../support/core-harness';
import { gstreamerWithout, type GstreamerWithout } from '../../support/gstreamer-without';

/**
 * A machine without gstreamer1.0-x (the pango plugin: textoverlay, clockoverlay), simulated by
 * hiding libgstpango.so from GStreamer. The demo server must name what is missing and where it
 * comes from, and the core must say so in its log and to every window, instead of a server that
 * answers 503 and tiles that say "Erreur inconnue".
 */
describe('demo fleet on a machine lacking a GStreamer plugin', () => {
  let gst: GstreamerWithout;

  beforeAll(() => {
    gst = gstreamerWithout('libgstpango.so');
  });
  afterAll(() => gst?.cleanup());

  it('refuses to start, naming the elements, the plugin and the Debian package', async () => {
    const fleet = new DemoFleet(
      [{ path: 'a', label: 'A', width: 320, height: 180, fps: 10, codec: 'h264' }],
      {
        env: gst.env,
      },
    );
    const error = await fleet.start().then(
      () => null,
      (reason: unknown) => reason,
    );
    await fleet.stop();
    expect(error).toBeInstanceOf(DemoFleetError);
    const failure = error as DemoFleetError;
    expect(failure.missing.map((entry) => entry.element)).toEqual(['textoverlay', 'clockoverlay']);
    expect(new Set(failure.missing.map((entry) => entry.package))).toEqual(new Set(['gstreamer1.0-x']));
    expect(failure.message).toContain(
      'textoverlay, clockoverlay (GStreamer plugin pango, Debian package gstreamer1.0-x)',
    );
    expect(failure.message).toContain('apt-get install gstreamer1.0-x');
  });

  it('still starts cameras that need no hidden element (only the missing one matters)', async () => {
    // A stamping camera uses appsrc and videoconvert, no text overlay.
    const fleet = new DemoFleet(
      [{ path: 'stamp', label: '', width: 320, height: 180, fps: 10, codec: 'h264', stamp: true }],
      { env: gst.env },
    );
    try {
      const ports = await fleet.start();
      expect(ports.port).toBeGreaterThan(0);
    } finally {
      await fleet.stop();
    }
  });

  describe('the core', () => {
    let harness: Harness;
    let client: TestClient;

    beforeAll(async () => {
      harness = await startCore({ version: 1, demo: { count: 2 } }, { demoFleet: { env: gst.env } });
      client = await TestClient.connect(harness.endpoint);
    });
    afterAll(async () => {
      await client?.close();
      await harness?.close();
    });

    it('keeps running and logs which element is missing and which package provides it', async () => {
      const response = await fetch(`${harness.endpoint.origin}/api/health?token=${harness.endpoint.token}`);
      expect(response.status).toBe(200);
      const log = readFileSync(path.join(harness.dataDir, 'logs', 'vigie.log'), 'utf8');
      expect(log).toMatch(/demo fleet unavailable: .*missing GStreamer textoverlay, clockoverlay/);
      expect(log).toContain('Debian package gstreamer1.0-x');
    });

    it('tells every window in its welcome, as codes and names the renderer turns into French', async () => {
      const welcome = await waitFor('the welcome', () =>
        client.messages.find((message) => message.type === 'welcome'),
      );
      expect(welcome.type === 'welcome' && welcome.problems).toEqual([
        {
          code: 'demo-missing-elements',
          elements: ['textoverlay', 'clockoverlay'],
          plugins: ['pango'],
          packages: ['gstreamer1.0-x'],
        },
      ]);
      expect(welcome.type === 'welcome' && welcome.cameras.map((camera) => camera.id)).toEqual([
        'demo-1',
        'demo-2',
      ]);
    });

    it('reports a watched demo camera as demo-unavailable, without spawning ffmpeg for it', async () => {
      client.watch(1, 'demo-1');
      const status = await waitFor('a demo-unavailable status', () => {
        const last = client.lastStatus('demo-1');
        return last?.reason === 'demo-unavailable' ? last : undefined;
      });
      expect(status.state).toBe('reconnecting');
      expect(status.pid).toBeNull();
      const sources = (await (
        await fetch(`${harness.endpoint.origin}/api/sources?token=${harness.endpoint.token}`)
      ).json()) as { pid: number | null }[];
      expect(sources.length).toBeGreaterThan(0);
      expect(sources.every((source) => source.pid === null)).toBe(true);
      expect(client.bytes(1)).toBe(0);
    });
  });
});
