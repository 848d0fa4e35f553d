import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ExportedFile, HandoverItemInput } from '../../../src-shared/contract';
import type { AuditStore, NewHandoverItem } from '../audit/audit-store';
import { ServiceError, outcomeOf } from '../api/service-result';
import { writeFileAtomic } from '../files/atomic-write';
import { log } from '../log/logger';
import type { AreaHandlers, ComplianceContext } from './compliance-context';
import { registerPdf, type LinkedEntry } from './register-pdf';
import { fileRegisterItems, requireAuditStore } from './register-items';
import { fileSha256 } from './retention';

type RegisterMethod =
  | 'register.list'
  | 'register.get'
  | 'register.create'
  | 'register.addItems'
  | 'register.candidates'
  | 'register.export';

/** Is `file` inside `dir`? (Only files Vigie wrote are re-read to verify a handed-over hash.) */
function inside(dir: string, file: string): boolean {
  const relative = path.relative(path.resolve(dir), path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * The extraction register's handlers: requisitions and what was handed over live in the audit
 * database, in its chain. Each handed-over file Vigie wrote is re-read and must hash as declared;
 * a requisition's PDF is written under the audit trail's `register` folder and its export
 * recorded in the chain with the file's SHA-256.
 */
export function registerHandlers(ctx: ComplianceContext): AreaHandlers<RegisterMethod> {
  const { options, audit } = ctx;

  const auditStore = (): AuditStore => requireAuditStore(audit);

  /** Checks each handed-over item: a file Vigie wrote is re-read and must hash as declared. */
  const checkItems = async (items: readonly HandoverItemInput[]): Promise<NewHandoverItem[]> => {
    const roots = [options.snapshotsDir, options.dataDir];
    const checked: NewHandoverItem[] = [];
    for (const [index, item] of items.entries()) {
      if (item.cameraId && !options.cameras.has(item.cameraId)) {
        throw new ServiceError('invalid', `item ${index + 1}: unknown camera ${item.cameraId}`);
      }
      let verified = false;
      let bytes: number | null = null;
      if (roots.some((root) => inside(root, item.file)) && existsSync(item.file)) {
        const actual = await fileSha256(item.file);
        if (actual !== item.sha256) {
          throw new ServiceError(
            'invalid',
            `item ${index + 1}: ${path.basename(item.file)} hashes to ${actual}, not the declared ${item.sha256}`,
          );
        }
        verified = true;
        bytes = statSync(item.file).size;
      }
      checked.push({
        kind: item.kind,
        file: item.file,
        sha256: item.sha256,
        bytes,
        cameraId: item.cameraId ?? null,
        description: item.description ?? '',
        verified,
      });
    }
    return checked;
  };

  return {
    'register.list': ({ limit }) => outcomeOf('register.list', () => auditStore().listRequisitions(limit)),
    'register.get': ({ id }) =>
      outcomeOf('register.get', () => {
        const found = auditStore().requisition(id);
        if (!found) throw new ServiceError('not-found', `no requisition ${id}`);
        return found;
      }),
    'register.create': (draft) =>
      outcomeOf('register.create', async () => {
        const store = auditStore();
        const actor = audit.requireActor();
        for (const cameraId of draft.cameraIds) {
          if (!options.cameras.has(cameraId)) throw new ServiceError('invalid', `unknown camera ${cameraId}`);
        }
        if (options.entrySummary) {
          const missing = draft.entryIds.filter((id) => options.entrySummary?.(id) === null);
          if (missing.length) {
            throw new ServiceError('invalid', `no main courante entry ${missing.join(', ')}`);
          }
        }
        const items = await checkItems(draft.items);
        const id = store.createRequisition(actor, options.workstation, ctx.now().toISOString(), draft, items);
        const created = store.requisition(id);
        if (!created) throw new Error(`requisition ${id} vanished`);
        audit.record('register.create', {
          operator: actor,
          details: {
            requisition: id,
            procedureRef: draft.procedureRef,
            officer: `${draft.officerName} (${draft.officerQuality}), ${draft.officerService}`,
            cameras: draft.cameraIds,
            period: [draft.periodFrom, draft.periodTo],
            entries: draft.entryIds,
            items: items.map((item) => ({ file: item.file, sha256: item.sha256 })),
          },
        });
        log.info(`register: ${actor.badge} recorded requisition ${id} (${draft.procedureRef})`);
        return created;
      }),
    'register.addItems': ({ id, items }) =>
      outcomeOf('register.addItems', async () => {
        const store = auditStore();
        const actor = audit.requireActor();
        if (!store.requisition(id)) throw new ServiceError('not-found', `no requisition ${id}`);
        const checked = await checkItems(items);
        fileRegisterItems(audit, actor, ctx.now(), id, checked);
        const updated = store.requisition(id);
        if (!updated) throw new Error(`requisition ${id} vanished`);
        return updated;
      }),
    'register.candidates': ({ from, to }) =>
      outcomeOf('register.candidates', () => {
        const store = auditStore();
        audit.flush();
        return store.candidates(from, to);
      }),
    'register.export': ({ id }) =>
      outcomeOf('register.export', async (): Promise<ExportedFile> => {
        const store = auditStore();
        const actor = audit.requireActor();
        const requisition = store.requisition(id);
        if (!requisition) throw new ServiceError('not-found', `no requisition ${id}`);
        audit.flush();
        const exportedAt = ctx.now();
        const entries: LinkedEntry[] = requisition.entryIds.map((entryId) => ({
          id: entryId,
          summary: options.entrySummary?.(entryId) ?? null,
        }));
        const bytes = await registerPdf({
          requisition,
          siteName: options.siteName,
          workstation: options.workstation,
          exportedAt,
          exportedBy: `${actor.name} (${actor.badge})`,
          chainHead: store.chain.head(),
          camera: (cameraId) => ctx.cameraLabel(cameraId),
          entries,
        });
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const stamp = exportedAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
        const fileName = `requisition-${id}-${stamp}-${sha256.slice(0, 8)}.pdf`;
        const file = path.join(audit.paths.register, fileName);
        writeFileAtomic(file, bytes, { suffix: '.partial' });
        audit.record('register.export', {
          operator: actor,
          details: { requisition: id, file, fileName, sha256, bytes: bytes.length },
        });
        return {
          fileName,
          path: file,
          sha256,
          bytes: bytes.length,
          mime: 'application/pdf' as const,
          base64: bytes.toString('base64'),
        };
      }),
  };
}
