import { useWallTranslation } from '../wall-i18n';
import { selectNotices } from '../store/selectors';
import { useVigie } from '../store/use-vigie';

/** Short messages (snapshot saved and where, spot sent, unknown camera…), newest last. */
export function Notices() {
  const { t } = useWallTranslation();
  const notices = useVigie(selectNotices);
  const dismiss = useVigie((state) => state.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="log" aria-live="polite">
      {notices.map((notice) => (
        <div
          key={notice.id}
          className={`notice notice--${notice.tone}`}
          data-testid="notice"
          data-key={notice.key}
          onClick={() => dismiss(notice.id)}
        >
          {t(`notices.${notice.key}`, notice.params)}
        </div>
      ))}
    </div>
  );
}
