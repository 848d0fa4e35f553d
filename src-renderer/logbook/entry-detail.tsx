import type { EntryDetail } from '../../src-shared/contract';
import { FRENCH_DATETIME_INPUT } from '../shared/time/french-input';
import { EntryClips } from './entry-clips';
import { ErrorMessage } from './error-message';
import {
  ActionChecks,
  CardForm,
  CategorySelect,
  PlaceFields,
  StatusSelect,
  SubmitCancel,
  TextAreaField,
  TextField,
} from './form-fields';
import { formatDateTime, placeLabel } from './format';
import { useController, useLogbook, useLogbookActions, useLogbookT } from './use-logbook';

/**
 * One entry in full: as it reads now, the original text when it was rectified (both stay
 * visible), every rectification and follow-up with who and when, and the forms to add one.
 */
export function EntryDetailPanel() {
  const t = useLogbookT();
  const controller = useController();
  const selected = useLogbook((state) => state.selectedEntryId);
  const detail = useLogbook((state) => state.detail);
  const error = useLogbook((state) => state.detailError);
  const amend = useLogbook((state) => state.amend);
  const followUp = useLogbook((state) => state.followUp);
  // Another seat's entry (from the room): read-only here, its own seat completes it.
  const otherSeat = useLogbook((state) => state.selectedSeat);
  if (selected === null) return null;

  return (
    <aside
      className="lb-detail"
      data-testid="entry-detail"
      data-entry-id={selected}
      data-seat={otherSeat ?? undefined}
    >
      <div className="lb-detail__head">
        <h2 className="lb-section-title">{t('detail.title', { id: selected })}</h2>
        <button
          type="button"
          className="button button--small"
          data-testid="detail-close"
          onClick={() => void controller.views.openEntry(null)}
        >
          {t('detail.close')}
        </button>
      </div>
      <ErrorMessage error={error} testId="detail-error" />
      {detail && (
        <>
          <EntryText detail={detail} />
          {otherSeat !== null && (
            <p className="lb-muted" data-testid="detail-read-only">
              {t('room.readOnly', { seat: otherSeat })}
            </p>
          )}
          {otherSeat === null && (
            <div className="lb-actions">
              <button
                type="button"
                className="button"
                data-testid="detail-follow-up"
                onClick={() => controller.edits.startFollowUp()}
              >
                {t('detail.followUp')}
              </button>
              <button
                type="button"
                className="button"
                data-testid="detail-amend"
                onClick={() => controller.edits.startAmend()}
              >
                {t('detail.amend')}
              </button>
            </div>
          )}
          {followUp?.entryId === detail.entry.id && <FollowUpForm />}
          {amend?.entryId === detail.entry.id && <AmendFormView />}
          <h3 className="lb-subtitle">{t('detail.followUps')}</h3>
          {detail.followUps.length === 0 && <p className="lb-muted">{t('detail.none')}</p>}
          <ul className="lb-history">
            {detail.followUps.map((item) => (
              <li key={item.id} data-testid="follow-up">
                {t('detail.followUpLine', {
                  at: formatDateTime(item.writtenAt),
                  name: item.author.name,
                  status: t(`status.${item.status}`),
                  note: item.note,
                })}
                {item.actions.length > 0 && ` — ${item.actions.join(', ')}`}
              </li>
            ))}
          </ul>
          {otherSeat === null && <EntryClips entryId={detail.entry.id} />}
          <h3 className="lb-subtitle">{t('detail.amendments')}</h3>
          {detail.amendments.length === 0 && <p className="lb-muted">{t('detail.none')}</p>}
          <ul className="lb-history">
            {detail.amendments.map((item) => (
              <li key={item.id} data-testid="amendment">
                {t('detail.amendmentLine', {
                  at: formatDateTime(item.writtenAt),
                  name: item.author.name,
                  reason: item.reason,
                })}
                <span className="lb-muted"> ({Object.keys(item.changes).join(', ')})</span>
              </li>
            ))}
          </ul>
          {detail.chain && <p className="lb-muted lb-mono">{t('detail.chain', { seq: detail.chain.seq })}</p>}
        </>
      )}
    </aside>
  );
}

function EntryText({ detail }: { detail: EntryDetail }) {
  const t = useLogbookT();
  const { entry, original } = detail;
  const amended = detail.amendments.length > 0;
  return (
    <div className="lb-entry-text">
      {amended && <h3 className="lb-subtitle">{t('detail.current')}</h3>}
      <p className="lb-entry-text__meta">
        <span
          className={`lb-status lb-status--${entry.status.replace(' ', '-')}`}
          data-testid="detail-status"
        >
          {t(`status.${entry.status}`)}
        </span>{' '}
        <strong>{entry.category}</strong> — {t('detail.observedAt', { at: formatDateTime(entry.observedAt) })}
      </p>
      <p>
        {t('detail.place')} : {placeLabel(entry) || '—'} · {t('detail.cameras')} :{' '}
        {entry.cameras.join(', ') || '—'}
      </p>
      <p className="lb-entry-text__body" data-testid="detail-description">
        {entry.description}
      </p>
      <p>
        {t('detail.actions')} : {entry.actions.join(', ') || '—'}
      </p>
      <p className="lb-muted">
        {t('detail.writtenBy', {
          at: formatDateTime(entry.writtenAt),
          name: entry.author.name,
          badge: entry.author.badge,
          workstation: entry.workstation,
        })}
      </p>
      {amended && (
        <div className="lb-original" data-testid="detail-original">
          <h3 className="lb-subtitle">{t('detail.original')}</h3>
          <p>
            <strong>{original.category}</strong> —{' '}
            {t('detail.observedAt', { at: formatDateTime(original.observedAt) })}
          </p>
          <p>
            {t('detail.place')} : {placeLabel(original) || '—'} · {t('detail.cameras')} :{' '}
            {original.cameras.join(', ') || '—'}
          </p>
          <p className="lb-entry-text__body">{original.description}</p>
        </div>
      )}
    </div>
  );
}

function FollowUpForm() {
  const t = useLogbookT();
  const controller = useController();
  const followUp = useLogbook((state) => state.followUp);
  const actions = useLogbook((state) => state.taxonomy?.actions);
  const { editFollowUp, setFollowUp } = useLogbookActions();
  if (!followUp) return null;
  return (
    <CardForm testId="follow-up-form" onSubmit={() => void controller.edits.submitFollowUp()}>
      <TextAreaField
        label={t('detail.followUpNote')}
        testId="follow-up-note"
        rows={3}
        value={followUp.note}
        onChange={(note) => editFollowUp({ note })}
      />
      {followUp.problem === 'noteRequired' && <p className="lb-problem">{t('detail.noteRequired')}</p>}
      <StatusSelect
        label={t('detail.followUpStatus')}
        value={followUp.status}
        testId="follow-up-status"
        onChange={(status) => editFollowUp({ status })}
      />
      <ActionChecks
        items={actions}
        selected={followUp.actions}
        onChange={(selected) => editFollowUp({ actions: selected })}
      />
      <ErrorMessage error={followUp.error} kept testId="follow-up-error" />
      <SubmitCancel
        submit={t('detail.followUpSubmit')}
        submitTestId="follow-up-submit"
        saving={followUp.saving}
        cancel={t('detail.cancel')}
        onCancel={() => setFollowUp(null)}
      />
    </CardForm>
  );
}

function AmendFormView() {
  const t = useLogbookT();
  const controller = useController();
  const amend = useLogbook((state) => state.amend);
  const categories = useLogbook((state) => state.taxonomy?.categories);
  const actions = useLogbook((state) => state.taxonomy?.actions);
  const { editAmend, setAmend } = useLogbookActions();
  if (!amend) return null;
  const { form } = amend;
  const problemKey =
    amend.problem === 'reason'
      ? 'detail.reasonRequired'
      : amend.problem === 'noChange'
        ? 'detail.noChange'
        : amend.problem === 'description'
          ? 'form.problems.description'
          : amend.problem === 'observedAt'
            ? 'form.problems.observedAt'
            : amend.problem === 'cameras'
              ? 'form.unknownCamera'
              : null;
  return (
    <CardForm testId="amend-form" onSubmit={() => void controller.edits.submitAmend()}>
      <h3 className="lb-subtitle">{t('detail.amendTitle')}</h3>
      <TextField
        label={t('detail.amendReason')}
        value={form.reason}
        maxLength={2000}
        testId="amend-reason"
        onChange={(reason) => editAmend({ reason })}
      />
      <TextField
        label={t('form.observedAt')}
        {...FRENCH_DATETIME_INPUT}
        value={form.observedAt}
        onChange={(observedAt) => editAmend({ observedAt })}
      />
      <CategorySelect
        label={t('form.category')}
        items={categories}
        value={form.category}
        onChange={(category) => editAmend({ category })}
      />
      <PlaceFields values={form} onChange={(key, value) => editAmend({ [key]: value })} />
      <TextField
        label={t('form.cameras')}
        value={form.cameras}
        onChange={(cameras) => editAmend({ cameras })}
      />
      <TextAreaField
        label={t('form.description')}
        testId="amend-description"
        rows={5}
        value={form.description}
        onChange={(description) => editAmend({ description })}
      />
      <ActionChecks
        items={actions}
        selected={form.actions}
        onChange={(selected) => editAmend({ actions: selected })}
      />
      {problemKey && <p className="lb-problem">{t(problemKey)}</p>}
      <ErrorMessage error={amend.error} kept testId="amend-error" />
      <SubmitCancel
        submit={t('detail.amendSubmit')}
        submitTestId="amend-submit"
        saving={amend.saving}
        cancel={t('detail.cancel')}
        onCancel={() => setAmend(null)}
      />
    </CardForm>
  );
}
