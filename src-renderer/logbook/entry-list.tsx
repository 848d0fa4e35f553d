import { useMemo, type FormEvent } from 'react';
import { FRENCH_DATETIME_INPUT } from '../shared/time/french-input';
import { EntryStatusSchema } from '../../src-shared/contract';
import { ErrorMessage } from './error-message';
import { SelectField, TextField } from './form-fields';
import { authorLabel, formatDateTime, placeLabel } from './format';
import { selectIsChef } from './store/logbook-selectors';
import type { ListedEntry } from './store/logbook-store-types';
import { useController, useLogbook, useLogbookActions, useLogbookT } from './use-logbook';

/**
 * A list of entries: "MC du jour", "suivis en cours", or a search with its filters. Newest
 * entry first, as the core returns them. The selection on screen is exactly what "export"
 * takes, so the file holds what the operator saw.
 */
export function EntryList() {
  const t = useLogbookT();
  const controller = useController();
  const { openExport } = useLogbookActions();
  const view = useLogbook((state) => state.view);
  const list = useLogbook((state) => state.list);
  const busy = useLogbook((state) => state.listBusy);
  const error = useLogbook((state) => state.listError);
  const selected = useLogbook((state) => state.selectedEntryId);
  const selectedSeat = useLogbook((state) => state.selectedSeat);
  const ownSeat = useLogbook((state) => state.room?.seat ?? null);
  const inRoom = useLogbook((state) => state.room?.configured === true);
  const isChef = useLogbook(selectIsChef);
  const shown = list && list.view === view ? list : null;
  const roomRows = shown?.room === true;
  const isSelected = (entry: ListedEntry) =>
    entry.id === selected &&
    (selectedSeat === null
      ? entry.seat === undefined || entry.seat === ownSeat
      : entry.seat === selectedSeat);

  return (
    <section className="lb-list" data-testid="entry-list" data-view={view} aria-busy={busy}>
      {view === 'search' && <SearchFilters />}
      {inRoom && (
        <p className="lb-muted lb-list__room" data-testid="room-scope">
          {t('room.scope')}
        </p>
      )}
      <div className="lb-list__bar">
        {inRoom && <SeatFilter />}
        <span className="lb-list__total" data-testid="list-total" data-total={shown?.total ?? ''}>
          {shown
            ? shown.totalCapped
              ? t('list.capped', { count: shown.total })
              : t('list.total', { count: shown.total })
            : ''}
        </span>
        <span className="lb-spacer" />
        <button type="button" className="button button--small" onClick={() => void controller.views.reload()}>
          {t('list.refresh')}
        </button>
        <button
          type="button"
          className="button button--small"
          data-testid="list-export"
          disabled={!isChef || !shown}
          title={isChef ? undefined : t('list.exportForbidden')}
          onClick={openExport}
        >
          {t('list.export')}
        </button>
      </div>
      <ErrorMessage error={error} testId="list-error" />
      {shown && shown.entries.length === 0 && <p className="lb-muted lb-list__empty">{t('list.empty')}</p>}
      {shown && shown.entries.length > 0 && (
        <div className="lb-table-wrap">
          <table className="lb-table">
            <thead>
              <tr>
                {roomRows && <th>{t('list.columns.seat')}</th>}
                <th>{t('list.columns.number')}</th>
                <th>{t('list.columns.observedAt')}</th>
                <th>{t('list.columns.category')}</th>
                <th>{t('list.columns.place')}</th>
                <th>{t('list.columns.cameras')}</th>
                <th>{t('list.columns.description')}</th>
                <th>{t('list.columns.status')}</th>
                <th>{t('list.columns.author')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.entries.map((entry) => (
                <tr
                  key={`${entry.seat ?? ''}:${entry.id}`}
                  className={`lb-table__row${isSelected(entry) ? ' lb-table__row--selected' : ''}`}
                  data-testid="entry-row"
                  data-entry-id={entry.id}
                  data-seat={entry.seat}
                  tabIndex={0}
                  onClick={() => void controller.views.openEntry(entry.id, entry.seat)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') void controller.views.openEntry(entry.id, entry.seat);
                  }}
                >
                  {roomRows && (
                    <td className="lb-nowrap" data-testid="entry-seat">
                      {entry.seat}
                    </td>
                  )}
                  <td className="lb-num">{entry.id}</td>
                  <td className="lb-nowrap">{formatDateTime(entry.observedAt)}</td>
                  <td>{entry.category}</td>
                  <td>{placeLabel(entry)}</td>
                  <td>{entry.cameras.join(', ')}</td>
                  <td className="lb-table__description">
                    {entry.description}
                    {entry.amendmentCount > 0 && <span className="lb-tag">{t('list.amended')}</span>}
                    {entry.followUpCount > 0 && (
                      <span className="lb-tag">{t('list.followUps', { count: entry.followUpCount })}</span>
                    )}
                  </td>
                  <td>
                    <span className={`lb-status lb-status--${entry.status.replace(' ', '-')}`}>
                      {t(`status.${entry.status}`)}
                    </span>
                  </td>
                  <td className="lb-nowrap">{authorLabel(entry.author)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown?.nextCursor && (
        <button
          type="button"
          className="button lb-list__more"
          disabled={busy}
          onClick={() => void controller.views.loadMore()}
        >
          {t('list.more')}
        </button>
      )}
    </section>
  );
}

/**
 * The room lists' seat filter: every seat seen so far in this window (the room's seats are
 * whoever wrote), this seat first; choosing one reloads the list from the server.
 */
function SeatFilter() {
  const t = useLogbookT();
  const controller = useController();
  const { setSeatFilter } = useLogbookActions();
  const value = useLogbook((state) => state.seatFilter);
  const ownSeat = useLogbook((state) => state.room?.seat ?? null);
  const known = useLogbook((state) => state.knownSeats);
  const seats = useMemo(() => {
    const others = known.filter((seat) => seat !== ownSeat);
    return ownSeat ? [ownSeat, ...others] : others;
  }, [known, ownSeat]);
  return (
    <SelectField
      className="lb-list__seat"
      label={t('room.seatFilter')}
      testId="filter-seat"
      value={value}
      placeholder={t('room.allSeats')}
      options={seats.map((seat) => ({ value: seat, label: seat }))}
      onChange={(seat) => {
        setSeatFilter(seat);
        void controller.views.reload();
      }}
    />
  );
}

/** The search form: filters by category, commune, camera, operator, status, period, and words. */
function SearchFilters() {
  const t = useLogbookT();
  const controller = useController();
  const { editFilter, resetFilter } = useLogbookActions();
  const form = useLogbook((state) => state.filterForm);
  const categories = useLogbook((state) => state.taxonomy?.categories);
  const operators = useLogbook((state) => state.operators);
  const cameras = useLogbook((state) => state.cameras);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void controller.views.loadList('search');
  };

  return (
    <form
      className="lb-filters"
      aria-label={t('filters.label')}
      data-testid="search-filters"
      onSubmit={submit}
    >
      <TextField
        className="lb-filters__text"
        label={t('filters.text')}
        type="search"
        testId="filter-text"
        value={form.text}
        maxLength={200}
        onChange={(text) => editFilter({ text })}
      />
      <SelectField
        label={t('filters.category')}
        testId="filter-category"
        value={form.category}
        placeholder={t('filters.all')}
        options={(categories ?? []).map((item) => ({ id: item.id, value: item.label, label: item.label }))}
        onChange={(category) => editFilter({ category })}
      />
      <TextField
        label={t('filters.commune')}
        testId="filter-commune"
        value={form.commune}
        maxLength={100}
        onChange={(commune) => editFilter({ commune })}
      />
      <SelectField
        label={t('filters.camera')}
        testId="filter-camera"
        value={form.camera}
        placeholder={t('filters.all')}
        options={cameras.map((camera) => ({
          id: camera.id,
          value: String(camera.number),
          label: `${camera.number} — ${camera.name}`,
        }))}
        onChange={(camera) => editFilter({ camera })}
      />
      <SelectField
        label={t('filters.operator')}
        testId="filter-operator"
        value={form.operatorBadge}
        placeholder={t('filters.anyone')}
        options={operators.map((operator) => ({
          id: operator.id,
          value: operator.badge,
          label: `${operator.name} (${operator.badge})`,
        }))}
        onChange={(operatorBadge) => editFilter({ operatorBadge })}
      />
      <fieldset className="lb-fieldset">
        <legend className="field__label">{t('filters.statuses')}</legend>
        <div className="lb-checks">
          {EntryStatusSchema.options.map((status) => (
            <label key={status} className="lb-check">
              <input
                type="checkbox"
                data-testid={`filter-status-${status.replace(' ', '-')}`}
                checked={form.statuses.includes(status)}
                onChange={(event) =>
                  editFilter({
                    statuses: event.target.checked
                      ? [...form.statuses, status]
                      : form.statuses.filter((value) => value !== status),
                  })
                }
              />
              {t(`status.${status}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <TextField
        label={t('filters.from')}
        {...FRENCH_DATETIME_INPUT}
        testId="filter-from"
        value={form.from}
        onChange={(from) => editFilter({ from })}
      />
      <TextField
        label={t('filters.to')}
        {...FRENCH_DATETIME_INPUT}
        testId="filter-to"
        value={form.to}
        onChange={(to) => editFilter({ to })}
      />
      <div className="lb-actions lb-filters__actions">
        <button className="button button--primary" data-testid="filter-apply">
          {t('filters.apply')}
        </button>
        <button
          type="button"
          className="button button--ghost"
          onClick={() => {
            resetFilter();
            void controller.views.loadList('search');
          }}
        >
          {t('filters.reset')}
        </button>
      </div>
    </form>
  );
}
