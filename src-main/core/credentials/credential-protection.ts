import { statSync } from 'node:fs';
import type { VigieConfig } from '../config/config-schema';

/**
 * How well camera credentials are protected on this workstation, told to the log at startup and
 * used by the sealing policy.
 *
 * Camera passwords are sealed with Electron's `safeStorage` (DPAPI on Windows, the Keychain on
 * macOS, the desktop keyring on Linux) into the per-user vault. On Linux without a keyring (a
 * kiosk session with no gnome-keyring or KWallet), safeStorage silently falls back to the
 * `basic_text` backend: a fixed, public key, i.e. obfuscation. Both cases are detected here so IT
 * reads it in vigie.log (and the sealing command refuses) instead of discovering it in an audit.
 * Pure (no Electron import) so each case is unit-tested under Node.
 */

/** The part of Electron's `safeStorage` the status check reads. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only in Electron; valid once the app is ready. */
  getSelectedStorageBackend?(): string;
}

export interface CredentialStoreStatus {
  /** safeStorage can encrypt at all. */
  available: boolean;
  /** Electron's backend name on Linux (`gnome_libsecret`, `kwallet6`, `basic_text`...), else the OS store. */
  backend: string;
  /** Encryption keyed by the OS (DPAPI, Keychain, a real keyring), not a constant. */
  protectedByOs: boolean;
  /** What to log as a warning; null when all is well. */
  warning: string | null;
}

/**
 * Reads safeStorage's state. Call after `app.whenReady()`: before it, Electron reports the Linux
 * backend as `unknown`.
 */
export function credentialStoreStatus(
  storage: SafeStorageLike,
  platform: NodeJS.Platform,
): CredentialStoreStatus {
  const available = storage.isEncryptionAvailable();
  const backend =
    platform === 'linux'
      ? (storage.getSelectedStorageBackend?.() ?? 'unknown')
      : platform === 'win32'
        ? 'dpapi'
        : 'keychain';
  if (!available) {
    return {
      available,
      backend,
      protectedByOs: false,
      warning:
        'safeStorage: encryption unavailable on this workstation; camera credentials cannot be sealed or ' +
        'opened here (cameras whose password is only in the vault will be refused by the camera)',
    };
  }
  if (platform === 'linux' && (backend === 'basic_text' || backend === 'unknown')) {
    return {
      available,
      backend,
      protectedByOs: false,
      warning:
        `safeStorage: backend "${backend}" (no desktop keyring in this session): secrets would only be ` +
        'obfuscated, not encrypted. Install and unlock gnome-keyring (or KWallet) for the operator session; ' +
        'sealing camera credentials is refused unless security.allowObfuscatedCredentials is true ' +
        '(see README, Deployment)',
    };
  }
  return { available, backend, protectedByOs: true, warning: null };
}

/**
 * A warning when the config holds camera passwords and any local account may read it (POSIX
 * "other" read bit). Windows ACLs are not mode bits, so nothing is checked there; the installer
 * sets the folder's ACL instead.
 */
export function configExposureWarning(
  file: string,
  mode: number,
  platform: NodeJS.Platform,
  hasCredentials: boolean,
): string | null {
  if (platform === 'win32' || !hasCredentials || (mode & 0o004) === 0) return null;
  return (
    `config: ${file} holds camera passwords and is readable by every local account ` +
    `(mode ${(mode & 0o777).toString(8)}); restrict it, e.g. chown root:vigie and chmod 640`
  );
}

/**
 * {@link configExposureWarning} for a config file on disk: the one check the Electron shell,
 * `vigie serve` (both through the core's start) and `vigie check-config` run, so IT hears about
 * a world-readable file holding passwords whichever way the file is first used. Null for the
 * built-in demo (no file), a config without passwords, or a file that vanished since it was read.
 */
export function configFileExposureWarning(
  file: string | null,
  config: Pick<VigieConfig, 'cameras'>,
  platform: NodeJS.Platform = process.platform,
): string | null {
  const hasCredentials = config.cameras.some((camera) => camera.credentials !== undefined);
  if (file === null || !hasCredentials) return null;
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    return null;
  }
  return configExposureWarning(file, mode, platform, hasCredentials);
}

/**
 * One warning per camera whose password sits in clear in the machine-wide config. Still supported
 * (existing sites keep working), but every reader of the file reads the password, so IT is told,
 * at each start and by `vigie check-config`, how to move it into the sealed vault. The message
 * never carries the password itself.
 */
export function clearTextCredentialWarnings(config: Pick<VigieConfig, 'cameras'>): string[] {
  const warnings: string[] = [];
  config.cameras.forEach((camera, index) => {
    if (!camera.credentials) return;
    warnings.push(
      `cameras[${index}].credentials (${camera.id}): password in clear text in the config; seal it in ` +
        'the operator session with `vigie --seal-credentials=FILE` (safeStorage) and remove it from the ' +
        'config (see README, Deployment)',
    );
  });
  return warnings;
}
