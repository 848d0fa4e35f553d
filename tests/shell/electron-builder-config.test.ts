import { existsSync, readdirSync, readFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'app-builder-lib';
import { FileMatcher } from 'app-builder-lib/out/fileMatcher';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { electronNativeDir, SQLITE_ADDON_FILE } from '../../src-main/core/sqlite/sqlite-binding';
import { BUNDLED_DEMO_SERVER, bundledFfmpegPath, bundledToolEnv } from '../../src-main/shell/bundled-tools';
import { configExposureWarning, credentialStoreStatus } from '../../src-main/shell/credential-store';
import { demoPackages } from '../support/demo-packages';

/**
 * The packaged configuration is security-relevant (fuses, per-machine install, what ships inside
 * the package): this file validates it the way electron-builder itself does, then pins each item,
 * so a regression fails CI instead of reaching a workstation.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ELECTRON_VERSION = (
  JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** electron-builder's own loading: YAML, `extends`, file-set normalisation. */
async function load(file: string): Promise<Configuration> {
  return getConfig(root, file, null);
}

async function validate(config: Configuration): Promise<void> {
  await validateConfiguration(config, new DebugLogger(false));
}

/** The `filter` patterns of the file sets copied from the app root (what `files:` lists). */
function rootPatterns(files: Configuration['files']): string[] {
  const sets = Array.isArray(files) ? files : files == null ? [] : [files];
  return sets.flatMap((set) => {
    if (typeof set === 'string') return [set];
    if (set.from !== undefined && set.from !== '.') return [];
    return set.filter === undefined ? [] : Array.isArray(set.filter) ? set.filter : [set.filter];
  });
}

const FILE_STAT = { isDirectory: () => false } as Stats;

/**
 * Whether electron-builder would put `relative` (a path in the project) in the app for `platform`,
 * using its own FileMatcher. App files are matched by the `files` patterns; production
 * node_modules are collected separately, everything included except what the patterns exclude.
 */
function packaged(config: Configuration, relative: string, platform: 'win' | 'linux'): boolean {
  const patterns = [...rootPatterns(config.files), ...rootPatterns(config[platform]?.files)];
  const all = relative.startsWith('node_modules/') ? ['**/*', ...patterns] : patterns;
  const expand = (pattern: string): string => pattern.replaceAll('${arch}', 'x64');
  const filter = new FileMatcher(root, root, expand, all).createFilter();
  return filter(path.join(root, relative), FILE_STAT);
}

let main: Configuration;
let e2e: Configuration;

beforeAll(async () => {
  main = await load('electron-builder.yml');
  e2e = await load('electron-builder.e2e.yml');
});

describe("electron-builder's schema", () => {
  it('accepts electron-builder.yml', async () => {
    await expect(validate(main)).resolves.toBeUndefined();
  });

  it('accepts electron-builder.e2e.yml (merged with the file it extends)', async () => {
    await expect(validate(e2e)).resolves.toBeUndefined();
  });

  it('rejects a misspelt option, so the schema check has teeth', async () => {
    const typo = { ...main, nsis: { ...main.nsis, perMachin: true } } as Configuration;
    await expect(validate(typo)).rejects.toThrow(/configuration\.nsis/);
  });

  it('rejects a fuse that is not a boolean', async () => {
    const wrong = {
      ...main,
      electronFuses: { ...main.electronFuses, runAsNode: 'off' },
    } as unknown as Configuration;
    await expect(validate(wrong)).rejects.toThrow(/electronFuses/);
  });
});

describe('fuses', () => {
  it('closes every Node entry point and loads only the integrity-checked app.asar', () => {
    expect(main.electronFuses).toStrictEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('the e2e build differs only by the inspector fuse Playwright needs (and its output folder)', () => {
    expect(e2e.electronFuses).toStrictEqual({ ...main.electronFuses, enableNodeCliInspectArguments: true });
    const strip = ({ electronFuses: _fuses, directories, extends: _extends, ...rest }: Configuration) => ({
      ...rest,
      directories: { ...directories, output: undefined },
    });
    expect(strip(e2e)).toStrictEqual(strip(main));
    expect(e2e.directories?.output).not.toBe(main.directories?.output);
  });
});

describe('Windows installer', () => {
  it('is an assisted NSIS install for all users of the machine', () => {
    expect(main.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(main.nsis).toMatchObject({ oneClick: false, perMachine: true, allowElevation: true });
  });

  it("keeps operators' data on uninstall and creates the ProgramData folder with an ACL", () => {
    expect(main.nsis?.deleteAppDataOnUninstall).toBe(false);
    const include = path.join(root, main.nsis?.include ?? 'missing');
    expect(existsSync(include)).toBe(true);
    const script = readFileSync(include, 'utf8');
    expect(script).toContain('!macro customInstall');
    expect(script).toMatch(/icacls .*\/inheritance:r .*\*S-1-5-32-545:\(OI\)\(CI\)RX/);
  });

  it('ships ffmpeg.exe where the shell looks for it', () => {
    const ffmpeg = bundledFfmpegPath('win32');
    const resource = main.win?.extraResources;
    expect(resource).toEqual([
      expect.objectContaining({
        to: path.posix.dirname(ffmpeg),
        filter: expect.arrayContaining([path.posix.basename(ffmpeg)]) as unknown,
      }),
    ]);
  });
});

describe('Linux packages', () => {
  it('builds a deb and an AppImage', () => {
    const targets = (main.linux?.target as { target: string }[]).map((entry) => entry.target);
    expect(targets).toEqual(['deb', 'AppImage']);
  });

  it("declares ffmpeg and the demo fleet's GStreamer stack, on top of electron-builder's defaults", () => {
    const scheme = JSON.parse(
      readFileSync(path.join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'),
    ) as { definitions: { DebOptions: { properties: { depends: { default: string[] } } } } };
    const defaults = scheme.definitions.DebOptions.properties.depends.default;
    expect(main.deb?.depends).toEqual(
      expect.arrayContaining([
        ...defaults,
        'ffmpeg',
        // Everything the demo server's element table names, gstreamer1.0-x (pango) included.
        ...demoPackages(),
      ]),
    );
  });
});

describe('package contents', () => {
  it('writes installers outside dist/, which holds the renderer and the native addon', () => {
    expect(main.directories?.output).toBe('release');
  });

  it.each([
    'package.json',
    'dist-electron/main.cjs',
    'dist-electron/preload.cjs',
    'dist/renderer/index.html',
    'dist/renderer/assets/index-0a1b2c.js',
    'node_modules/better-sqlite3/lib/index.js',
    'node_modules/ws/index.js',
  ])('ships %s', (file) => {
    expect(packaged(main, file, 'linux')).toBe(true);
    expect(packaged(main, file, 'win')).toBe(true);
  });

  it.each([
    'src-main/shell/main.ts',
    'src-main/core/vigie-core.ts',
    'src-shared/contract.ts',
    'src-renderer/main.tsx',
    'tests/shell/electron-builder-config.test.ts',
    'e2e/electron/shell.spec.ts',
    'scripts/rebuild-native.ts',
    'README.md',
    'electron-builder.yml',
    'dist-electron/main.cjs.map',
    'dist-electron/rtsp-demo-server.py',
    'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c',
    'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
  ])('never ships %s', (file) => {
    expect(packaged(main, file, 'linux')).toBe(false);
    expect(packaged(main, file, 'win')).toBe(false);
  });

  it('ships the Electron build of better-sqlite3 for the target platform only, unpacked from app.asar', () => {
    const addon = (platform: string) =>
      path.posix.join(electronNativeDir(ELECTRON_VERSION, platform, 'x64'), SQLITE_ADDON_FILE);
    expect(packaged(main, addon('linux'), 'linux')).toBe(true);
    expect(packaged(main, addon('win32'), 'win')).toBe(true);
    expect(packaged(main, addon('win32'), 'linux')).toBe(false);
    expect(packaged(main, addon('linux'), 'win')).toBe(false);
    // asarUnpack goes through the same FileMatcher as `files`.
    const unpacked = new FileMatcher(root, root, (pattern) => pattern, main.asarUnpack).createFilter();
    for (const file of [addon('linux'), 'node_modules/better-sqlite3/build/Release/better_sqlite3.node']) {
      expect(unpacked(path.join(root, file), FILE_STAT)).toBe(true);
    }
    expect(unpacked(path.join(root, 'dist-electron/main.cjs'), FILE_STAT)).toBe(false);
    expect(main.asar).toBe(true);
  });

  it('does not rebuild node_modules in place (it stays built for Node, for the tests)', () => {
    expect(main.npmRebuild).toBe(false);
  });

  it('puts the demo RTSP server in resources/ where the shell points the core', () => {
    expect(main.extraResources).toEqual([
      { from: 'src-main/core/demo/rtsp-demo-server.py', to: BUNDLED_DEMO_SERVER },
    ]);
    expect(existsSync(path.join(root, 'src-main/core/demo/rtsp-demo-server.py'))).toBe(true);
  });

  it('has a 512×512 PNG icon', () => {
    const png = readFileSync(path.join(root, 'assets', 'icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    expect(main.win?.icon).toBe('assets/icon.png');
    expect(main.linux?.icon).toBe('assets/icon.png');
  });
});

describe("the shell's windows (static check of src-main/shell)", () => {
  const shellDir = path.join(root, 'src-main', 'shell');
  const sources = readdirSync(shellDir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => {
      const file = path.join(shellDir, name);
      return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    });

  function visit(node: ts.Node, found: (node: ts.Node) => void): void {
    found(node);
    node.forEachChild((child) => visit(child, found));
  }

  it('creates every BrowserWindow with webPreferences: secureWebPreferences(...)', () => {
    const windows: string[] = [];
    for (const source of sources) {
      visit(source, (node) => {
        if (!ts.isNewExpression(node) || node.expression.getText() !== 'BrowserWindow') return;
        const where = `${path.basename(source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        const options = node.arguments?.[0];
        const prefs =
          options && ts.isObjectLiteralExpression(options)
            ? options.properties.find(
                (property): property is ts.PropertyAssignment =>
                  ts.isPropertyAssignment(property) && property.name.getText() === 'webPreferences',
              )
            : undefined;
        const secure =
          prefs !== undefined &&
          ts.isCallExpression(prefs.initializer) &&
          prefs.initializer.expression.getText() === 'secureWebPreferences';
        windows.push(`${where} ${secure ? 'secure' : 'NOT using secureWebPreferences'}`);
      });
    }
    expect(windows.length).toBeGreaterThan(0);
    for (const entry of windows) expect(entry).toMatch(/ secure$/);
  });

  it('never writes an insecure web preference anywhere in the shell', () => {
    const insecure: Record<string, string> = {
      nodeIntegration: 'true',
      nodeIntegrationInWorker: 'true',
      nodeIntegrationInSubFrames: 'true',
      contextIsolation: 'false',
      sandbox: 'false',
      webSecurity: 'false',
      allowRunningInsecureContent: 'true',
      webviewTag: 'true',
      experimentalFeatures: 'true',
    };
    const found: string[] = [];
    for (const source of sources) {
      visit(source, (node) => {
        if (!ts.isPropertyAssignment(node)) return;
        const name = node.name.getText();
        if (insecure[name] === node.initializer.getText())
          found.push(`${path.basename(source.fileName)}: ${node.getText()}`);
      });
    }
    expect(found).toEqual([]);
  });

  it('forces the sandbox on every renderer before the app is ready', () => {
    const main = sources.find((source) => source.fileName.endsWith('main.ts'));
    expect(main?.getFullText()).toMatch(/^app\.enableSandbox\(\);$/m);
  });
});

describe('bundledToolEnv', () => {
  const resources = 'C:\\Program Files\\Vigie\\resources';

  it("points the core at the installer's ffmpeg.exe and demo server", () => {
    expect(bundledToolEnv(resources, 'win32', {}, () => true)).toEqual({
      VIGIE_FFMPEG: 'C:\\Program Files\\Vigie\\resources\\ffmpeg\\ffmpeg.exe',
      VIGIE_DEMO_SERVER: 'C:\\Program Files\\Vigie\\resources\\demo\\rtsp-demo-server.py',
    });
  });

  it("keeps an administrator's own VIGIE_FFMPEG", () => {
    expect(
      bundledToolEnv(resources, 'win32', { VIGIE_FFMPEG: 'D:\\ffmpeg.exe' }, () => true),
    ).not.toHaveProperty('VIGIE_FFMPEG');
  });

  it("sets nothing for tools the package does not hold (Linux: Debian's ffmpeg on PATH)", () => {
    const demo = '/opt/Vigie/resources/demo/rtsp-demo-server.py';
    expect(bundledToolEnv('/opt/Vigie/resources', 'linux', {}, (file) => file === demo)).toEqual({
      VIGIE_DEMO_SERVER: demo,
    });
    expect(bundledToolEnv(undefined, 'linux', {}, () => true)).toEqual({});
  });
});

describe('credentialStoreStatus', () => {
  const storage = (available: boolean, backend: string) => ({
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
  });

  it('is quiet with a real keyring on Linux, and with DPAPI on Windows', () => {
    expect(credentialStoreStatus(storage(true, 'gnome_libsecret'), 'linux')).toMatchObject({
      protectedByOs: true,
      warning: null,
    });
    expect(credentialStoreStatus(storage(true, 'basic_text'), 'win32')).toMatchObject({
      backend: 'dpapi',
      warning: null,
    });
  });

  it("warns that Linux's basic_text fallback only obfuscates", () => {
    const status = credentialStoreStatus(storage(true, 'basic_text'), 'linux');
    expect(status.protectedByOs).toBe(false);
    expect(status.warning).toMatch(/basic_text.*obfuscated/);
  });

  it('warns when no encryption is available at all', () => {
    expect(credentialStoreStatus(storage(false, 'unknown'), 'linux').warning).toMatch(/unavailable/);
  });
});

describe('configExposureWarning', () => {
  it('warns when a config with passwords is world-readable', () => {
    expect(configExposureWarning('/etc/vigie/config.json', 0o100644, 'linux', true)).toMatch(
      /644.*chmod 640/,
    );
  });

  it('stays quiet for a 0640 file, a config without passwords, or Windows (ACLs, set by the installer)', () => {
    expect(configExposureWarning('/etc/vigie/config.json', 0o100640, 'linux', true)).toBeNull();
    expect(configExposureWarning('/etc/vigie/config.json', 0o100644, 'linux', false)).toBeNull();
    expect(configExposureWarning('C:\\ProgramData\\Vigie\\config.json', 0o100666, 'win32', true)).toBeNull();
  });
});
