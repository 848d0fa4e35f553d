import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CameraIdSchema } from '../../../src-shared/contract';
import { CredentialsSchema } from '../config/config-schema';
import { formatIssuePath } from '../config/load-config';
import { registerSecret } from '../log/redact';
import { sealingPolicy, type SecretCipher } from './secret-cipher';
import { writeFileAtomic } from '../files/atomic-write';

/** The vault's file name, under the per-user data dir. */
export const VAULT_FILE_NAME = 'camera-credentials.json';

/** Bumped when the file changes shape; a file with another version is refused, never guessed at. */
export const VAULT_VERSION = 1;

/** A camera's username and password, as the config's `credentials` field holds them. */
export type CameraCredentials = z.infer<typeof CredentialsSchema>;

/**
 * The vault file. Nothing in it is readable in clear: each entry is the base64 of the bytes
 * safeStorage returned for the JSON `{username, password}`. The backend that sealed it is kept so
 * that opening it with another one (another keyring, basic_text after a keyring was installed)
 * fails with a message that says so, instead of a bare decryption error.
 */
const VaultFileSchema = z.strictObject({
  version: z.literal(VAULT_VERSION),
  backend: z.string().min(1).max(64),
  entries: z.record(CameraIdSchema, z.base64().min(1)),
});
type VaultFileContent = z.infer<typeof VaultFileSchema>;

/** Where the vault lives: per OS user, like DPAPI and the keyring that seal it. */
export function vaultFile(dataDir: string): string {
  return path.join(dataDir, VAULT_FILE_NAME);
}

/**
 * The vault file as a whole cannot be used: unreadable, not JSON, unknown version or bad shape.
 * Startup goes on (only cameras needing the vault are affected); the message names the file.
 */
export class VaultFileError extends Error {
  override name = 'VaultFileError';
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`camera credential vault ${file}: ${detail}`);
  }
}

/**
 * The vault was sealed with another safeStorage backend than the one this session has (or this
 * session has none). Its blobs cannot be opened here; IT must seal again in the operator session.
 */
export class VaultBackendError extends Error {
  override name = 'VaultBackendError';
  constructor(
    readonly file: string,
    readonly sealedWith: string,
    readonly current: string,
  ) {
    super(
      `camera credential vault ${file} was sealed with safeStorage backend "${sealedWith}", but this session ` +
        `has "${current}": it cannot be opened here. Seal the credentials again in the operator's session ` +
        '(vigie --seal-credentials=FILE), after moving the old file aside',
    );
  }
}

/**
 * One camera's sealed blob cannot be opened: DPAPI refuses a blob sealed by another Windows user,
 * a keyring refuses another keyring's blob. Only that camera is affected.
 */
export class VaultEntryError extends Error {
  override name = 'VaultEntryError';
  constructor(
    readonly file: string,
    readonly cameraId: string,
    readonly detail: string,
  ) {
    super(`camera credential vault ${file}: credentials of camera "${cameraId}" ${detail}`);
  }
}

/** Sealing was refused by the policy (no encryption, or obfuscation only and not allowed). */
export class SealingRefusedError extends Error {
  override name = 'SealingRefusedError';
}

/**
 * Camera credentials sealed with Electron's safeStorage, in `<dataDir>/camera-credentials.json`.
 *
 * Why a file of sealed blobs rather than the keyring itself: safeStorage only encrypts (the OS
 * keeps the key), which works the same on DPAPI, Keychain and every Linux keyring, and the vault
 * stays a plain file IT can back up or delete. Why per user: DPAPI and keyrings are per OS user, so
 * only the operator session that sealed the blobs can open them.
 *
 * Lifecycle: {@link CredentialVault.load} reads and validates the file (a missing file is an
 * empty vault), {@link CredentialVault.open} decrypts one camera's entry,
 * {@link CredentialVault.seal} and {@link CredentialVault.forget} change entries in memory, and
 * {@link CredentialVault.save} writes the file atomically (temp file, fsync, rename; mode 0600 on
 * POSIX).
 */
export class CredentialVault {
  private constructor(
    readonly file: string,
    private sealedWith: string | null,
    private readonly entries: Map<string, string>,
  ) {}

  /** Reads the vault of a data dir; a missing file gives an empty vault. Throws {@link VaultFileError}. */
  static load(dataDir: string): CredentialVault {
    const file = vaultFile(dataDir);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      if (code === 'ENOENT') return new CredentialVault(file, null, new Map());
      throw new VaultFileError(file, `cannot read the file (${code})`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      // JSON.parse's message may quote the text; the text is sealed, but say nothing of it anyway.
      throw new VaultFileError(
        file,
        'not valid JSON (damaged or edited by hand): move it aside and seal again',
      );
    }
    const version = (data as { version?: unknown } | null)?.version;
    if (typeof data === 'object' && data !== null && version !== VAULT_VERSION) {
      throw new VaultFileError(
        file,
        typeof version === 'number'
          ? `unknown version ${version} (this Vigie reads version ${VAULT_VERSION}; written by a newer Vigie?)`
          : `missing or invalid "version" (expected ${VAULT_VERSION})`,
      );
    }
    const parsed = VaultFileSchema.safeParse(data);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .map((issue) => `${formatIssuePath(issue.path) || '(file)'}: ${issue.message}`)
        .join('; ');
      throw new VaultFileError(file, `malformed: ${problems}`);
    }
    return new CredentialVault(file, parsed.data.backend, new Map(Object.entries(parsed.data.entries)));
  }

  /**
   * A vault with no entry for a data dir, to be sealed with `backend`, whatever its file holds:
   * used to replace a vault sealed with a backend this session no longer has.
   */
  static empty(dataDir: string, backend: string): CredentialVault {
    return new CredentialVault(vaultFile(dataDir), backend, new Map());
  }

  /** The backend that sealed the entries, or null for an empty vault never written. */
  get backend(): string | null {
    return this.sealedWith;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Ids of the cameras with sealed credentials, sorted. */
  cameraIds(): string[] {
    return [...this.entries.keys()].sort();
  }

  has(cameraId: string): boolean {
    return this.entries.has(cameraId);
  }

  /**
   * Opens one camera's credentials, or null when the vault holds none for it. The password is
   * registered for log redaction before it is returned, so it cannot reach a log line or the
   * diagnostics afterwards. Throws {@link VaultBackendError} or {@link VaultEntryError}.
   */
  open(cameraId: string, cipher: SecretCipher): CameraCredentials | null {
    const sealed = this.entries.get(cameraId);
    if (sealed === undefined) return null;
    const sealedWith = this.sealedWith ?? cipher.backend;
    if (sealedWith !== cipher.backend) throw new VaultBackendError(this.file, sealedWith, cipher.backend);
    if (!cipher.isEncryptionAvailable()) {
      throw new VaultBackendError(this.file, sealedWith, `${cipher.backend}, encryption unavailable`);
    }
    let text: string;
    try {
      text = cipher.decryptString(Buffer.from(sealed, 'base64'));
    } catch (error) {
      throw new VaultEntryError(
        this.file,
        cameraId,
        `cannot be opened by this OS user (${(error as Error).message}): they were sealed by another user or ` +
          'another keyring. Seal them again in this operator session (vigie --seal-credentials=FILE)',
      );
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
    const credentials = CredentialsSchema.safeParse(data);
    if (!credentials.success) {
      throw new VaultEntryError(
        this.file,
        cameraId,
        'did not open to a {username, password} pair: seal them again',
      );
    }
    registerSecret(credentials.data.password);
    return credentials.data;
  }

  /**
   * Seals (or replaces) one camera's credentials in memory; {@link CredentialVault.save} writes
   * them. Refused by the sealing policy ({@link SealingRefusedError}) and when the vault already
   * holds entries sealed with another backend ({@link VaultBackendError}): one file, one backend.
   */
  seal(
    cameraId: string,
    credentials: CameraCredentials,
    cipher: SecretCipher,
    policy: { allowObfuscatedCredentials: boolean },
  ): void {
    const decision = sealingPolicy(cipher, policy);
    if (!decision.allowed) throw new SealingRefusedError(decision.reason);
    if (this.entries.size > 0 && this.sealedWith !== null && this.sealedWith !== cipher.backend) {
      throw new VaultBackendError(this.file, this.sealedWith, cipher.backend);
    }
    const plain = JSON.stringify({ username: credentials.username, password: credentials.password });
    let sealed: Buffer;
    let reopened: string;
    try {
      sealed = cipher.encryptString(plain);
      reopened = cipher.decryptString(sealed);
    } catch (error) {
      throw new SealingRefusedError(
        `safeStorage backend "${cipher.backend}" failed to seal camera "${cameraId}": ${(error as Error).message}`,
      );
    }
    // A backend that seals what it cannot open would lock the camera out at the next start: check now.
    if (reopened !== plain) {
      throw new SealingRefusedError(`safeStorage backend "${cipher.backend}" did not open what it sealed`);
    }
    registerSecret(credentials.password);
    this.entries.set(cameraId, sealed.toString('base64'));
    this.sealedWith = cipher.backend;
  }

  /** Drops one camera's entry; true when there was one. */
  forget(cameraId: string): boolean {
    return this.entries.delete(cameraId);
  }

  /**
   * Writes the vault atomically: a new temp file (mode 0600, created exclusively), fsync, then
   * rename over the old one, so a crash leaves either the old vault or the new one, never half.
   * On Windows the mode is ignored; the file sits in the user's own %LOCALAPPDATA%.
   */
  save(): void {
    if (this.sealedWith === null) throw new Error(`${this.file}: nothing was ever sealed, nothing to save`);
    const content: VaultFileContent = {
      version: VAULT_VERSION,
      backend: this.sealedWith,
      entries: Object.fromEntries([...this.entries].sort(([a], [b]) => a.localeCompare(b))),
    };
    writeFileAtomic(this.file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, durable: true });
  }
}
