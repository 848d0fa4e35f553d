import { blankMasks } from './admin-store';
import { cloneMasks, type Point } from './mask-geometry';
import { PanelController, type PanelContext } from './panel-controller';

/** The privacy masks panel: a camera's masks, a still of it to draw on, and their saving. */
export class MasksController extends PanelController<'masks'> {
  constructor(context: PanelContext) {
    super(context, 'masks');
  }

  /** The mask tab opens with no camera chosen. */
  open(): void {
    this.reset(blankMasks());
  }

  /** Shows a camera's masks, and (for those who may edit them) a still of the camera. */
  async selectCamera(cameraId: string, withStill: boolean): Promise<void> {
    this.reset({ ...blankMasks(), cameraId });
    if (!cameraId) return;
    const still = withStill ? this.loadStill(cameraId) : Promise.resolve();
    const all = await this.client.call('masks.list', {});
    // The operator may have picked another camera meanwhile: a late answer must not put this
    // camera's masks under that one's name (saving would then write them onto it).
    if (this.state.cameraId !== cameraId) {
      await still;
      return;
    }
    if (!all.ok) this.patch({ message: this.failure(all.error) });
    else {
      const mine = all.value.find((entry) => entry.cameraId === cameraId) ?? null;
      this.patch({ stored: mine, polygons: cloneMasks(mine?.masks ?? []) });
    }
    await still;
  }

  /** A fresh picture of the camera (recorded in the audit trail by the core). */
  async loadStill(cameraId: string = this.state.cameraId): Promise<void> {
    this.patch({ still: { kind: 'loading' } });
    const result = await this.client.call('masks.still', { cameraId });
    if (this.state.cameraId !== cameraId) return;
    if (!result.ok) {
      this.patch({ still: { kind: 'failed', message: this.failure(result.error).text } });
      return;
    }
    const frame = result.value;
    this.patch({
      still: {
        kind: 'ready',
        src: `data:${frame.mime};base64,${frame.base64}`,
        width: frame.width,
        height: frame.height,
      },
    });
  }

  /** The editor drew, moved or deleted something (not saved until `save`). */
  edit(change: Point[][] | ((current: Point[][]) => Point[][])): void {
    const polygons = typeof change === 'function' ? change(this.state.polygons) : change;
    this.patch({ polygons });
  }

  /** Back to the masks as stored. */
  revert(): void {
    const stored = this.state.stored;
    if (stored) this.patch({ polygons: cloneMasks(stored.masks) });
  }

  /**
   * Saves the camera's masks: the core restarts its running streams with them and records the
   * change. The editor then shows what the core stored; a refusal keeps the edit on screen.
   */
  async save(): Promise<void> {
    const { cameraId, polygons } = this.state;
    this.patch({ busy: true, message: null });
    const result = await this.client.call('masks.set', {
      cameraId,
      masks: polygons.map((points) => ({ points })),
    });
    if (!result.ok) {
      this.refused(result.error);
      return;
    }
    this.patch({
      busy: false,
      stored: result.value,
      polygons: cloneMasks(result.value.masks),
      message: { ok: true, text: this.deps.t('masks.saved', { restarted: result.value.restarted }) },
    });
  }
}
