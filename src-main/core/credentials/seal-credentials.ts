import { z } from 'zod';
import { CameraIdSchema } from '../../../src-shared/contract';
import type { VigieConfig } from '../config/config-schema';
import { formatIssuePath } from '../config/load-config';
import { jsonSyntaxPlace } from '../files/json-place';
import {
  CredentialVault,
  SealingRefusedError,
  VaultBackendError,
  VaultFileError,
  vaultFile,
} from './credential-vault';
import { sealingPolicy, type SecretCipher } from './secret-cipher';

/**
 * One line of what metro IT hands to `--seal-credentials`: a camera of the config and its
 * credentials, or `"password": null` to remove that camera's sealed entry.
 */
const SealItemSchema = z
  .strictObject({
    camera: CameraIdSchema,
    username: z.string().min(1).max(256).optional(),
    password: z.string({ error: 'expected a string, or null to remove the entry' }).max(1024).nullable(),
  })
  .superRefine((item, ctx) => {
    if (item.password !== null && item.username === undefined) {
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'required when a password is given' });
    }
  });

/** What the sealing needs besides the input text. */
export interface SealRequest {
  /** JSON text: `[{"camera": id, "username": …, "password": … | null}]`. */
  input: string;
  /** The machine config: its camera ids are the only ones accepted, its `security` the policy. */
  config: Pick<VigieConfig, 'cameras' | 'security'>;
  /** Where the config came from, for messages; null for the built-in demo. */
  configFile: string | null;
  /** The operator's data dir: the vault is `<dataDir>/camera-credentials.json`. */
  dataDir: string;
  /** Electron's safeStorage, adapted; null where there is none (always refused then). */
  cipher: SecretCipher | null;
}

/** The result: a summary without secrets and warnings, or every error found (nothing written). */
export type SealOutcome =
  | { ok: true; file: string; summary: string; warnings: string[] }
  | { ok: false; file: string; errors: string[] };

/**
 * Seals camera credentials into the operator's vault, all or nothing.
 *
 * Every problem is collected before anything is written (bad JSON, bad fields with their index,
 * unknown or duplicate cameras, the sealing policy, an existing vault that cannot be merged), so
 * IT fixes the whole file in one pass and a half-applied batch never exists. It never throws for
 * bad input, and no message carries a username or password. The existing vault is merged: entries
 * not named keep theirs. A vault sealed with another backend is replaced only when the request
 * names every camera it holds (everything is then sealed again); otherwise it is refused.
 *
 * Pure Node with an injected cipher, so the Electron shell (`--seal-credentials`) and tests (with
 * a fake safeStorage) run exactly this.
 */
export function sealCameraCredentials(request: SealRequest): SealOutcome {
  const file = vaultFile(request.dataDir);
  const errors: string[] = [];
  const warnings: string[] = [];
  const from = request.configFile ?? 'the built-in demo config';

  const decision = sealingPolicy(request.cipher, {
    allowObfuscatedCredentials: request.config.security?.allowObfuscatedCredentials === true,
  });
  if (!decision.allowed) errors.push(`refused: ${decision.reason}`);
  else if (decision.warning) warnings.push(decision.warning);

  let existing: CredentialVault | null = null;
  try {
    existing = CredentialVault.load(request.dataDir);
  } catch (error) {
    if (!(error instanceof VaultFileError)) throw error;
    errors.push(`cannot merge with the existing vault: ${error.message}`);
  }

  const items = parseInput(request.input, errors);
  const configured = new Map(request.config.cameras.map((camera) => [camera.id, camera]));
  const seen = new Map<string, number>();
  items.forEach(({ item }, index) => {
    if (!item) return;
    const previous = seen.get(item.camera);
    if (previous !== undefined) {
      errors.push(`[${index}].camera: "${item.camera}" is listed twice (also [${previous}])`);
      return;
    }
    seen.set(item.camera, index);
    const removable = item.password === null && existing?.has(item.camera) === true;
    if (!configured.has(item.camera) && !removable) {
      errors.push(`[${index}].camera: unknown camera id "${item.camera}" (not a camera of ${from})`);
    }
  });

  let vault = existing;
  /** Cameras of a vault replaced because its backend changed: their entries go, whatever is asked. */
  let replaced = new Set<string>();
  if (vault && request.cipher && vault.size > 0 && vault.backend !== request.cipher.backend) {
    const uncovered = vault.cameraIds().filter((id) => !seen.has(id));
    if (uncovered.length > 0) {
      errors.push(
        `${new VaultBackendError(file, vault.backend ?? 'unknown', request.cipher.backend).message}; ` +
          `or list every camera it holds to seal them all again (missing: ${uncovered.join(', ')})`,
      );
    } else {
      warnings.push(
        `the vault sealed with "${vault.backend ?? 'unknown'}" is replaced by one sealed with "${request.cipher.backend}"`,
      );
      replaced = new Set(vault.cameraIds());
      vault = CredentialVault.empty(request.dataDir, request.cipher.backend);
    }
  }

  if (errors.length > 0 || !vault || !request.cipher || !decision.allowed) {
    return { ok: false, file, errors: errors.length > 0 ? byIndex(errors) : ['refused: nothing to seal'] };
  }

  const sealed: string[] = [];
  const removed: string[] = [];
  try {
    for (const { item } of items) {
      if (!item) continue;
      if (item.password === null) {
        if (vault.forget(item.camera) || replaced.has(item.camera)) removed.push(item.camera);
        else warnings.push(`camera "${item.camera}" had no sealed credentials; nothing to remove`);
        continue;
      }
      vault.seal(item.camera, { username: item.username ?? '', password: item.password }, request.cipher, {
        allowObfuscatedCredentials: request.config.security?.allowObfuscatedCredentials === true,
      });
      sealed.push(item.camera);
      if (configured.get(item.camera)?.credentials) {
        warnings.push(
          `camera "${item.camera}" still has credentials in ${from}, which take precedence: remove them from the config`,
        );
      }
    }
    if (sealed.length > 0 || removed.length > 0) vault.save();
  } catch (error) {
    if (error instanceof SealingRefusedError || error instanceof VaultBackendError) {
      return { ok: false, file, errors: [`refused: ${error.message}`] };
    }
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      file,
      errors: [`cannot write ${file}: ${code ?? (error as Error).message}; nothing was changed`],
    };
  }

  const parts = [
    `sealed ${sealed.length} camera(s)${sealed.length ? ` (${sealed.join(', ')})` : ''}`,
    ...(removed.length ? [`removed ${removed.length} (${removed.join(', ')})`] : []),
  ];
  const summary =
    `${parts.join(', ')}; ${file} holds ${vault.size} camera(s)` +
    (vault.backend ? `, safeStorage backend ${vault.backend}` : '');
  return { ok: true, file, summary, warnings };
}

type SealItem = z.infer<typeof SealItemSchema>;

/** Parses the input text; pushes one error per problem (with its index) and returns the good items. */
function parseInput(input: string, errors: string[]): { item: SealItem | null }[] {
  let data: unknown;
  try {
    data = JSON.parse(input.replace(/^\uFEFF/, ''));
  } catch (error) {
    // JSON.parse may quote the text around the fault, and that text holds passwords: give the place only.
    const place = jsonSyntaxPlace(input.replace(/^\uFEFF/, ''), error);
    errors.push(`input: not valid JSON${place ? ` (line ${place.line}, column ${place.column})` : ''}`);
    return [];
  }
  if (!Array.isArray(data)) {
    errors.push('input: expected a JSON array of {"camera", "username", "password"}');
    return [];
  }
  if (data.length === 0) {
    errors.push('input: the array is empty, nothing to seal');
    return [];
  }
  return data.map((raw: unknown, index) => {
    const parsed = SealItemSchema.safeParse(raw);
    if (parsed.success) return { item: parsed.data };
    for (const issue of parsed.error.issues) {
      const where = formatIssuePath(issue.path);
      errors.push(`[${index}]${where ? `.${where}` : ''}: ${issue.message}`);
    }
    return { item: null };
  });
}

/** Errors about the whole request first, then item errors in input order (stable within an item). */
function byIndex(errors: readonly string[]): string[] {
  const index = (line: string): number => Number(/^\[(\d+)\]/.exec(line)?.[1] ?? -1);
  return errors
    .map((line, order) => ({ line, order, at: index(line) }))
    .sort((a, b) => a.at - b.at || a.order - b.order)
    .map(({ line }) => line);
}

/** How the command reads its input; injected so tests run it without files or a terminal. */
export interface SealCommandIo {
  readFile(file: string): string;
  readStdin(): Promise<string>;
}

/** What the command prints and exits with. */
export interface SealCommandResult {
  exitCode: number;
  /** Lines for stdout: the one-line summary. */
  out: string[];
  /** Lines for stderr: warnings, or one error per line. */
  err: string[];
}

/**
 * `--seal-credentials=<file|->`: reads the JSON from the file (or stdin for `-`), seals it, and
 * says what happened in one line. Exit codes: 0 sealed, 1 refused or invalid input (nothing
 * written), 2 the input could not be read.
 */
export async function sealCredentialsCommand(
  source: string,
  request: Omit<SealRequest, 'input'>,
  io: SealCommandIo,
): Promise<SealCommandResult> {
  let input: string;
  try {
    input = source === '-' ? await io.readStdin() : io.readFile(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { exitCode: 2, out: [], err: [`seal-credentials: cannot read ${source} (${code})`] };
  }
  const outcome = sealCameraCredentials({ ...request, input });
  if (!outcome.ok) {
    return {
      exitCode: 1,
      out: [],
      err: [`seal-credentials: nothing written to ${outcome.file}:`, ...outcome.errors.map((e) => `  ${e}`)],
    };
  }
  return {
    exitCode: 0,
    out: [`seal-credentials: ${outcome.summary}`],
    err: outcome.warnings.map((warning) => `seal-credentials: warning: ${warning}`),
  };
}
