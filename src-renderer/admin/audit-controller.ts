import type { AuditFilter } from '../../src-shared/contract';
import { chainBreakText } from '../shared/i18n/refusals';
import { blankAudit, type AuditForm } from './admin-store';
import { fromLocalInput } from './format';
import { PanelController, type PanelContext } from './panel-controller';

/** The audit page size. */
export const AUDIT_PAGE = 100;
/** The operator filter's value for "nobody logged in". */
export const NOBODY = '__nobody__';

/** The audit trail panel: filtered records page by page, their export, the chain's check. */
export class AuditController extends PanelController<'audit'> {
  /** The filter of the audit records on screen (what "older records" continues). */
  private shownFilter: AuditFilter = {};

  constructor(context: PanelContext) {
    super(context, 'audit');
  }

  /** The audit tab opens on the newest records, any filter, with the operators to filter by. */
  async open(): Promise<void> {
    this.reset(blankAudit());
    const operators = this.client.call('operators.list', {}).then((result) => {
      if (result.ok) this.patch({ operators: result.value });
    });
    this.shownFilter = {};
    await Promise.all([operators, this.query({})]);
  }

  editFilter(change: Partial<AuditForm>): void {
    this.patch({ form: { ...this.state.form, ...change } });
  }

  /** The filter as the core takes it (empty fields mean "any"). */
  filter(form: AuditForm = this.state.form): AuditFilter {
    const filter: AuditFilter = {};
    const from = fromLocalInput(form.from);
    const to = fromLocalInput(form.to);
    if (from) filter.from = from;
    if (to) filter.to = to;
    if (form.operator === NOBODY) filter.unattributed = true;
    else if (form.operator) filter.operatorBadge = form.operator;
    if (form.action) filter.actions = [form.action as NonNullable<AuditFilter['actions']>[number]];
    if (form.cameraId) filter.cameraId = form.cameraId;
    return filter;
  }

  private async query(filter: AuditFilter, before?: number): Promise<void> {
    const result = await this.client.call('audit.query', { ...filter, limit: AUDIT_PAGE, before });
    if (!result.ok) {
      this.patch({ message: this.failure(result.error) });
      return;
    }
    const events = before ? [...this.state.events, ...result.value.events] : result.value.events;
    this.patch({ events, nextBefore: result.value.nextBefore });
  }

  /**
   * Runs the filter (a new search), or fetches the older page before `before` — with the filter
   * of the search on screen, not the form as edited since: the older page must continue the
   * list it is appended to.
   */
  async search(before?: number): Promise<void> {
    if (before === undefined) {
      this.patch({ message: null });
      this.shownFilter = this.filter();
    }
    this.patch({ busy: true });
    await this.query(this.shownFilter, before);
    this.patch({ busy: false });
  }

  /** Exports the filtered records; the core saves the file and records the export itself. */
  async export(format: 'csv' | 'pdf'): Promise<void> {
    this.patch({ busy: true, message: null });
    const result = await this.client.call('audit.export', { filter: this.filter(), format });
    if (!result.ok) {
      this.refused(result.error);
      return;
    }
    const file = result.value;
    this.offer(
      file,
      this.deps.t('audit.exported', { path: file.path, count: file.count, sha256: file.sha256 }),
    );
  }

  /** Checks the audit chain end to end. */
  async verify(): Promise<void> {
    this.patch({ busy: true, message: null });
    const result = await this.client.call('audit.verify', {});
    if (!result.ok) {
      this.refused(result.error);
      return;
    }
    const check = result.value;
    const message = check.ok
      ? {
          ok: true,
          text: this.deps.t('audit.verifyOk', { records: check.records, seq: check.head?.seq ?? 0 }),
        }
      : {
          ok: false,
          text: this.deps.t('audit.verifyBroken', {
            seq: check.broken?.seq ?? '?',
            why: chainBreakText(check.broken?.reason ?? ''),
          }),
        };
    this.patch({ busy: false, message });
  }
}
