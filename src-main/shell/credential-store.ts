/**
 * How well camera credentials are protected on this workstation, told to the log at startup.
 *
 * Today the camera passwords live in the machine-wide config file, so what protects them is that
 * file's permissions; Electron's `safeStorage` (DPAPI on Windows, the desktop keyring on Linux) is
 * what any secret Vigie stores itself must go through. On Linux without a keyring (a kiosk session
 * with no gnome-keyring or KWallet), safeStorage silently falls back to the `basic_text` backend: a
 * fixed, public key, i.e. obfuscation. Both cases are checked here so IT reads it in vigie.log
 * instead of discovering it in an audit. Pure (no Electron import) so each case is unit-tested.
 */

/** The part of Electron's `safeStorage` this check reads. */
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
        'safeStorage: encryption unavailable on this workstation; Vigie will not store any secret itself ' +
        '(camera passwords stay in the machine config, protected by its file permissions)',
    };
  }
  if (platform === 'linux' && (backend === 'basic_text' || backend === 'unknown')) {
    return {
      available,
      backend,
      protectedByOs: false,
      warning:
        `safeStorage: backend "${backend}" (no desktop keyring in this session): secrets would only be ` +
        'obfuscated, not encrypted. Install and unlock gnome-keyring (or KWallet) for the operator session, ' +
        'or rely on the config file permissions alone (see README, Deployment)',
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
