import type { UiError } from '../shared/connection/result-client';
import { useLogbookT } from './use-logbook';

/**
 * A failure in French, from its code (the core's English message is for the log, shown small
 * for IT). With `kept`, it also tells the operator their text is still in the form.
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
  if (!error) return null;
  return (
    <div className="lb-error" role="alert" data-testid={testId} data-code={error.code}>
      <p className="lb-error__text">{t(`errors.${error.code}`)}</p>
      {kept && <p className="lb-error__kept">{t('form.kept')}</p>}
      {error.issues?.length ? (
        <ul className="lb-error__issues">
          {error.issues.map((issue, index) => (
            <li key={index}>
              {issue.field ? `${issue.field} : ` : ''}
              {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="lb-error__detail">{error.message}</p>
    </div>
  );
}
