import type { UiError } from '../shared/connection/result-client';
import { useNow } from '../shared/hooks/use-now';
import { issueLines, refusalText } from '../shared/i18n/refusals';
import { useLogbookT } from './use-logbook';

/**
 * A failure in French: the core's reason and values when it gave them (a lock-out counts down),
 * else the sentence for its code, and each refused field by its French name. The core's English
 * message is for its log and never shown. With `kept`, it also tells the operator their text is
 * still in the form.
 */
export function ErrorMessage({
  error,
  kept,
  testId,
}: {
  error: UiError | null;
  kept?: boolean;
  testId: string;
}) {
  const t = useLogbookT();
  const now = useNow();
  if (!error) return null;
  const lines = issueLines(error.issues);
  return (
    <div className="lb-error" role="alert" data-testid={testId} data-code={error.code}>
      <p className="lb-error__text">{refusalText(error, now) ?? t(`errors.${error.code}`)}</p>
      {kept && <p className="lb-error__kept">{t('form.kept')}</p>}
      {lines.length ? (
        <ul className="lb-error__issues">
          {lines.map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
