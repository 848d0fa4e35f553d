import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { cipherFromSafeStorage, type SecretCipher } from '../../src-main/core/credentials/secret-cipher';

/**
 * A FAKE of Electron's `safeStorage`, for tests only: Electron cannot run here, and safeStorage is
 * the one thing faked. It has the same API and failure modes (throws when unavailable, throws
 * when a blob was sealed with another key), and is keyed like the real one: a random key per
 * instance stands for one OS user's DPAPI or keyring key. Two instances are two users, so a blob
 * sealed by one cannot be opened by the other, as with DPAPI across Windows accounts.
 *
 * The transform is AES-256-GCM with that random key, so a test can assert the vault never holds
 * a username or password in clear, nor their base64. Everything else (the adapter, the vault,
 * the policy) is the real code.
 */
export class FakeSafeStorage {
  private readonly key: Buffer;
  readonly available: boolean;
  readonly backend: string;

  constructor(options: { available?: boolean; backend?: string; key?: Buffer } = {}) {
    this.available = options.available ?? true;
    this.backend = options.backend ?? 'gnome_libsecret';
    this.key = options.key ?? randomBytes(32);
  }

  isEncryptionAvailable(): boolean {
    return this.available;
  }

  getSelectedStorageBackend(): string {
    return this.backend;
  }

  encryptString(plainText: string): Buffer {
    if (!this.available) throw new Error('Encryption is not available.');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    // "v11" like Electron's keyring-sealed blobs on Linux, then IV, tag, ciphertext.
    return Buffer.concat([Buffer.from('v11'), iv, cipher.getAuthTag(), body]);
  }

  decryptString(encrypted: Buffer): string {
    if (!this.available) throw new Error('Decryption is not available.');
    try {
      if (encrypted.subarray(0, 3).toString() !== 'v11') throw new Error('bad prefix');
      const iv = encrypted.subarray(3, 15);
      const tag = encrypted.subarray(15, 31);
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  }
}

/** A FakeSafeStorage through the real adapter the shell uses (Linux unless told otherwise). */
export function fakeCipher(
  options: ConstructorParameters<typeof FakeSafeStorage>[0] = {},
  platform: NodeJS.Platform = 'linux',
): SecretCipher {
  return cipherFromSafeStorage(new FakeSafeStorage(options), platform);
}
