/**
 * How camera credentials are protected on this workstation. The logic is pure and lives in the
 * core (`src-main/core/credentials/`), where the vault and the sealing policy use it under plain
 * Node; the shell re-exports it so it only has to hand Electron's `safeStorage` over.
 */
export {
  clearTextCredentialWarnings,
  configExposureWarning,
  credentialStoreStatus,
  type CredentialStoreStatus,
  type SafeStorageLike,
} from '../core/credentials/credential-protection';
export { cipherFromSafeStorage } from '../core/credentials/secret-cipher';
