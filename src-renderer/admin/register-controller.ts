import { blankRegister, type RegisterForm, type RegisterItem } from './admin-store';
import { fromLocalInput, toLocalInput } from './format';
import { PanelController, type PanelContext } from './panel-controller';

/** A hand-typed item's hash. */
export const SHA256 = /^[0-9a-f]{64}$/;

/** Main courante entry numbers typed as "12, 15 18"; null when one is not a number. */
export function parseEntryIds(text: string): number[] | null {
  const ids = text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map(Number);
  return ids.every((id) => Number.isInteger(id) && id > 0) ? ids : null;
}

/** The extraction register panel: the requisitions, a new one with what was handed over, its PDF. */
export class RegisterController extends PanelController<'register'> {
  constructor(context: PanelContext) {
    super(context, 'register');
  }

  /**
   * The register tab opens with the requisitions so far, the files of the last 30 days to pick
   * from, and a blank request dated now for the last hour.
   */
  async open(): Promise<void> {
    const now = this.deps.now();
    const blank = blankRegister();
    const form: RegisterForm = {
      ...blank.form,
      requestedAt: toLocalInput(now),
      periodFrom: toLocalInput(new Date(now.getTime() - 3600_000)),
      periodTo: toLocalInput(now),
    };
    this.reset({ ...blank, form });
    // Files written in the last 30 days: the usual window of a requisition.
    const from = new Date(now.getTime() - 30 * 24 * 3600_000).toISOString();
    const candidates = this.client.call('register.candidates', { from }).then((result) => {
      if (result.ok) this.patch({ candidates: result.value });
    });
    await Promise.all([this.reload(), candidates]);
  }

  private async reload(): Promise<void> {
    const result = await this.client.call('register.list', { limit: 100 });
    if (result.ok) this.patch({ list: result.value });
    else this.patch({ message: this.failure(result.error) });
  }

  edit(change: Partial<RegisterForm>): void {
    this.patch({ form: { ...this.state.form, ...change } });
  }

  /** Ticks or unticks a candidate file as handed over. */
  togglePicked(sha256: string): void {
    const picked = this.state.form.picked;
    this.edit({
      picked: picked.includes(sha256) ? picked.filter((sha) => sha !== sha256) : [...picked, sha256],
    });
  }

  /** Adds the hand-typed file, once its path is filled in and its hash is a SHA-256. */
  addManualItem(): void {
    const { manual, manualFile, manualSha } = this.state.form;
    if (!manualFile.trim() || !SHA256.test(manualSha)) return;
    const item: RegisterItem = {
      kind: 'file',
      file: manualFile.trim(),
      sha256: manualSha,
      cameraId: null,
      description: '',
    };
    this.edit({ manual: [...manual, item], manualFile: '', manualSha: '' });
  }

  /** Records the requisition; the list then shows it and the picks start afresh. */
  async submit(): Promise<void> {
    const { form, candidates } = this.state;
    const entryIds = parseEntryIds(form.entryIds);
    const requestedAt = fromLocalInput(form.requestedAt);
    const periodFrom = fromLocalInput(form.periodFrom);
    const periodTo = fromLocalInput(form.periodTo);
    if (!entryIds || !requestedAt || !periodFrom || !periodTo) {
      const text = `${this.deps.t('errors.invalid')} ${this.deps.t('register.entryIdsHint')}`;
      this.patch({ message: { ok: false, text } });
      return;
    }
    const items: RegisterItem[] = [
      ...candidates
        .filter((candidate) => form.picked.includes(candidate.sha256))
        .map((c) => ({
          kind: c.kind,
          file: c.file,
          sha256: c.sha256,
          cameraId: c.cameraId,
          description: '',
        })),
      ...form.manual,
    ];
    this.patch({ busy: true, message: null });
    const result = await this.client.call('register.create', {
      requestedAt,
      officerName: form.officerName,
      officerQuality: form.officerQuality,
      officerService: form.officerService,
      procedureRef: form.procedureRef,
      cameraIds: form.cameraIds,
      periodFrom,
      periodTo,
      entryIds,
      note: form.note,
      items,
    });
    if (!result.ok) {
      this.refused(result.error);
      return;
    }
    this.edit({ picked: [], manual: [] });
    this.patch({
      busy: false,
      message: { ok: true, text: this.deps.t('register.created', { id: result.value.id }) },
    });
    await this.reload();
  }

  /** Prints a requisition as a PDF for the officer's file (saved by the core, offered here). */
  async pdf(id: number): Promise<void> {
    this.patch({ busy: true });
    const result = await this.client.call('register.export', { id });
    if (!result.ok) {
      this.refused(result.error);
      return;
    }
    const file = result.value;
    this.offer(file, this.deps.t('register.pdfDone', { path: file.path, sha256: file.sha256 }));
  }
}
