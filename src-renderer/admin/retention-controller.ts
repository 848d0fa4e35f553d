import { blankRetention, type RetentionState } from './admin-store';
import { PanelController, type PanelContext } from './panel-controller';

/** The retention panel: how long snapshots and audit exports are kept, and a purge now. */
export class RetentionController extends PanelController<'retention'> {
  constructor(context: PanelContext) {
    super(context, 'retention');
  }

  /** The retention tab opens on the core's settings and last purge. */
  async open(): Promise<void> {
    this.reset(blankRetention());
    await this.load(true);
  }

  private async load(reportFailure: boolean): Promise<void> {
    const result = await this.client.call('retention.get', {});
    if (result.ok) this.show(result.value);
    else if (reportFailure) this.patch({ message: this.failure(result.error) });
  }

  private show(status: NonNullable<RetentionState['status']>): void {
    this.patch({
      status,
      snapshots: status.settings.snapshotsDays,
      exports: status.settings.auditExportsDays,
    });
  }

  edit(change: Partial<Pick<RetentionState, 'snapshots' | 'exports'>>): void {
    this.patch(change);
  }

  async save(): Promise<void> {
    const { snapshots, exports } = this.state;
    this.patch({ busy: true, message: null });
    const result = await this.client.call('retention.set', {
      snapshotsDays: snapshots,
      auditExportsDays: exports,
    });
    if (!result.ok) {
      this.refused(result.error);
      return;
    }
    this.show(result.value);
    this.patch({ busy: false, message: { ok: true, text: this.deps.t('retention.saved') } });
  }

  /** Purges expired files now; the settings and last purge are then read again. */
  async purge(): Promise<void> {
    this.patch({ busy: true, message: null });
    const result = await this.client.call('retention.purge', {});
    if (!result.ok) {
      this.refused(result.error);
      return;
    }
    const report = result.value;
    const text = this.deps.t('retention.purged', {
      snapshots: report.snapshots.deleted,
      exports: report.auditExports.deleted,
      held: report.snapshots.held,
      failures: report.failures.length,
    });
    this.patch({ message: { ok: report.failures.length === 0, text } });
    await this.load(false);
    this.patch({ busy: false });
  }
}
