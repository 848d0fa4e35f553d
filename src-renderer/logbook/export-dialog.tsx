import type { FormEvent } from 'react';
import { ErrorMessage } from './error-message';
import { SubmitCancel, TextField } from './form-fields';
import { useController, useLogbook, useLogbookActions, useLogbookT } from './use-logbook';

/**
 * Export of the selection on screen, to CSV (spreadsheet) or PDF (requisition: CSU, period,
 * requester, pages, chain head). The core records every export in the chain, with who asked
 * and for whom, before the file is offered.
 */
export function ExportDialog() {
  const t = useLogbookT();
  const controller = useController();
  const { editExport, closeExport } = useLogbookActions();
  const draft = useLogbook((state) => state.exportDraft);
  const list = useLogbook((state) => state.list);
  if (!draft || !list) return null;
  const selection =
    list.view === 'today'
      ? t('export.selectionToday')
      : list.view === 'open'
        ? t('export.selectionOpen')
        : t('export.selectionSearch');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void controller.exports.submit();
  };
  return (
    <div className="dialog" role="presentation">
      <form
        className="dialog__panel"
        role="dialog"
        aria-modal="true"
        aria-label={t('export.title')}
        data-testid="export-dialog"
        onSubmit={submit}
      >
        <h2 className="lb-section-title">{t('export.title')}</h2>
        <p>
          {t('export.selection', { selection })} — {t('list.total', { count: list.total })}
        </p>
        <TextField
          label={t('export.requester')}
          testId="export-requester"
          value={draft.requester}
          maxLength={200}
          autoFocus
          onChange={(requester) => editExport({ requester })}
        />
        <TextField
          label={t('export.reason')}
          testId="export-reason"
          value={draft.reason}
          maxLength={500}
          onChange={(reason) => editExport({ reason })}
        />
        <fieldset className="lb-fieldset">
          <legend className="field__label">{t('export.format')}</legend>
          <div className="lb-checks">
            {(['csv', 'pdf'] as const).map((format) => (
              <label key={format} className="lb-check">
                <input
                  type="radio"
                  name="export-format"
                  data-testid={`export-format-${format}`}
                  checked={draft.format === format}
                  onChange={() => editExport({ format })}
                />
                {t(`export.${format}`)}
              </label>
            ))}
          </div>
        </fieldset>
        {draft.format === 'csv' && (
          <fieldset className="lb-fieldset">
            <legend className="field__label">{t('export.delimiter')}</legend>
            <div className="lb-checks">
              {(
                [
                  [';', 'delimiterSemicolon'],
                  [',', 'delimiterComma'],
                ] as const
              ).map(([delimiter, label]) => (
                <label key={delimiter} className="lb-check">
                  <input
                    type="radio"
                    name="export-delimiter"
                    data-testid={`export-delimiter-${delimiter === ';' ? 'semicolon' : 'comma'}`}
                    checked={draft.csvDelimiter === delimiter}
                    onChange={() => editExport({ csvDelimiter: delimiter })}
                  />
                  {t(`export.${label}`)}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <ErrorMessage error={draft.error} testId="export-error" />
        {draft.result && (
          <div className="lb-success" data-testid="export-result" data-file={draft.result.fileName}>
            <p>
              {t('export.done', {
                id: draft.result.exportId,
                count: draft.result.entryCount,
                file: draft.result.fileName,
              })}
            </p>
            <p className="lb-mono lb-muted">{t('export.sha', { sha: draft.result.sha256 })}</p>
            <p className="lb-muted">{t('export.recorded')}</p>
            <button
              type="button"
              className="button button--small"
              onClick={() => controller.exports.download()}
            >
              {t('export.download')}
            </button>
          </div>
        )}
        <SubmitCancel
          submit={t('export.submit')}
          submitTestId="export-submit"
          saving={draft.saving}
          cancel={t('export.cancel')}
          cancelTestId="export-close"
          onCancel={closeExport}
        />
      </form>
    </div>
  );
}
