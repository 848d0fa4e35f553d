import { describe, expect, it } from 'vitest';
import { demoConfig, validateConfig } from '../../../src-main/core/config/load-config';
import { configProblems } from '../../support/config-problems';
import { machineConfigPath, resolveConfigPath } from '../../../src-main/core/config/paths';

const camera = {
  id: 'cam-12',
  number: 12,
  name: 'Place Masséna',
  commune: 'Nice',
  zone: 'Centre',
  kind: 'security',
  rtsp: { main: 'rtsp://10.0.0.12:554/stream1', sub: 'rtsp://10.0.0.12:554/stream2' },
  credentials: { username: 'viewer', password: 'x' },
};

describe('config schema', () => {
  it('accepts a real camera with a sub-stream, credentials and a workstation layout', () => {
    const config = validateConfig(
      {
        version: 1,
        site: { name: 'CSU Métropole' },
        cameras: [camera],
        workstations: {
          'poste-3': { displays: [{ display: 1, layout: { columns: 1, rows: 1, tiles: ['cam-12'] } }] },
        },
      },
      'test.json',
    );
    expect(config.cameras[0]?.rtsp.sub).toBe('rtsp://10.0.0.12:554/stream2');
    expect(config.workstations['poste-3']?.displays[0]?.layout?.tiles).toEqual(['cam-12']);
  });

  it('refuses credentials inside the URL, so they never travel with it', () => {
    expect(
      configProblems({ version: 1, cameras: [{ ...camera, rtsp: { main: 'rtsp://a:b@10.0.0.1/s' } }] }),
    ).toEqual(['cameras[0].rtsp.main: credentials must go in "credentials", not in the URL']);
  });

  it('names every bad field with its path', () => {
    const found = configProblems({
      version: 1,
      cameras: [camera, { ...camera, id: 'cam-12', kind: 'ptz', rtsp: { main: 'http://x' } }],
    });
    expect(found).toContain('cameras[1].kind: Invalid option: expected one of "security"|"traffic"');
    expect(found).toContain('cameras[1].rtsp.main: expected an rtsp:// URL with a host');
  });

  it('catches duplicates, demo clashes and layouts naming unknown cameras', () => {
    const found = configProblems({
      version: 1,
      cameras: [camera, { ...camera, id: 'cam-13' }, { ...camera, id: 'demo-1', number: 99 }],
      demo: { count: 2, firstNumber: 12 },
      workstations: {
        default: {
          displays: [
            { display: 1, layout: { columns: 2, rows: 1, tiles: ['demo-2', 'cam-99'] } },
            { display: 1 },
          ],
        },
      },
    });
    expect(found).toEqual(
      expect.arrayContaining([
        'cameras[1].number: duplicate camera number 12 (also cameras[0])',
        'cameras[2].id: "demo-1" is reserved for the demo fleet',
        'cameras[1].number: number 12 is taken by demo camera demo-1 (set demo.firstNumber)',
        'workstations.default.displays[0].layout.tiles[1]: unknown camera id "cam-99"',
        'workstations.default.displays[1].display: display 1 is configured twice',
      ]),
    );
  });

  it('refuses a layout with more tiles than cells', () => {
    expect(
      configProblems({
        version: 1,
        demo: { count: 3 },
        workstations: {
          default: {
            displays: [{ display: 1, layout: { columns: 1, rows: 1, tiles: ['demo-1', 'demo-2'] } }],
          },
        },
      }),
    ).toEqual(['workstations.default.displays[0].layout.tiles: more tiles than cells in the grid']);
  });

  it('builds the demo config used when no file exists', () => {
    expect(demoConfig(8)).toMatchObject({ version: 1, demo: { count: 8, firstNumber: 1 }, cameras: [] });
  });
});

describe('config location', () => {
  it('is machine-wide per OS', () => {
    expect(machineConfigPath('linux', {})).toBe('/etc/vigie/config.json');
    expect(machineConfigPath('win32', { PROGRAMDATA: 'C:\\ProgramData' })).toBe(
      'C:\\ProgramData\\Vigie\\config.json',
    );
  });

  it('is overridden by --config, then VIGIE_CONFIG', () => {
    expect(resolveConfigPath('/tmp/a.json', { VIGIE_CONFIG: '/tmp/b.json' }, 'linux')).toEqual({
      file: '/tmp/a.json',
      explicit: true,
    });
    expect(resolveConfigPath(undefined, { VIGIE_CONFIG: '/tmp/b.json' }, 'linux')).toEqual({
      file: '/tmp/b.json',
      explicit: true,
    });
    expect(resolveConfigPath(undefined, {}, 'linux')).toEqual({
      file: '/etc/vigie/config.json',
      explicit: false,
    });
  });
});
