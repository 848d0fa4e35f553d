import { useWallTranslation } from '../wall-i18n';
import { selectEntry } from '../store/selectors';
import { useVigie } from '../store/use-vigie';

/**
 * The number being typed, shown large at the bottom of the wall like a CCTV keyboard's display,
 * so the operator sees "12" before Enter puts camera 12 in the tile.
 */
export function EntryDisplay() {
  const { t } = useWallTranslation();
  const entry = useVigie(selectEntry);
  if (entry === '') return null;
  return (
    <div className="entry" data-testid="entry" role="status">
      <span className="entry__label">{t('entry.label')}</span>
      <span className="entry__digits" data-testid="entry-digits">
        {entry}
      </span>
      <span className="entry__hint">{t('entry.hint')}</span>
    </div>
  );
}
