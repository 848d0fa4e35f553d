import type { FormEvent, ReactNode } from 'react';
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
  const inRoom = useLogbook((state) => state.room?.configured === true);
  if (!draft || !list) return null;
  const roomScope = inRoom && draft.scope === 'room';
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
        {inRoom && (
          <RadioChoices
            legend={t('export.scope')}
            name="export-scope"
            value={draft.scope}
            choices={[
              { value: 'seat', label: t('export.scopeSeat'), testId: 'export-scope-seat' },
              { value: 'room', label: t('export.scopeRoom'), testId: 'export-scope-room' },
            ]}
            onChange={(scope) => editExport(scope === 'room' ? { scope, format: 'csv' } : { scope })}
          >
            {roomScope && <p className="lb-muted">{t('export.roomCsvOnly')}</p>}
          </RadioChoices>
        )}
        <RadioChoices
          legend={t('export.format')}
          name="export-format"
          value={draft.format}
          choices={[
            { value: 'csv', label: t('export.csv'), testId: 'export-format-csv' },
            { value: 'pdf', label: t('export.pdf'), testId: 'export-format-pdf', disabled: roomScope },
          ]}
          onChange={(format) => editExport({ format })}
        />
        {draft.format === 'csv' && (
          <RadioChoices
            legend={t('export.delimiter')}
            name="export-delimiter"
            value={draft.csvDelimiter}
            choices={[
              { value: ';', label: t('export.delimiterSemicolon'), testId: 'export-delimiter-semicolon' },
              { value: ',', label: t('export.delimiterComma'), testId: 'export-delimiter-comma' },
            ]}
            onChange={(csvDelimiter) => editExport({ csvDelimiter })}
          />
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

/** One choice among a few, as radio buttons under a legend (scope, format, separator). */
function RadioChoices<V extends string>(props: {
  legend: string;
  name: string;
  value: V;
  choices: readonly { value: V; label: string; testId: string; disabled?: boolean }[];
  onChange(value: V): void;
  children?: ReactNode;
}) {
  return (
    <fieldset className="lb-fieldset">
      <legend className="field__label">{props.legend}</legend>
      <div className="lb-checks">
        {props.choices.map((choice) => (
          <label key={choice.value} className="lb-check">
            <input
              type="radio"
              name={props.name}
              data-testid={choice.testId}
              checked={props.value === choice.value}
              disabled={choice.disabled === true}
              onChange={() => props.onChange(choice.value)}
            />
            {choice.label}
          </label>
        ))}
      </div>
      {props.children}
    </fieldset>
  );
}
