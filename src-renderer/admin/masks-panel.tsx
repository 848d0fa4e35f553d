import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { MAX_MASKS_PER_CAMERA } from '../../src-shared/contract';
import { useAdminT } from './admin-i18n';
import {
  cloneMasks,
  isPolygon,
  movePolygon,
  moveVertex,
  near,
  sameMasks,
  svgPoints,
  toNormalised,
  type Point,
} from './mask-geometry';
import { useAdmin, useAdminController } from './use-admin';

type Drag =
  | { kind: 'polygon'; index: number; start: Point; original: Point[] }
  | { kind: 'vertex'; index: number; vertex: number };

const DEFAULT_SIZE = { width: 1280, height: 720 };
const MAX_POINTS = 64;
/** Handle size and "close the polygon" distance, as a fraction of the picture's height. */
const HANDLE = 0.012;
const CLOSE_RADIUS = 0.025;

/**
 * The privacy mask editor: a still of the camera with its masks drawn over it (SVG), where an
 * admin draws new polygons point by point, drags a mask to move it, drags a corner to reshape
 * it, deletes one, and saves. Saving calls `masks.set`: the core keeps the masks, restarts the
 * camera's running streams with them within seconds, and records the change in the audit
 * trail. Chiefs see the masks read-only; the core refuses them the edit anyway. What is stored
 * and being edited lives in the store (MasksController); the pointer gestures stay here.
 */
export function MasksPanel({ canEdit }: { canEdit: boolean }) {
  const masks = useAdminController().masks;
  const cameras = useAdmin((state) => state.cameras);
  const { cameraId, stored, polygons, still, message, busy } = useAdmin((state) => state.masks);
  const t = useAdminT();
  const [selected, setSelected] = useState<number | null>(null);
  const [drawing, setDrawing] = useState<Point[] | null>(null);
  const drag = useRef<Drag | null>(null);
  const surface = useRef<SVGSVGElement>(null);

  const size = still.kind === 'ready' ? still : DEFAULT_SIZE;
  const aspect = size.width / size.height;

  useEffect(() => masks.open(), [masks]);

  const setPolygons = (change: (all: Point[][]) => Point[][]) => masks.edit(change);

  const selectCamera = (id: string) => {
    setSelected(null);
    setDrawing(null);
    void masks.selectCamera(id, canEdit);
  };

  const dirty = stored !== null && !sameMasks(polygons, cloneMasks(stored.masks));

  const finishDrawing = (points: Point[] | null = drawing) => {
    if (!points) return;
    // A double-click adds the same corner twice before it closes the shape: drop repeats.
    const cleaned = points.filter((point, i) => i === 0 || !near(point, points[i - 1]!, HANDLE, aspect));
    setDrawing(null);
    if (!isPolygon(cleaned)) return;
    setSelected(polygons.length);
    masks.edit([...polygons, cleaned]);
  };

  const pointer = (event: PointerEvent<SVGSVGElement>): Point => {
    const rect = surface.current?.getBoundingClientRect() ?? { left: 0, top: 0, width: 1, height: 1 };
    return toNormalised(rect, event.clientX, event.clientY);
  };

  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    if (!canEdit || event.button !== 0) return;
    const at = pointer(event);
    if (drawing) {
      const first = drawing[0];
      if (first && drawing.length >= 3 && near(at, first, CLOSE_RADIUS, aspect)) {
        finishDrawing();
        return;
      }
      const next = [...drawing, at];
      if (next.length >= MAX_POINTS) finishDrawing(next);
      else setDrawing(next);
      return;
    }
    const target = event.target as Element;
    const vertex = target.getAttribute('data-vertex');
    const polygon = target.getAttribute('data-polygon');
    if (vertex !== null && selected !== null) {
      drag.current = { kind: 'vertex', index: selected, vertex: Number(vertex) };
    } else if (polygon !== null) {
      const index = Number(polygon);
      setSelected(index);
      drag.current = { kind: 'polygon', index, start: at, original: polygons[index] ?? [] };
    } else {
      setSelected(null);
      return;
    }
    surface.current?.setPointerCapture(event.pointerId);
  };

  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const current = drag.current;
    if (!current) return;
    const at = pointer(event);
    setPolygons((all) =>
      all.map((points, i) => {
        if (i !== current.index) return points;
        if (current.kind === 'vertex') return moveVertex(points, current.vertex, at);
        return movePolygon(current.original, at[0] - current.start[0], at[1] - current.start[1]);
      }),
    );
  };

  const onPointerUp = (event: PointerEvent<SVGSVGElement>) => {
    drag.current = null;
    if (surface.current?.hasPointerCapture(event.pointerId))
      surface.current.releasePointerCapture(event.pointerId);
  };

  const deleteSelected = () => {
    if (selected === null) return;
    setPolygons((all) => all.filter((_, i) => i !== selected));
    setSelected(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if ((event.target as HTMLElement).tagName === 'SELECT') return;
    if (event.key === 'Enter' && drawing) finishDrawing();
    else if (event.key === 'Escape' && drawing) setDrawing(null);
    else if ((event.key === 'Delete' || event.key === 'Backspace') && !drawing) deleteSelected();
    else return;
    event.preventDefault();
  };

  const handle = HANDLE * size.height;
  const sourceText =
    stored?.source === 'override'
      ? t('masks.source.override', {
          at: stored.updatedAt ? new Date(stored.updatedAt).toLocaleString('fr-FR') : '',
          by: stored.updatedBy ?? '',
        })
      : t('masks.source.config');

  return (
    <section className="adm-panel adm-masks" onKeyDown={onKeyDown}>
      <p className="adm-hint">{canEdit ? t('masks.hint') : t('masks.readOnly')}</p>
      <div className="adm-toolbar">
        <label>
          {t('masks.camera')}
          <select
            className="input"
            value={cameraId}
            onChange={(e) => selectCamera(e.target.value)}
            data-testid="mask-camera"
          >
            <option value="">{t('masks.chooseCamera')}</option>
            {cameras.map((camera) => (
              <option key={camera.id} value={camera.id}>
                {camera.number} — {camera.name}
              </option>
            ))}
          </select>
        </label>
        {cameraId && canEdit && (
          <>
            <button
              className="button"
              type="button"
              onClick={() => void masks.loadStill(cameraId)}
              disabled={still.kind === 'loading'}
            >
              {t('masks.refreshStill')}
            </button>
            {drawing ? (
              <>
                <button
                  type="button"
                  className="button button--primary"
                  onClick={() => finishDrawing()}
                  disabled={!isPolygon(drawing)}
                  data-testid="mask-finish"
                >
                  {t('masks.finish')}
                </button>
                <button className="button" type="button" onClick={() => setDrawing(null)}>
                  {t('masks.cancelDrawing')}
                </button>
              </>
            ) : (
              <button
                className="button"
                type="button"
                onClick={() => {
                  setSelected(null);
                  setDrawing([]);
                }}
                disabled={polygons.length >= MAX_MASKS_PER_CAMERA}
                data-testid="mask-new"
              >
                {t('masks.newMask')}
              </button>
            )}
            <button
              className="button"
              type="button"
              onClick={deleteSelected}
              disabled={selected === null}
              data-testid="mask-delete"
            >
              {t('masks.delete')}
            </button>
          </>
        )}
      </div>

      {cameraId && (
        <>
          <p className="adm-hint">
            {t('masks.count', { count: polygons.length })} — {sourceText}
            {dirty && <strong className="adm-dirty"> — {t('masks.unsaved')}</strong>}
          </p>
          {canEdit && <p className="adm-hint">{drawing ? t('masks.drawingHint') : t('masks.editHint')}</p>}
          <div
            className="adm-stage"
            // The whole picture fits on screen: drawing a corner never needs scrolling.
            style={{
              aspectRatio: `${size.width} / ${size.height}`,
              width: `min(100%, 1100px, calc(60vh * ${aspect.toFixed(4)}))`,
            }}
          >
            {still.kind === 'ready' && <img src={still.src} alt="" className="adm-still" draggable={false} />}
            {still.kind === 'loading' && <p className="adm-stage-note">{t('masks.loadingStill')}</p>}
            {still.kind === 'failed' && (
              <p className="adm-stage-note">{t('masks.noStill', { message: still.message })}</p>
            )}
            <svg
              ref={surface}
              className={`adm-surface${drawing ? ' adm-drawing' : ''}`}
              viewBox={`0 0 ${size.width} ${size.height}`}
              preserveAspectRatio="none"
              role="img"
              aria-label={t('masks.canvasLabel')}
              tabIndex={0}
              data-testid="mask-canvas"
              onPointerDown={onPointerDown}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onDoubleClick={() => drawing && finishDrawing()}
            >
              {polygons.map((points, index) => (
                <polygon
                  key={index}
                  data-polygon={index}
                  className={`adm-mask${index === selected ? ' adm-selected' : ''}`}
                  points={svgPoints(points, size.width, size.height)}
                />
              ))}
              {selected !== null &&
                !drawing &&
                (polygons[selected] ?? []).map(([x, y], vertex) => (
                  <rect
                    key={vertex}
                    data-vertex={vertex}
                    className="adm-handle"
                    x={x * size.width - handle}
                    y={y * size.height - handle}
                    width={handle * 2}
                    height={handle * 2}
                  />
                ))}
              {drawing && (
                <>
                  <polyline className="adm-draft" points={svgPoints(drawing, size.width, size.height)} />
                  {drawing.map(([x, y], i) => (
                    <circle
                      key={i}
                      className={i === 0 ? 'adm-handle adm-first' : 'adm-handle'}
                      cx={x * size.width}
                      cy={y * size.height}
                      r={i === 0 ? handle * 1.4 : handle}
                    />
                  ))}
                </>
              )}
            </svg>
          </div>
          {canEdit && (
            <div className="adm-actions">
              <button
                type="button"
                className="button button--primary"
                onClick={() => void masks.save()}
                disabled={busy || !!drawing || !dirty}
                data-testid="mask-save"
              >
                {t('masks.save')}
              </button>
              <button
                className="button"
                type="button"
                onClick={() => masks.revert()}
                disabled={busy || !dirty}
              >
                {t('masks.revert')}
              </button>
            </div>
          )}
        </>
      )}
      {message && (
        <p
          className={`callout ${message.ok ? 'callout--ok' : 'callout--error'}`}
          role="status"
          data-testid="mask-status"
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
