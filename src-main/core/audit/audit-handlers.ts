import { createHash } from 'node:crypto';
import path from 'node:path';
import type { z } from 'zod';
import {
  AUDIT_EXPORT_MAX,
  type AuditAction,
  type AuditIntegrity,
  type ComplianceApiMethods,
} from '../../../src-shared/contract';
import type { SessionActor } from '../api/guard-types';
import { ServiceError, outcomeOf } from '../api/service-result';
import { writeFileAtomic } from '../files/atomic-write';
import type { ChainVerification } from '../integrity/hash-chain';
import { log } from '../log/logger';
import type { AuditFields } from './audit-describe';
import { auditCsv, auditPdf, describeAuditFilter } from './audit-export';
import type { AuditPaths, AuditServiceOptions } from './audit-options';
import type { AuditStore } from './audit-store';

type Methods = typeof ComplianceApiMethods;
type AuditMethod = 'audit.query' | 'audit.export' | 'audit.verify';

/** A handler per audit method; params arrive validated, results are outcomes. */
export type AuditApiHandlers = {
  [M in AuditMethod]: (params: z.infer<Methods[M]['params']>) => Promise<z.infer<Methods[M]['result']>>;
};

/**
 * What the audit handlers receive from AuditService: a small context instead of the service
 * itself, so the handlers see only what they use and the service keeps its write queue,
 * lifecycle and verification to itself.
 */
export interface AuditHandlerContext {
  readonly options: AuditServiceOptions;
  readonly paths: AuditPaths;
  /** The service's clock. */
  now(): Date;
  /** The open store, or throws `unavailable`. */
  requireStore(): AuditStore;
  /** The operator a restricted handler acts for (the guard checked their role just before). */
  requireActor(): SessionActor;
  /** Writes queued events now. */
  flush(): void;
  /** Queues one event, stamped now. */
  record(action: AuditAction, fields: AuditFields): void;
  /** Waits for the verification under way, then verifies the whole chain again; null if it could not. */
  reverify(): Promise<ChainVerification | null>;
}

function integrityOf(result: ChainVerification, databasePath: string): AuditIntegrity {
  return {
    ok: result.ok,
    records: result.records,
    head: result.head,
    broken: result.ok ? null : result.broken,
    databasePath,
  };
}

/**
 * The `audit.*` handlers: a page of the trail, a new verification of its chain, and an export
 * (CSV or PDF) read in one snapshot with the chain head, written under `audit/exports` and
 * itself recorded in the trail with the file's SHA-256. Queued events are flushed first, so
 * what is shown or exported includes everything recorded so far.
 */
export function auditHandlers(ctx: AuditHandlerContext): AuditApiHandlers {
  return {
    'audit.query': (query) =>
      outcomeOf('audit.query', () => {
        const store = ctx.requireStore();
        ctx.flush();
        const { limit, before, ...filter } = query;
        return store.query({ ...filter, before }, limit);
      }),
    'audit.verify': () =>
      outcomeOf('audit.verify', async () => {
        ctx.requireStore();
        ctx.flush();
        const result = await ctx.reverify();
        if (!result) throw new ServiceError('unavailable', 'the audit trail could not be verified');
        return integrityOf(result, ctx.paths.database);
      }),
    'audit.export': ({ filter, format }) =>
      outcomeOf('audit.export', async () => {
        const store = ctx.requireStore();
        const actor = ctx.requireActor();
        ctx.flush();
        const max = AUDIT_EXPORT_MAX[format];
        const snapshot = store.db
          .transaction(() => ({ rows: store.exportRows(filter, max + 1), head: store.chain.head() }))
          .deferred();
        if (snapshot.rows.length > max) {
          throw new ServiceError('too-large', `more than ${max} records: narrow the period or the filter`);
        }
        const exportedAt = ctx.now();
        const camera = ctx.options.camera ?? ((id: string) => id);
        const context = {
          siteName: ctx.options.siteName,
          workstation: ctx.options.workstation,
          exportedAt,
          exportedBy: `${actor.name} (${actor.badge})`,
          filter,
          chainHead: snapshot.head,
          camera,
        };
        const bytes =
          format === 'csv'
            ? Buffer.from(auditCsv(snapshot.rows, context), 'utf8')
            : await auditPdf(snapshot.rows, context);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const stamp = exportedAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
        const fileName = `audit-${stamp}-${sha256.slice(0, 8)}.${format}`;
        const file = path.join(ctx.paths.exports, fileName);
        writeFileAtomic(file, bytes, { suffix: '.partial' });
        ctx.record('audit.export', {
          operator: actor,
          details: {
            format,
            file,
            fileName,
            sha256,
            bytes: bytes.length,
            count: snapshot.rows.length,
            filter: describeAuditFilter(filter, camera),
            chainHead: snapshot.head,
          },
        });
        log.info(`audit: ${actor.badge} exported ${snapshot.rows.length} records to ${file}`);
        return {
          fileName,
          path: file,
          sha256,
          bytes: bytes.length,
          mime: format === 'csv' ? ('text/csv' as const) : ('application/pdf' as const),
          base64: bytes.toString('base64'),
          count: snapshot.rows.length,
          chainHead: snapshot.head,
        };
      }),
  };
}
