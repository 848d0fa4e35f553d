import { useWallTranslation } from '../wall-i18n';
import { Modal } from './modal';
import { useWallCommands } from './wall-context';

/** Confirms going back to IT's layout: it discards the operator's arrangement of this display. */
export function ResetDialog() {
  const { t } = useWallTranslation();
  const run = useWallCommands();
  return (
    <Modal title={t('reset.title')} testId="reset-dialog" onClose={() => run({ type: 'close-modal' })}>
      <p className="dialog__text">{t('reset.body')}</p>
      <div className="dialog__actions">
        <button type="button" className="button" onClick={() => run({ type: 'close-modal' })}>
          {t('reset.cancel')}
        </button>
        <button
          type="button"
          className="button button--primary"
          data-testid="reset-confirm"
          onClick={() => run({ type: 'reset-layout' })}
        >
          {t('reset.confirm')}
        </button>
      </div>
    </Modal>
  );
}
