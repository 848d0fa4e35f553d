import { useState, type FormEvent } from 'react';
import { FRENCH_DATETIME_INPUT } from '../shared/time/french-input';
import { addCamera, findCamera, isFormTouched } from './entry-form';
import { ErrorMessage } from './error-message';
import { ActionChecks, CategorySelect, PlaceFields, StatusSelect, TextAreaField } from './form-fields';
import type { EntryDraftState } from './store/logbook-store-types';
import { selectActiveDraft, selectShift } from './store/logbook-selectors';
import { useController, useLogbook, useLogbookActions, useLogbookT } from './use-logbook';

/**
 * The new-entry side panel: always at hand while on duty. Several drafts can be open (a "log
 * this" from the wall never overwrites what is being typed); each keeps its text through a
 * refused write, a lock or a lost connection, until it is written or abandoned.
 */
export function EntryComposer() {
  const t = useLogbookT();
  const controller = useController();
  const drafts = useLogbook((state) => state.drafts);
  const activeId = useLogbook((state) => state.activeDraftId);
  const draft = useLogbook(selectActiveDraft);
  const { activateDraft } = useLogbookActions();

  return (
    <div className="lb-composer">
      <div className="lb-composer__head">
        <h2 className="lb-section-title">{t('form.title')}</h2>
        <button
          type="button"
          className="button button--small"
          data-testid="draft-new"
          onClick={() => controller.drafts.add()}
        >
          {t('form.newDraft')}
        </button>
      </div>
      {drafts.length > 1 && (
        <div className="lb-drafts" role="tablist">
          {drafts.map((candidate, index) => (
            <button
              key={candidate.id}
              type="button"
              role="tab"
              aria-selected={candidate.id === activeId}
              className={`lb-drafts__tab${candidate.id === activeId ? ' lb-drafts__tab--active' : ''}${candidate.error ? ' lb-drafts__tab--error' : ''}`}
              data-testid="draft-tab"
              onClick={() => activateDraft(candidate.id)}
            >
              {candidate.fromCamera !== null
                ? t('form.draftCamera', { number: candidate.fromCamera })
                : t('form.draft', { n: index + 1 })}
            </button>
          ))}
        </div>
      )}
      {draft && <EntryFormView key={draft.id} draft={draft} />}
    </div>
  );
}

function EntryFormView({ draft }: { draft: EntryDraftState }) {
  const t = useLogbookT();
  const controller = useController();
  const { editDraft } = useLogbookActions();
  const categories = useLogbook((state) => state.taxonomy?.categories);
  const actions = useLogbook((state) => state.taxonomy?.actions);
  const cameras = useLogbook((state) => state.cameras);
  const shift = useLogbook(selectShift);
  const [cameraText, setCameraText] = useState('');
  const [cameraUnknown, setCameraUnknown] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const { form, problems } = draft;
  const edit = (patch: Partial<typeof form>) => editDraft(draft.id, patch);

  const pickCamera = () => {
    const camera = findCamera(cameras, cameraText);
    if (!camera) {
      setCameraUnknown(cameraText.trim() !== '');
      return;
    }
    editDraft(draft.id, (current) => addCamera(current, camera));
    setCameraText('');
    setCameraUnknown(false);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void controller.drafts.submit(draft.id);
  };

  const cameraName = (number: number) => cameras.find((camera) => camera.number === number)?.name;

  return (
    <form
      className="lb-form"
      data-testid="entry-form"
      data-draft-id={draft.id}
      data-client-ref={form.clientRef}
      onSubmit={submit}
      noValidate
    >
      {draft.fromCamera !== null && (
        <p className="lb-hint" data-testid="entry-from-tile">
          {t('form.fromTile', { number: draft.fromCamera })}
        </p>
      )}
      {!shift && (
        <p className="callout callout--warning" data-testid="entry-no-shift">
          {t('form.noShift')}
        </p>
      )}
      <div className="field">
        <label className="field__label" htmlFor={`observed-${draft.id}`}>
          {t('form.observedAt')}
        </label>
        <div className="lb-row">
          <input
            id={`observed-${draft.id}`}
            className="input"
            {...FRENCH_DATETIME_INPUT}
            data-testid="entry-observed-at"
            value={form.observedAt}
            aria-invalid={problems.observedAt ? true : undefined}
            onChange={(event) => edit({ observedAt: event.target.value })}
          />
          <button
            type="button"
            className="button button--small"
            onClick={() => controller.drafts.now(draft.id)}
          >
            {t('form.now')}
          </button>
        </div>
        {problems.observedAt && <p className="lb-problem">{t(`form.problems.${problems.observedAt}`)}</p>}
      </div>
      <CategorySelect
        label={t('form.category')}
        items={categories}
        value={form.category}
        placeholder={t('form.chooseCategory')}
        testId="entry-category"
        invalid={problems.category !== undefined}
        onChange={(category) => edit({ category })}
      >
        {problems.category && <p className="lb-problem">{t(`form.problems.${problems.category}`)}</p>}
      </CategorySelect>
      <PlaceFields values={form} testIdPrefix="entry" onChange={(key, value) => edit({ [key]: value })} />
      <div className="field">
        <span className="field__label">{t('form.cameras')}</span>
        <div className="lb-chips">
          {form.cameras.map((number) => (
            <span key={number} className="lb-chip" data-testid="entry-camera-chip" data-number={number}>
              {number}
              {cameraName(number) ? ` — ${cameraName(number)}` : ''}
              <button
                type="button"
                className="lb-chip__remove"
                aria-label={t('form.removeCamera', { number })}
                onClick={() => edit({ cameras: form.cameras.filter((value) => value !== number) })}
              >
                ×
              </button>
            </span>
          ))}
        </div>
        <div className="lb-row">
          <input
            className="input"
            list={`cameras-${draft.id}`}
            data-testid="entry-camera-input"
            placeholder={t('form.addCamera')}
            aria-label={t('form.addCamera')}
            value={cameraText}
            onChange={(event) => {
              setCameraText(event.target.value);
              setCameraUnknown(false);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                pickCamera();
              }
            }}
          />
          <button
            type="button"
            className="button button--small"
            data-testid="entry-camera-add"
            onClick={pickCamera}
          >
            {t('form.add')}
          </button>
        </div>
        <datalist id={`cameras-${draft.id}`}>
          {cameras.map((camera) => (
            <option key={camera.id} value={`${camera.number} — ${camera.name}`} />
          ))}
        </datalist>
        {cameraUnknown && <p className="lb-problem">{t('form.unknownCamera')}</p>}
      </div>
      <TextAreaField
        label={t('form.description')}
        testId="entry-description"
        value={form.description}
        rows={6}
        maxLength={10_000}
        invalid={Boolean(problems.description)}
        onChange={(description) => edit({ description })}
      >
        {problems.description && <p className="lb-problem">{t(`form.problems.${problems.description}`)}</p>}
      </TextAreaField>
      <fieldset className="lb-fieldset">
        <legend className="field__label">{t('form.actions')}</legend>
        <ActionChecks
          items={actions}
          selected={form.actions}
          testId="entry-action"
          onChange={(selected) => edit({ actions: selected })}
        />
      </fieldset>
      <StatusSelect
        label={t('form.status')}
        value={form.status}
        testId="entry-status"
        onChange={(status) => edit({ status })}
      />
      <ErrorMessage error={draft.error} kept testId="entry-error" />
      <div className="lb-actions">
        <button className="button button--primary" data-testid="entry-submit" disabled={draft.saving}>
          {draft.saving ? t('form.saving') : t('form.submit')}
        </button>
        <button
          type="button"
          className={`button ${confirmDiscard ? 'button--danger' : 'button--ghost'}`}
          data-testid="entry-discard"
          disabled={draft.saving}
          onClick={() => {
            // Typed text goes only on a second, explicit click.
            if (confirmDiscard || !isFormTouched(form)) controller.drafts.discard(draft.id);
            else setConfirmDiscard(true);
          }}
          onBlur={() => setConfirmDiscard(false)}
        >
          {confirmDiscard ? t('form.confirmDiscard') : t('form.discard')}
        </button>
      </div>
    </form>
  );
}
