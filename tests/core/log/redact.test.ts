import { afterEach, describe, expect, it } from 'vitest';
import { CameraRegistry } from '../../../src-main/core/cameras/camera-registry';
import { clearSecrets, redact } from '../../../src-main/core/log/redact';
import { testCamera } from '../../support/camera-config';

afterEach(() => clearSecrets());

describe('redact', () => {
  it('masks URL credentials, tokens and bearer headers', () => {
    expect(redact('opening rtsp://admin:s3cr3t@10.0.0.5:554/Streaming/101')).toBe(
      'opening rtsp://***@10.0.0.5:554/Streaming/101',
    );
    expect(redact('GET /?token=abcDEF123-_&display=2')).toBe('GET /?token=***&display=2');
    expect(redact('Authorization: Bearer abc.def')).toBe('Authorization: Bearer ***');
  });

  it('masks a camera password wherever ffmpeg echoes it, raw or URL-encoded', () => {
    const registry = new CameraRegistry([
      testCamera('c1', 1, 'rtsp://10.0.0.5/s', { credentials: { username: 'op', password: 'p@ss w0rd' } }),
    ]);
    const url = registry.sourceUrl('c1', 'grid');
    expect(url).toBe('rtsp://op:p%40ss%20w0rd@10.0.0.5/s');
    expect(redact(`ffmpeg -i ${url}`)).toBe('ffmpeg -i rtsp://***@10.0.0.5/s');
    expect(redact('auth failed for p@ss w0rd and p%40ss%20w0rd')).toBe('auth failed for *** and ***');
    expect(JSON.stringify(registry.summaries())).not.toContain('w0rd');
    expect(JSON.stringify(registry.summaries())).not.toContain('rtsp');
  });

  it('uses the sub-stream for grid when the camera has one', () => {
    const registry = new CameraRegistry([
      {
        id: 'c2',
        number: 2,
        name: 'Port',
        commune: 'Nice',
        zone: 'Port',
        kind: 'traffic',
        rtsp: { main: 'rtsp://10.0.0.6/main', sub: 'rtsp://10.0.0.6/sub' },
      },
    ]);
    expect(registry.sourceUrl('c2', 'grid')).toBe('rtsp://10.0.0.6/sub');
    expect(registry.sourceUrl('c2', 'full')).toBe('rtsp://10.0.0.6/main');
  });
});
