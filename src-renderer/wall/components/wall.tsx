import { useWallTranslation } from '../wall-i18n';
import {
  selectDisplay,
  selectMaximised,
  selectSelected,
  selectSpotFlash,
  selectWall,
  selectWallError,
} from '../store/selectors';
import { useVigie } from '../store/use-vigie';
import { displayedCamera, slotOf, spotTileOf } from '../model/wall-model';
import { Tile } from './tile';

/**
 * The tiles of the page on screen, placed on the layout's grid (merged cells span several grid
 * cells). Only this page's tiles exist: other pages cost nothing until the operator turns to
 * them. A maximised tile spans the whole wall above the others, which stop their streams.
 */
export function Wall() {
  const { t } = useWallTranslation();
  const wall = useVigie(selectWall);
  const wallError = useVigie(selectWallError);
  const display = useVigie(selectDisplay);
  const selected = useVigie(selectSelected);
  const maximised = useVigie(selectMaximised);
  const spotFlash = useVigie(selectSpotFlash);
  const tourProgress = useVigie((state) => state.tourProgress);
  const dirty = useVigie((state) => state.wallDirty);

  if (!wall) {
    return (
      <main className="wall wall--placeholder" data-testid="wall">
        {wallError ? (
          <p className="wall__message wall__message--error" data-testid="wall-error" role="alert">
            {t('wall.error', { display })}
          </p>
        ) : (
          <p className="wall__message" data-testid="wall-loading">
            {t('wall.loading')}
          </p>
        )}
      </main>
    );
  }

  const { layout } = wall;
  const spotIndex = spotTileOf(wall);
  return (
    <main
      // Grid size through classes; tile placement through React style properties (CSSOM), which
      // the core's CSP allows, unlike style attributes in markup.
      className={`wall wall--cols-${layout.columns} wall--rows-${layout.rows}${maximised !== null ? ' wall--maximised' : ''}`}
      data-testid="wall"
      data-columns={layout.columns}
      data-rows={layout.rows}
      data-preset={layout.preset}
      data-page={wall.page}
      data-tiles={layout.cells.length}
      data-saved={!dirty}
    >
      {layout.cells.map((cell, index) => {
        const slot = slotOf(wall, wall.page, index);
        const cameraId = displayedCamera(wall, tourProgress, slot);
        const tourId = wall.tileTours[String(slot)];
        const tour =
          tourId === undefined ? undefined : wall.tours.find((candidate) => candidate.id === tourId);
        return (
          // Keyed by slot and camera: a tile instance is bound to one camera for its whole life,
          // so a change of camera starts a clean subscription and decoder (never another
          // camera's last picture), while maximise and profile switches keep the same tile.
          <Tile
            key={`${slot}:${cameraId ?? ''}`}
            index={index}
            slot={slot}
            cell={cell}
            cameraId={cameraId}
            selected={selected === index}
            maximised={maximised === index}
            covered={maximised !== null && maximised !== index}
            spotTile={index === spotIndex}
            spotFlash={spotFlash !== null && spotFlash.slot === slot}
            tour={tour ? { tour, progress: tourProgress[String(slot)] } : null}
          />
        );
      })}
    </main>
  );
}
