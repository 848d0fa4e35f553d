import { useTranslation } from 'react-i18next';
import { selectDisplay, selectLayout, selectWallError } from '../store/selectors';
import { useVigie } from '../store/use-vigie';
import { Tile } from './tile';

/**
 * The tile grid of this display, columns × rows as the core's layout says. Cells beyond the
 * layout's `tiles` array are empty tiles, so a short list still fills the screen evenly.
 */
export function Wall() {
  const { t } = useTranslation();
  const layout = useVigie(selectLayout);
  const wallError = useVigie(selectWallError);
  const display = useVigie(selectDisplay);

  if (!layout) {
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

  const cells = Array.from(
    { length: layout.columns * layout.rows },
    (_, index) => layout.tiles[index] ?? null,
  );
  return (
    <main
      // Grid size through classes, not a style attribute: the core's CSP (style-src 'self')
      // blocks inline styles.
      className={`wall wall--cols-${layout.columns} wall--rows-${layout.rows}`}
      data-testid="wall"
      data-columns={layout.columns}
      data-rows={layout.rows}
    >
      {cells.map((cameraId, index) => (
        // Keyed by cell and camera: a tile instance is bound to one camera for its whole life,
        // so a layout change starts a clean subscription and decoder.
        <Tile key={`${index}:${cameraId ?? ''}`} cameraId={cameraId} />
      ))}
    </main>
  );
}
