import { useWallTranslation } from '../wall-i18n';
import { SHORTCUTS } from '../model/keyboard';
import { Modal } from './modal';
import { useWallCommands } from './wall-context';

/** The shortcut sheet (F1 or ?): every key of the wall, from the same table the reducer follows. */
export function ShortcutSheet() {
  const { t } = useWallTranslation();
  const run = useWallCommands();
  return (
    <Modal
      title={t('shortcuts.title')}
      testId="shortcut-sheet"
      onClose={() => run({ type: 'close-modal' })}
      wide
    >
      <ul className="shortcuts">
        {SHORTCUTS.map((line) => (
          <li key={line.action} className="shortcuts__line">
            <span className="shortcuts__keys">
              {line.keys.map((key) => (
                <kbd key={key} className="shortcuts__key">
                  {t(`shortcuts.keys.${key}`)}
                </kbd>
              ))}
            </span>
            <span className="shortcuts__action">{t(`shortcuts.actions.${line.action}`)}</span>
          </li>
        ))}
      </ul>
      <div className="dialog__actions">
        <button type="button" className="button" onClick={() => run({ type: 'close-modal' })}>
          {t('shortcuts.close')}
        </button>
      </div>
    </Modal>
  );
}
