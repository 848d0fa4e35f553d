import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coreOptionsFromArgs } from '../../src-main/core/bootstrap';
import { ConfigError } from '../../src-main/core/config/load-config';

const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-bootstrap-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('coreOptionsFromArgs --video-transport', () => {
  // No config named: the built-in demo (no machine-wide file exists on a test machine).
  const saved = process.env.VIGIE_CONFIG;
  beforeEach(() => {
    process.env.VIGIE_CONFIG = '';
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.VIGIE_CONFIG;
    else process.env.VIGIE_CONFIG = saved;
  });

  it('overrides the site transport of the built-in demo, leaving it as is without the flag', () => {
    const plain = coreOptionsFromArgs({ demo: 2, dataDir });
    expect(plain.config.video?.transport ?? 'mpeg1').toBe('mpeg1');
    const h264 = coreOptionsFromArgs({ demo: 2, dataDir, videoTransport: 'h264' });
    expect(h264.config.video?.transport).toBe('h264');
    expect(h264.config.demo?.count).toBe(2);
  });

  it('refuses an unknown transport with a ConfigError naming the flag', () => {
    expect(() => coreOptionsFromArgs({ demo: 2, dataDir, videoTransport: 'vp9' })).toThrow(ConfigError);
    expect(() => coreOptionsFromArgs({ demo: 2, dataDir, videoTransport: 'vp9' })).toThrow(/video-transport/);
  });
});
