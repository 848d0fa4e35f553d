import type { FormEvent } from 'react';
import { ErrorMessage } from './error-message';
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
    void controller.submitExport();
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
        <label className="field">
          <span className="field__label">{t('export.requester')}</span>
          <input
            className="input"
            data-testid="export-requester"
            value={draft.requester}
            maxLength={200}
            autoFocus
            onChange={(event) => editExport({ requester: event.target.value })}
          />
        </label>
        <label className="field">
          <span className="field__label">{t('export.reason')}</span>
          <input
            className="input"
            data-testid="export-reason"
            value={draft.reason}
            maxLength={500}
            onChange={(event) => editExport({ reason: event.target.value })}
          />
        </label>
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
              onClick={() => controller.downloadExport()}
            >
              {t('export.download')}
            </button>
          </div>
        )}
        <div className="lb-actions">
          <button className="button button--primary" data-testid="export-submit" disabled={draft.saving}>
            {t('export.submit')}
          </button>
          <button
            type="button"
            className="button button--ghost"
            data-testid="export-close"
            onClick={closeExport}
          >
            {t('export.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
