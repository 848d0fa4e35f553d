import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CameraRegistry } from '../../../src-main/core/cameras/camera-registry';
import type { CameraConfig } from '../../../src-main/core/config/config-schema';
import { ConfigError, validateConfig } from '../../../src-main/core/config/load-config';
import { openVaultCredentials } from '../../../src-main/core/credentials/camera-credentials';
import { clearTextCredentialWarnings } from '../../../src-main/core/credentials/credential-protection';
import {
  CredentialVault,
  VAULT_FILE_NAME,
  VaultBackendError,
  VaultEntryError,
  VaultFileError,
} from '../../../src-main/core/credentials/credential-vault';
import {
  sealCameraCredentials,
  sealCredentialsCommand,
  type SealRequest,
} from '../../../src-main/core/credentials/seal-credentials';
import { cipherFromSafeStorage, sealingPolicy } from '../../../src-main/core/credentials/secret-cipher';
import { clearSecrets, redact } from '../../../src-main/core/log/redact';
import { fakeCipher, FakeSafeStorage } from '../../support/fake-safe-storage';
import { testCamera } from '../../support/camera-config';

const cam = (id: string, number: number, extra: Partial<CameraConfig> = {}): CameraConfig =>
  testCamera(id, number, `rtsp://10.0.0.${number}:554/s`, extra);

const USER = 'opérateur-vidéo';
const PASS = 'Tr0ub4dor&3-sealed';

const config = { cameras: [cam('cam-1', 1), cam('cam-2', 2), cam('cam-3', 3)] };

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-vault-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
  clearSecrets();
});

function seal(input: unknown, overrides: Partial<SealRequest> = {}) {
  return sealCameraCredentials({
    input: typeof input === 'string' ? input : JSON.stringify(input),
    config,
    configFile: '/etc/vigie/config.json',
    dataDir,
    cipher: fakeCipher(),
    ...overrides,
  });
}

const vaultPath = () => path.join(dataDir, VAULT_FILE_NAME);
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('credential vault: sealing and opening', () => {
  it('round trip: what was sealed opens to the same credentials, and the password is then masked in logs', () => {
    const cipher = fakeCipher();
    const outcome = seal([{ camera: 'cam-1', username: USER, password: PASS }], { cipher });
    expect(outcome).toMatchObject({ ok: true, file: vaultPath() });
    clearSecrets();
    expect(redact(`echo ${PASS}`)).toBe(`echo ${PASS}`);
    const vault = CredentialVault.load(dataDir);
    expect(vault.backend).toBe('gnome_libsecret');
    expect(vault.cameraIds()).toEqual(['cam-1']);
    expect(vault.open('cam-1', cipher)).toEqual({ username: USER, password: PASS });
    expect(vault.open('cam-2', cipher)).toBeNull();
    // Opening registered the password: it can no longer reach a log line.
    expect(redact(`echo ${PASS}`)).toBe('echo ***');
  });

  it('the file holds nothing readable: no username, password, nor their base64', () => {
    const outcome = seal([
      { camera: 'cam-1', username: USER, password: PASS },
      { camera: 'cam-2', username: 'admin', password: 'hunter2-cam2' },
    ]);
    expect(outcome.ok).toBe(true);
    const text = readFileSync(vaultPath(), 'utf8');
    const plainJson = JSON.stringify({ username: USER, password: PASS });
    for (const secret of [USER, PASS, 'hunter2-cam2', plainJson]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(b64(secret));
      expect(text).not.toContain(encodeURIComponent(secret));
    }
    const file = JSON.parse(text) as { version: number; backend: string; entries: Record<string, string> };
    expect(file).toMatchObject({ version: 1, backend: 'gnome_libsecret' });
    expect(Object.keys(file.entries)).toEqual(['cam-1', 'cam-2']);
    for (const blob of Object.values(file.entries)) {
      const bytes = Buffer.from(blob, 'base64');
      expect(bytes.includes(Buffer.from(PASS))).toBe(false);
      expect(bytes.includes(Buffer.from(USER))).toBe(false);
    }
    // The summary printed to IT carries camera ids, never a secret.
    expect(outcome.ok && outcome.summary).toMatch(/sealed 2 camera\(s\) \(cam-1, cam-2\)/);
    expect(JSON.stringify(outcome)).not.toMatch(/Tr0ub4dor|hunter2|opérateur/);
  });

  it.skipIf(process.platform === 'win32')('is written with mode 0600 and leaves no temp file behind', () => {
    expect(seal([{ camera: 'cam-1', username: USER, password: PASS }]).ok).toBe(true);
    expect(statSync(vaultPath()).mode & 0o777).toBe(0o600);
    expect(seal([{ camera: 'cam-2', username: USER, password: PASS }]).ok).toBe(true);
    expect(statSync(vaultPath()).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir)).toEqual([VAULT_FILE_NAME]);
  });

  it('merges with the existing vault, and "password": null removes an entry', () => {
    const cipher = fakeCipher();
    seal([{ camera: 'cam-1', username: USER, password: PASS }], { cipher });
    const merged = seal(
      [
        { camera: 'cam-2', username: 'u2', password: 'p2-secret' },
        { camera: 'cam-3', password: null },
      ],
      { cipher },
    );
    expect(merged.ok).toBe(true);
    expect(merged.ok && merged.warnings).toEqual([
      'camera "cam-3" had no sealed credentials; nothing to remove',
    ]);
    expect(CredentialVault.load(dataDir).cameraIds()).toEqual(['cam-1', 'cam-2']);
    const removed = seal([{ camera: 'cam-1', password: null }], { cipher });
    expect(removed.ok && removed.summary).toMatch(
      /sealed 0 camera\(s\), removed 1 \(cam-1\); .* holds 1 camera/,
    );
    const vault = CredentialVault.load(dataDir);
    expect(vault.cameraIds()).toEqual(['cam-2']);
    expect(vault.open('cam-2', cipher)).toEqual({ username: 'u2', password: 'p2-secret' });
  });

  it('lets IT remove the entry of a camera that left the config, but not seal one', () => {
    const cipher = fakeCipher();
    seal([{ camera: 'cam-3', username: USER, password: PASS }], { cipher });
    const smaller = { cameras: [cam('cam-1', 1)] };
    expect(seal([{ camera: 'cam-3', username: USER, password: PASS }], { cipher, config: smaller })).toEqual({
      ok: false,
      file: vaultPath(),
      errors: ['[0].camera: unknown camera id "cam-3" (not a camera of /etc/vigie/config.json)'],
    });
    expect(seal([{ camera: 'cam-3', password: null }], { cipher, config: smaller }).ok).toBe(true);
    expect(CredentialVault.load(dataDir).size).toBe(0);
  });
});

describe('credential vault: policy', () => {
  it('refuses to seal when encryption is unavailable, and writes nothing', () => {
    const outcome = seal([{ camera: 'cam-1', username: USER, password: PASS }], {
      cipher: fakeCipher({ available: false }),
    });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.errors).toEqual([expect.stringMatching(/^refused: .*unavailable/)]);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it("refuses Linux's basic_text (and unknown) backend unless the config allows obfuscation", () => {
    for (const backend of ['basic_text', 'unknown']) {
      const outcome = seal([{ camera: 'cam-1', username: USER, password: PASS }], {
        cipher: fakeCipher({ backend }),
      });
      expect(!outcome.ok && outcome.errors[0]).toMatch(
        new RegExp(`^refused: .*"${backend}" only obfuscates.*allowObfuscatedCredentials`),
      );
    }
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('seals with basic_text when security.allowObfuscatedCredentials is true, with a warning', () => {
    const cipher = fakeCipher({ backend: 'basic_text' });
    const outcome = seal([{ camera: 'cam-1', username: USER, password: PASS }], {
      cipher,
      config: { ...config, security: { allowObfuscatedCredentials: true } },
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && outcome.warnings).toEqual([expect.stringMatching(/"basic_text" only obfuscates/)]);
    expect(CredentialVault.load(dataDir).open('cam-1', cipher)).toEqual({ username: USER, password: PASS });
    // At startup, the core warns that this vault only obfuscates.
    const resolution = openVaultCredentials({ cameras: config.cameras, dataDir, cipher });
    expect(resolution.errors).toEqual([]);
    expect(resolution.warnings).toEqual([expect.stringMatching(/"basic_text", which only obfuscates/)]);
  });

  it('the vault itself refuses to seal against the policy, whoever calls it', () => {
    const vault = CredentialVault.load(dataDir);
    expect(() =>
      vault.seal('cam-1', { username: USER, password: PASS }, fakeCipher({ backend: 'basic_text' }), {
        allowObfuscatedCredentials: false,
      }),
    ).toThrow(/only obfuscates/);
    expect(sealingPolicy(null, { allowObfuscatedCredentials: true })).toMatchObject({ allowed: false });
  });

  it('takes backend and protection from safeStorage as the shell adapts it', () => {
    const win = cipherFromSafeStorage(new FakeSafeStorage({ backend: 'basic_text' }), 'win32');
    expect(win).toMatchObject({ backend: 'dpapi', protectedByOs: true });
    const linux = cipherFromSafeStorage(new FakeSafeStorage({ backend: 'basic_text' }), 'linux');
    expect(linux).toMatchObject({ backend: 'basic_text', protectedByOs: false });
    expect(fakeCipher({ backend: 'kwallet6' })).toMatchObject({ backend: 'kwallet6', protectedByOs: true });
  });
});

describe('credential vault: bad input and bad files', () => {
  it('lists every input problem with its index, and writes nothing', () => {
    const outcome = seal([
      { camera: 'cam-1', username: USER, password: PASS },
      { camera: 'cam-2', password: 'no-user-pass' },
      { camera: 'cam-9', username: 'u', password: 'cam9-pass' },
      { camera: 'cam-1', username: 'u', password: 'dup-pass' },
      { camera: 'cam-3', username: 'u', password: 42 },
      { camera: 'cam-3', user: 'u', password: 'typo-pass' },
      'cam-2',
      { camera: 'bad id!', username: 'u', password: 'x' },
      { camera: 'cam-2', username: 'u' },
    ]);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.errors).toEqual([
      '[1].username: required when a password is given',
      '[2].camera: unknown camera id "cam-9" (not a camera of /etc/vigie/config.json)',
      '[3].camera: "cam-1" is listed twice (also [0])',
      '[4].password: expected a string, or null to remove the entry',
      '[5]: Unrecognized key: "user"',
      '[5].username: required when a password is given',
      '[6]: Invalid input: expected object, received string',
      '[7].camera: letters, digits, "_", "." and "-" only',
      '[8].password: expected a string, or null to remove the entry',
    ]);
    expect(JSON.stringify(outcome)).not.toMatch(/pass"|Tr0ub4dor|no-user-pass|typo-pass|dup-pass/);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('refuses demo cameras and anything not in the config', () => {
    const outcome = seal([{ camera: 'demo-1', username: 'u', password: 'p' }]);
    expect(!outcome.ok && outcome.errors).toEqual([
      '[0].camera: unknown camera id "demo-1" (not a camera of /etc/vigie/config.json)',
    ]);
  });

  it('reports broken JSON by place, never by quoting the passwords around it', () => {
    const input = `[\n  {"camera": "cam-1", "username": "u", "password": "${PASS}" oops}\n]`;
    const outcome = seal(input);
    expect(!outcome.ok && outcome.errors).toEqual([
      expect.stringMatching(/^input: not valid JSON \(line 2, column \d+\)$/),
    ]);
    expect(JSON.stringify(outcome)).not.toContain(PASS);
    expect(seal('[]')).toMatchObject({ ok: false, errors: ['input: the array is empty, nothing to seal'] });
    expect(seal('{"camera": "cam-1"}')).toMatchObject({
      ok: false,
      errors: ['input: expected a JSON array of {"camera", "username", "password"}'],
    });
  });

  it.each([
    ['not JSON', '{ "version": 1, "entr', /camera-credentials\.json: not valid JSON/],
    [
      'an unknown version',
      JSON.stringify({ version: 2, backend: 'dpapi', entries: {} }),
      /unknown version 2 \(this Vigie reads version 1/,
    ],
    ['no version', JSON.stringify({ backend: 'dpapi', entries: {} }), /missing or invalid "version"/],
    [
      'a blob that is not base64',
      JSON.stringify({ version: 1, backend: 'dpapi', entries: { 'cam-1': 'not base64!' } }),
      /malformed: entries\.cam-1: /,
    ],
    ['an array', '[]', /missing or invalid "version"/],
    ['null', 'null', /malformed: \(file\): Invalid input: expected object, received null/],
  ])(
    'a vault file with %s is a typed error naming the file, and the core keeps running',
    (_what, text, message) => {
      writeFileSync(vaultPath(), text);
      let caught: unknown;
      try {
        CredentialVault.load(dataDir);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(VaultFileError);
      expect((caught as VaultFileError).file).toBe(vaultPath());
      expect((caught as Error).message).toMatch(message);
      // Startup does not throw: the error is logged, cameras without config credentials run without any.
      const resolution = openVaultCredentials({ cameras: config.cameras, dataDir, cipher: fakeCipher() });
      expect(resolution.vault).toMatchObject({ state: 'error', file: vaultPath() });
      expect(resolution.errors).toEqual([expect.stringMatching(message)]);
      expect(resolution.provider.credentialsFor('cam-1')).toBeNull();
      // Sealing over it is refused too: IT decides what to do with a damaged vault.
      const outcome = seal([{ camera: 'cam-1', username: USER, password: PASS }]);
      expect(!outcome.ok && outcome.errors[0]).toMatch(/^cannot merge with the existing vault: /);
      expect(readFileSync(vaultPath(), 'utf8')).toBe(text);
    },
  );
});

describe('credential vault: opening at startup', () => {
  it('a blob sealed by another OS user fails for that camera only', () => {
    const operator = fakeCipher();
    const otherUser = fakeCipher(); // same backend, another key: DPAPI of another Windows account
    seal(
      [
        { camera: 'cam-1', username: USER, password: PASS },
        { camera: 'cam-2', username: 'u2', password: 'other-user-pass' },
      ],
      { cipher: otherUser },
    );
    const theirs = (JSON.parse(readFileSync(vaultPath(), 'utf8')) as { entries: Record<string, string> })
      .entries['cam-2'];
    rmSync(vaultPath());
    seal([{ camera: 'cam-1', username: USER, password: PASS }], { cipher: operator });
    const file = JSON.parse(readFileSync(vaultPath(), 'utf8')) as { entries: Record<string, string> };
    file.entries['cam-2'] = theirs ?? '';
    writeFileSync(vaultPath(), JSON.stringify(file));

    expect(() => CredentialVault.load(dataDir).open('cam-2', operator)).toThrow(VaultEntryError);
    const resolution = openVaultCredentials({ cameras: config.cameras, dataDir, cipher: operator });
    expect(resolution.provider.credentialsFor('cam-1')).toEqual({ username: USER, password: PASS });
    expect(resolution.provider.credentialsFor('cam-2')).toBeNull();
    expect(resolution.provider.problemFor('cam-2')).toMatch(
      /camera-credentials\.json: credentials of camera "cam-2" cannot be opened by this OS user .*another user or another keyring/,
    );
    expect(resolution.errors).toHaveLength(1);
    expect(resolution.errors[0]).toContain(vaultPath());

    const registry = new CameraRegistry(config.cameras, [], resolution.provider);
    expect(registry.sourceUrl('cam-1', 'grid')).toBe(
      `rtsp://${encodeURIComponent(USER)}:${encodeURIComponent(PASS)}@10.0.0.1:554/s`,
    );
    // No credentials: the camera answers 401, the relay shows its `credentials` reason.
    expect(registry.sourceUrl('cam-2', 'grid')).toBe('rtsp://10.0.0.2:554/s');
    expect(registry.credentialStatus()).toEqual([
      { cameraId: 'cam-1', source: 'vault', problem: null },
      { cameraId: 'cam-2', source: 'vault', problem: expect.stringMatching(/cam-2/) as string },
      { cameraId: 'cam-3', source: 'none', problem: null },
    ]);
  });

  it('a vault sealed with another backend is refused with both names', () => {
    seal([{ camera: 'cam-1', username: USER, password: PASS }], {
      cipher: fakeCipher({ backend: 'gnome_libsecret' }),
    });
    const kwallet = fakeCipher({ backend: 'kwallet6' });
    expect(() => CredentialVault.load(dataDir).open('cam-1', kwallet)).toThrow(VaultBackendError);
    const resolution = openVaultCredentials({ cameras: config.cameras, dataDir, cipher: kwallet });
    expect(resolution.errors).toEqual([
      expect.stringMatching(
        /sealed with safeStorage backend "gnome_libsecret", but this session has "kwallet6".*Running without credentials: cam-1$/,
      ),
    ]);
    expect(resolution.vault.problem).toMatch(/kwallet6/);
    expect(resolution.provider.credentialsFor('cam-1')).toBeNull();
  });

  it('sealing again after a backend change must cover every camera of the old vault', () => {
    seal(
      [
        { camera: 'cam-1', username: USER, password: PASS },
        { camera: 'cam-2', username: 'u', password: 'p2-secret' },
      ],
      { cipher: fakeCipher({ backend: 'gnome_libsecret' }) },
    );
    const kwallet = fakeCipher({ backend: 'kwallet6' });
    const partial = seal([{ camera: 'cam-1', username: USER, password: PASS }], { cipher: kwallet });
    expect(!partial.ok && partial.errors).toEqual([
      expect.stringMatching(/"gnome_libsecret", but this session has "kwallet6".*\(missing: cam-2\)$/),
    ]);
    const full = seal(
      [
        { camera: 'cam-1', username: USER, password: PASS },
        { camera: 'cam-2', password: null },
      ],
      { cipher: kwallet },
    );
    expect(full.ok && full.warnings).toEqual([
      expect.stringMatching(/replaced by one sealed with "kwallet6"/),
    ]);
    const vault = CredentialVault.load(dataDir);
    expect(vault.backend).toBe('kwallet6');
    expect(vault.cameraIds()).toEqual(['cam-1']);
    expect(vault.open('cam-1', kwallet)).toEqual({ username: USER, password: PASS });
    // Removing everything an old vault held also works: it leaves an empty vault of the new backend.
    const removal = seal([{ camera: 'cam-1', password: null }], {
      cipher: fakeCipher({ backend: 'gnome_libsecret' }),
    });
    expect(removal.ok && removal.summary).toMatch(
      /removed 1 \(cam-1\); .* holds 0 camera\(s\), safeStorage backend gnome_libsecret$/,
    );
  });

  it('a safeStorage that throws while sealing is a refusal, not a crash', () => {
    const broken = fakeCipher();
    broken.encryptString = () => {
      throw new Error('keyring locked');
    };
    const outcome = seal([{ camera: 'cam-1', username: USER, password: PASS }], { cipher: broken });
    expect(outcome).toEqual({
      ok: false,
      file: vaultPath(),
      errors: [
        'refused: safeStorage backend "gnome_libsecret" failed to seal camera "cam-1": keyring locked',
      ],
    });
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('the Node host (no safeStorage) names the cameras and says to start the Electron app', () => {
    seal([{ camera: 'cam-2', username: USER, password: PASS }]);
    const resolution = openVaultCredentials({ cameras: config.cameras, dataDir, cipher: null });
    expect(resolution.errors).toEqual([
      expect.stringMatching(
        /sealed with safeStorage .*start the Electron app.*Running without credentials: cam-2$/,
      ),
    ]);
    expect(resolution.provider.problemFor('cam-2')).toMatch(/start the Electron app/);
    expect(resolution.provider.problemFor('cam-1')).toBeNull();
  });

  it("config credentials win over the vault's (legacy), with a warning; clear text is warned about", () => {
    const legacy = cam('cam-1', 1, { credentials: { username: 'legacy', password: 'legacy-pass' } });
    const cameras = [legacy, cam('cam-2', 2)];
    const outcome = seal([{ camera: 'cam-1', username: USER, password: PASS }], { config: { cameras } });
    expect(outcome.ok && outcome.warnings).toEqual([
      'camera "cam-1" still has credentials in /etc/vigie/config.json, which take precedence: remove them from the config',
    ]);
    const resolution = openVaultCredentials({ cameras, dataDir, cipher: fakeCipher() });
    expect(resolution.warnings).toEqual([
      expect.stringMatching(/"cam-1": credentials both in the config and in the vault/),
    ]);
    const registry = new CameraRegistry(cameras, [], resolution.provider);
    expect(registry.sourceUrl('cam-1', 'full')).toBe('rtsp://legacy:legacy-pass@10.0.0.1:554/s');
    expect(registry.credentialStatus()[0]).toEqual({ cameraId: 'cam-1', source: 'config', problem: null });
    const warnings = clearTextCredentialWarnings({ cameras });
    expect(warnings).toEqual([
      expect.stringMatching(/^cameras\[0\]\.credentials \(cam-1\): password in clear text/),
    ]);
    expect(warnings.join()).not.toContain('legacy-pass');
  });
});

describe('seal command (what --seal-credentials runs)', () => {
  const io = (stdin: string, files: Record<string, string> = {}) => ({
    readStdin: () => Promise.resolve(stdin),
    readFile: (file: string) => {
      const text = files[file];
      if (text === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return text;
    },
  });
  const base = () => ({ config, configFile: '/etc/vigie/config.json', dataDir, cipher: fakeCipher() });

  it('reads stdin for "-" and prints one line without secrets', async () => {
    const result = await sealCredentialsCommand(
      '-',
      base(),
      io(JSON.stringify([{ camera: 'cam-1', username: USER, password: PASS }])),
    );
    expect(result.exitCode).toBe(0);
    expect(result.out).toEqual([
      expect.stringMatching(
        /^seal-credentials: sealed 1 camera\(s\) \(cam-1\); .*camera-credentials\.json holds 1/,
      ),
    ]);
    expect(result.err).toEqual([]);
    expect(JSON.stringify(result)).not.toMatch(/Tr0ub4dor|opérateur/);
  });

  it('exits 1 with one error per line, 2 when the input cannot be read', async () => {
    const bad = await sealCredentialsCommand(
      'creds.json',
      base(),
      io('', { 'creds.json': JSON.stringify([{ camera: 'cam-7', username: 'u', password: PASS }]) }),
    );
    expect(bad).toEqual({
      exitCode: 1,
      out: [],
      err: [
        `seal-credentials: nothing written to ${vaultPath()}:`,
        '  [0].camera: unknown camera id "cam-7" (not a camera of /etc/vigie/config.json)',
      ],
    });
    const missing = await sealCredentialsCommand('nope.json', base(), io(''));
    expect(missing).toEqual({
      exitCode: 2,
      out: [],
      err: ['seal-credentials: cannot read nope.json (ENOENT)'],
    });
  });
});

describe('config: security.allowObfuscatedCredentials', () => {
  it('is optional, boolean, and off unless set', () => {
    expect(validateConfig({ version: 1 }, 't.json').security).toBeUndefined();
    expect(validateConfig({ version: 1, security: {} }, 't.json').security).toEqual({
      allowObfuscatedCredentials: false,
    });
    expect(
      validateConfig({ version: 1, security: { allowObfuscatedCredentials: true } }, 't.json').security,
    ).toEqual({ allowObfuscatedCredentials: true });
    expect(() =>
      validateConfig({ version: 1, security: { allowObfuscatedCredentials: 'yes' } }, 't.json'),
    ).toThrow(ConfigError);
    try {
      validateConfig({ version: 1, security: { allowObfuscatedCredentials: 'yes' } }, 't.json');
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.path)).toEqual([
        'security.allowObfuscatedCredentials',
      ]);
    }
  });
});
