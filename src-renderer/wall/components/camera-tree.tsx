import { memo, useCallback, useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useWallTranslation } from '../wall-i18n';
import type { CameraKind, CameraSummary } from '../../../src-shared/contract';
import { selectCameraDot, selectCamerasById, selectSelected } from '../store/selectors';
import { useVigie } from '../store/use-vigie';
import { groupCameras, matchesQuery } from '../model/camera-list';
import { CAMERA_MIME } from './drag-types';
import { useWallCommands } from './wall-context';

/**
 * The side panel listing every camera by commune then zone, with its kind and a live status dot;
 * searchable by number or name. Cameras are dragged onto tiles, or double-clicked (or Enter in
 * the search box) to go into the selected tile.
 *
 * The panel itself does not follow stream statuses: each row subscribes to its own dot. The core
 * pushes a status per stream every couple of seconds (fps, kbit/s), so with 64 streams a tree
 * re-rendered on every push spent a 2-core machine's wall window in translation lookups and
 * fell tens of seconds behind its video.
 */
export function CameraTree() {
  const { t } = useWallTranslation();
  const run = useWallCommands();
  const camerasById = useVigie(selectCamerasById);
  const selected = useVigie(selectSelected);
  const [query, setQuery] = useState('');
  const cameras = useMemo(() => Object.values(camerasById), [camerasById]);
  const groups = useMemo(() => groupCameras(cameras, query), [cameras, query]);
  const matches = useMemo(
    () => cameras.filter((camera) => matchesQuery(camera, query)).sort((a, b) => a.number - b.number),
    [cameras, query],
  );

  const put = useCallback(
    (camera: CameraSummary) => {
      if (selected === null) run({ type: 'need-selection' });
      else run({ type: 'assign-camera', index: selected, cameraId: camera.id });
    },
    [selected, run],
  );

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const first = matches[0];
    if (first) put(first);
  };

  return (
    <aside className="camera-tree" data-testid="camera-tree" aria-label={t('tree.title')}>
      <div className="camera-tree__head">
        <h2 className="camera-tree__title">{t('tree.title')}</h2>
        <span className="camera-tree__count">{t('tree.count', { count: matches.length })}</span>
      </div>
      <input
        id="camera-search"
        className="input camera-tree__search"
        data-testid="camera-search"
        type="search"
        value={query}
        placeholder={t('tree.search')}
        aria-label={t('tree.searchLabel')}
        autoComplete="off"
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onSearchKey}
      />
      <div className="camera-tree__list" title={t('tree.dragHint')}>
        {groups.length === 0 && <p className="camera-tree__empty">{t('tree.empty')}</p>}
        {groups.map((group) => (
          <section key={group.commune} className="camera-tree__commune" data-testid="tree-commune">
            <h3 className="camera-tree__commune-name">{group.commune}</h3>
            {group.zones.map((zone) => (
              <div key={zone.zone} className="camera-tree__zone">
                <h4 className="camera-tree__zone-name">{zone.zone}</h4>
                <ul className="camera-tree__cameras">
                  {zone.cameras.map((camera) => (
                    <CameraRow key={camera.id} camera={camera} onPut={put} />
                  ))}
                </ul>
              </div>
            ))}
          </section>
        ))}
      </div>
    </aside>
  );
}

/**
 * One camera of the tree. Memoised and subscribed to its own dot (a string), so a status push
 * re-renders only the row whose dot changed. `onPut` changes with the selection, which is rare.
 */
const CameraRow = memo(function CameraRow({
  camera,
  onPut,
}: {
  camera: CameraSummary;
  onPut: (camera: CameraSummary) => void;
}) {
  const { t } = useWallTranslation();
  const dot = useVigie(selectCameraDot(camera.id));
  const kind = t(`tree.kind.${camera.kind}`);
  return (
    <li
      className="camera-tree__camera"
      data-testid="tree-camera"
      data-camera-id={camera.id}
      data-status={dot}
      draggable
      onDragStart={(event: DragEvent<HTMLLIElement>) => {
        event.dataTransfer.setData(CAMERA_MIME, camera.id);
        event.dataTransfer.effectAllowed = 'copy';
      }}
      onDoubleClick={() => onPut(camera)}
      title={`${camera.number} · ${camera.name} — ${kind}`}
    >
      <KindIcon kind={camera.kind} label={kind} />
      <span className="camera-tree__number">{camera.number}</span>
      <span className="camera-tree__name">{camera.name}</span>
      <span
        className={`status-dot camera-tree__dot camera-tree__dot--${dot}`}
        role="img"
        aria-label={t(`tree.status.${dot}`)}
      />
    </li>
  );
});

/**
 * Security (dome camera) or traffic (traffic light) icon, drawn inline: no icon font or image
 * request, and it stays crisp at any size.
 */
function KindIcon({ kind, label }: { kind: CameraKind; label: string }) {
  return (
    <svg
      className={`camera-tree__kind camera-tree__kind--${kind}`}
      viewBox="0 0 16 16"
      role="img"
      aria-label={label}
      data-kind={kind}
    >
      {kind === 'security' ? (
        <>
          <path d="M2 4h12v3a6 6 0 0 1-12 0z" fill="currentColor" opacity="0.35" />
          <circle cx="8" cy="7.5" r="2.6" fill="currentColor" />
        </>
      ) : (
        <>
          <rect x="5" y="1" width="6" height="14" rx="2" fill="currentColor" opacity="0.35" />
          <circle cx="8" cy="4.2" r="1.4" fill="currentColor" />
          <circle cx="8" cy="8" r="1.4" fill="currentColor" />
          <circle cx="8" cy="11.8" r="1.4" fill="currentColor" />
        </>
      )}
    </svg>
  );
}
