import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { CameraConfig } from '../config/config-schema';
import {
  CredentialVault,
  VaultBackendError,
  VaultEntryError,
  VaultFileError,
  vaultFile,
  type CameraCredentials,
} from './credential-vault';
import type { SecretCipher } from './secret-cipher';

/** Where a camera's credentials come from: the config (legacy, in clear), the sealed vault, or nowhere. */
export type CredentialSource = 'config' | 'vault' | 'none';

/** One camera's credential situation, as IT reads it at /api/credentials: never a secret in it. */
export interface CameraCredentialStatus {
  cameraId: string;
  source: CredentialSource;
  /** Why the camera runs without the credentials it should have; null when nothing is wrong. */
  problem: string | null;
}

/** The vault's state at startup, for the same route and the log. */
export interface VaultStatus {
  file: string;
  state: 'absent' | 'ok' | 'error';
  /** Backend that sealed it, when read. */
  backend: string | null;
  /** Number of sealed entries, when read. */
  entries: number;
  problem: string | null;
}

/**
 * What `CameraRegistry` asks about cameras whose config holds no credentials. Injected rather than
 * read by the registry itself so the registry stays the one place URLs and credentials meet,
 * while the vault (files, safeStorage) stays out of it and out of every test that does not need it.
 */
export interface CredentialProvider {
  /** The camera's opened credentials, or null. */
  credentialsFor(cameraId: string): CameraCredentials | null;
  /** Why the camera's sealed credentials could not be used, or null. */
  problemFor(cameraId: string): string | null;
  /** True when the vault holds an entry for the camera (opened or not). */
  sealed(cameraId: string): boolean;
}

/** Everything the core learns from the vault at startup. */
export interface VaultResolution {
  provider: CredentialProvider;
  vault: VaultStatus;
  /** To log as errors: each names the vault file and the cameras affected. */
  errors: string[];
  /** To log as warnings. */
  warnings: string[];
}

class OpenedCredentials implements CredentialProvider {
  constructor(
    private readonly opened: ReadonlyMap<string, CameraCredentials>,
    private readonly problems: ReadonlyMap<string, string>,
    private readonly entries: ReadonlySet<string>,
  ) {}

  credentialsFor(cameraId: string): CameraCredentials | null {
    return this.opened.get(cameraId) ?? null;
  }

  problemFor(cameraId: string): string | null {
    return this.problems.get(cameraId) ?? null;
  }

  sealed(cameraId: string): boolean {
    return this.entries.has(cameraId);
  }
}

/**
 * Opens, once at startup, the sealed credentials of every configured camera that has none in
 * the config. It never throws: a vault that cannot be read, a backend that differs, no
 * safeStorage at all (the Node host) or one blob that fails to open each become a logged error,
 * and only the cameras concerned run without credentials. Such a camera then answers 401, so its
 * tiles show the relay's existing `credentials` reason (retried slowly, no account lockout),
 * while every other camera plays.
 */
export function openVaultCredentials(options: {
  cameras: readonly CameraConfig[];
  dataDir: string;
  /** Electron's safeStorage, adapted; null on the Node host, which has none. */
  cipher: SecretCipher | null;
}): VaultResolution {
  const file = vaultFile(options.dataDir);
  const errors: string[] = [];
  const warnings: string[] = [];
  const opened = new Map<string, CameraCredentials>();
  const problems = new Map<string, string>();
  let vault: CredentialVault;
  try {
    vault = CredentialVault.load(options.dataDir);
  } catch (error) {
    if (!(error instanceof VaultFileError)) throw error;
    errors.push(
      `${error.message}. Cameras without credentials in the config start without any ` +
        '(a camera that needs them refuses with 401)',
    );
    return {
      provider: new OpenedCredentials(opened, problems, new Set()),
      vault: { file, state: 'error', backend: null, entries: 0, problem: error.message },
      errors,
      warnings,
    };
  }
  const status: VaultStatus = {
    file,
    state: vault.backend === null ? 'absent' : 'ok',
    backend: vault.backend,
    entries: vault.size,
    problem: null,
  };
  const known = new Set(options.cameras.map((camera) => camera.id));
  const strangers = vault.cameraIds().filter((id) => !known.has(id));
  if (strangers.length > 0) {
    warnings.push(
      `camera credential vault ${file} holds credentials for camera(s) not in the config, ignored: ${strangers.join(', ')}`,
    );
  }
  const needed: string[] = [];
  for (const camera of options.cameras) {
    if (!vault.has(camera.id)) continue;
    if (camera.credentials) {
      warnings.push(
        `camera "${camera.id}": credentials both in the config and in the vault ${file}; the config's are ` +
          'used: remove them from the config',
      );
    } else {
      needed.push(camera.id);
    }
  }
  if (needed.length > 0) {
    // Entries exist, so the file was read and names its backend.
    const cipher = options.cipher;
    const why = whyUnopenable(file, vault.backend ?? 'unknown', cipher);
    if (why !== null) {
      for (const id of needed) problems.set(id, why);
      errors.push(`${why}. Running without credentials: ${needed.join(', ')}`);
      status.problem = why;
    } else if (cipher) {
      if (!cipher.protectedByOs) {
        warnings.push(
          `camera credential vault ${file} is sealed with safeStorage backend "${cipher.backend}", which only obfuscates`,
        );
      }
      for (const id of needed) {
        try {
          const credentials = vault.open(id, cipher);
          if (credentials) opened.set(id, credentials);
        } catch (error) {
          // VaultEntryError names the file and camera; anything else safeStorage throws gets both added.
          const message =
            error instanceof VaultEntryError || error instanceof VaultBackendError
              ? error.message
              : `camera credential vault ${file}: credentials of camera "${id}" failed to open (${String(error)})`;
          problems.set(id, message);
          errors.push(`${message}. Camera "${id}" runs without credentials`);
        }
      }
    }
  }
  return {
    provider: new OpenedCredentials(opened, problems, new Set(vault.cameraIds())),
    vault: status,
    errors,
    warnings,
  };
}

/** Why no entry of the vault can be opened in this process, or null when they can be tried. */
function whyUnopenable(file: string, sealedWith: string, cipher: SecretCipher | null): string | null {
  if (!cipher) {
    return (
      `camera credential vault ${file} is sealed with safeStorage ("${sealedWith}"), which this Node host ` +
      'does not have: start the Electron app (vigie) in the operator session to use these cameras'
    );
  }
  if (!cipher.isEncryptionAvailable()) {
    return new VaultBackendError(file, sealedWith, `${cipher.backend}, encryption unavailable`).message;
  }
  if (cipher.backend !== sealedWith) return new VaultBackendError(file, sealedWith, cipher.backend).message;
  return null;
}

/**
 * What the audit trail records of the vault at each start: its state, how many cameras it seals,
 * what failed, and the SHA-256 of the file. Sealing runs in its own process, which must not append
 * to the running core's hash chain; so the trail shows a change of passwords as a change of this
 * fingerprint between two starts. Null when there is no vault and nothing sealed: nothing to record.
 */
export function vaultAuditDetails(
  vault: VaultStatus,
  cameras: readonly CameraCredentialStatus[],
): Record<string, unknown> | null {
  if (vault.state === 'absent') return null;
  let sha256: string | null = null;
  try {
    sha256 = createHash('sha256').update(readFileSync(vault.file)).digest('hex');
  } catch {
    // Unreadable now: the state and problem below already say why.
  }
  return {
    file: vault.file,
    state: vault.state,
    backend: vault.backend,
    sealedCameras: vault.entries,
    unopened: cameras
      .filter((camera) => camera.source === 'vault' && camera.problem !== null)
      .map((c) => c.cameraId),
    sha256,
  };
}
