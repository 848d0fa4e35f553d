import { credentialStoreStatus, type SafeStorageLike } from './credential-protection';

/**
 * What the credential vault needs from an encryption backend: the subset of Electron's
 * `safeStorage` Vigie uses, plus the two facts the sealing policy decides on.
 *
 * The core never imports Electron, so it receives this interface: the Electron shell adapts the
 * real `safeStorage` with {@link cipherFromSafeStorage}; the Node host (`vigie serve`) has none
 * and passes nothing; tests pass a fake of safeStorage through the same adapter.
 */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  /** Seals a string; the result is opaque bytes only this OS user (and backend) can open. */
  encryptString(plainText: string): Buffer;
  /** Opens what `encryptString` sealed; throws when it cannot (another user, another keyring). */
  decryptString(encrypted: Buffer): string;
  /** The backend sealing here: `dpapi`, `keychain`, or Electron's Linux name (`gnome_libsecret`, `basic_text`...). */
  readonly backend: string;
  /** Keyed by the OS for this user (DPAPI, Keychain, a real keyring), not a constant known to anyone. */
  readonly protectedByOs: boolean;
}

/** Electron's `safeStorage` as the adapter uses it (structural, so no Electron import here). */
export interface SafeStorageApi extends SafeStorageLike {
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * Wraps Electron's `safeStorage` (or a stand-in with the same API) as a {@link SecretCipher}.
 * Call it after `app.whenReady()`: the backend and its protection are read once, here, and on
 * Linux Electron reports `unknown` before the app is ready.
 */
export function cipherFromSafeStorage(storage: SafeStorageApi, platform: NodeJS.Platform): SecretCipher {
  const status = credentialStoreStatus(storage, platform);
  return {
    isEncryptionAvailable: () => storage.isEncryptionAvailable(),
    encryptString: (plainText) => storage.encryptString(plainText),
    decryptString: (encrypted) => storage.decryptString(encrypted),
    backend: status.backend,
    protectedByOs: status.protectedByOs,
  };
}

/** The answer of {@link sealingPolicy}: refused with a reason, or allowed with an optional warning. */
export type SealingDecision = { allowed: true; warning: string | null } | { allowed: false; reason: string };

/**
 * Whether camera credentials may be sealed with this cipher. Sealing with no encryption at all
 * is always refused. Sealing with a backend the OS does not protect (Linux `basic_text` or
 * `unknown`: a fixed key, i.e. obfuscation) is refused too, unless the site's config says
 * `security.allowObfuscatedCredentials: true`, because the vault would then promise protection
 * it does not give; when allowed, the caller must show the warning.
 */
export function sealingPolicy(
  cipher: SecretCipher | null,
  options: { allowObfuscatedCredentials: boolean },
): SealingDecision {
  if (!cipher) {
    return {
      allowed: false,
      reason: 'no safeStorage here: camera credentials can only be sealed by the Electron app',
    };
  }
  if (!cipher.isEncryptionAvailable()) {
    return {
      allowed: false,
      reason: `safeStorage encryption is unavailable in this session (backend "${cipher.backend}"): nothing was sealed`,
    };
  }
  if (!cipher.protectedByOs) {
    if (!options.allowObfuscatedCredentials) {
      return {
        allowed: false,
        reason:
          `safeStorage backend "${cipher.backend}" only obfuscates (no desktop keyring in this session): ` +
          'sealing refused. Install and unlock gnome-keyring or KWallet for this user, or set ' +
          'security.allowObfuscatedCredentials to true in the config to accept obfuscation',
      };
    }
    return {
      allowed: true,
      warning:
        `safeStorage backend "${cipher.backend}" only obfuscates: the sealed passwords can be recovered by ` +
        'anyone who can read the vault file (allowed by security.allowObfuscatedCredentials)',
    };
  }
  return { allowed: true, warning: null };
}
