import { useState } from 'react';
import { useWallTranslation } from '../wall-i18n';
import type { CameraSummary, Tour } from '../../../src-shared/contract';
import { selectCamerasById, selectSelected } from '../store/selectors';
import { useVigie, useVigieStoreApi } from '../store/use-vigie';
import { Modal } from './modal';
import { useWallCommands } from './wall-context';

interface DraftStep {
  key: number;
  camera: string;
  dwell: string;
}

interface Draft {
  id: string | null;
  name: string;
  steps: DraftStep[];
}

const EMPTY_TOURS: readonly Tour[] = [];
const DEFAULT_DWELL_SECONDS = 10;
let nextStepKey = 1;

function draftOf(tour: Tour, cameras: Readonly<Record<string, CameraSummary>>): Draft {
  return {
    id: tour.id,
    name: tour.name,
    steps: tour.steps.map((step) => ({
      key: nextStepKey++,
      camera: String(cameras[step.cameraId]?.number ?? step.cameraId),
      dwell: String(step.dwellSeconds),
    })),
  };
}

function emptyDraft(name: string): Draft {
  return {
    id: null,
    name,
    steps: [{ key: nextStepKey++, camera: '', dwell: String(DEFAULT_DWELL_SECONDS) }],
  };
}

type DraftError =
  | { key: 'needName' }
  | { key: 'needSteps' }
  | { key: 'invalidCamera'; number: string }
  | { key: 'invalidDwell' };

/**
 * Minimal tour editor: a tour is a name and a list of (camera number, dwell seconds). Operators
 * type camera numbers as on the keyboard; the editor turns them into camera ids and refuses
 * unknown numbers and dwell times outside 2–3600 s before anything is saved.
 */
export function TourEditor() {
  const { t } = useWallTranslation();
  const run = useWallCommands();
  const store = useVigieStoreApi();
  const tours = useVigie((state) => state.wall?.tours ?? EMPTY_TOURS);
  const cameras = useVigie(selectCamerasById);
  const selected = useVigie(selectSelected);
  const saveTour = useVigie((state) => state.saveTour);
  const removeTour = useVigie((state) => state.removeTour);
  const [draft, setDraft] = useState<Draft>(() => {
    const first = tours[0];
    return first ? draftOf(first, cameras) : emptyDraft(t('tours.defaultName', { number: 1 }));
  });
  const [error, setError] = useState<DraftError | null>(null);

  const setStep = (key: number, change: Partial<DraftStep>) =>
    setDraft((current) => ({
      ...current,
      steps: current.steps.map((step) => (step.key === key ? { ...step, ...change } : step)),
    }));

  const validate = (): Tour | DraftError => {
    const name = draft.name.trim();
    if (name === '') return { key: 'needName' };
    const steps: Tour['steps'] = [];
    for (const step of draft.steps) {
      if (step.camera.trim() === '') continue;
      const number = Number(step.camera.trim());
      const camera = Object.values(cameras).find((c) => c.number === number);
      if (!camera) return { key: 'invalidCamera', number: step.camera.trim() };
      const dwell = Number(step.dwell);
      if (!Number.isInteger(dwell) || dwell < 2 || dwell > 3600) return { key: 'invalidDwell' };
      steps.push({ cameraId: camera.id, dwellSeconds: dwell });
    }
    if (steps.length === 0) return { key: 'needSteps' };
    return { id: draft.id ?? `tour-${Date.now().toString(36)}`, name: name.slice(0, 120), steps };
  };

  const save = (): Tour | null => {
    const result = validate();
    if ('key' in result) {
      setError(result);
      return null;
    }
    setError(null);
    saveTour(result);
    setDraft((current) => ({ ...current, id: result.id }));
    return result;
  };

  const startInSelected = () => {
    const tour = save();
    if (!tour || selected === null) return;
    const position = (store.getState().wall?.tours ?? []).findIndex((candidate) => candidate.id === tour.id);
    run({ type: 'close-modal' });
    run({ type: 'tour', index: selected, tourNumber: position + 1 });
  };

  const errorText = (value: DraftError) =>
    value.key === 'invalidCamera'
      ? t('tours.invalidCamera', { number: value.number })
      : t(`tours.${value.key}`);

  return (
    <Modal title={t('tours.title')} testId="tour-editor" onClose={() => run({ type: 'close-modal' })} wide>
      <div className="tour-editor">
        <div className="tour-editor__list">
          <h3 className="tour-editor__heading">{t('tours.list')}</h3>
          {tours.length === 0 && <p className="tour-editor__none">{t('tours.none')}</p>}
          <ol className="tour-editor__tours">
            {tours.map((tour, position) => (
              <li key={tour.id}>
                <button
                  type="button"
                  className={`tour-editor__tour${draft.id === tour.id ? ' tour-editor__tour--current' : ''}`}
                  data-testid="tour-item"
                  onClick={() => {
                    setError(null);
                    setDraft(draftOf(tour, cameras));
                  }}
                >
                  {t('tours.numbered', { position: position + 1, name: tour.name, count: tour.steps.length })}
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="button"
            data-testid="tour-new"
            onClick={() => {
              setError(null);
              setDraft(emptyDraft(t('tours.defaultName', { number: tours.length + 1 })));
            }}
          >
            {t('tours.new')}
          </button>
        </div>
        <div className="tour-editor__form">
          <label className="field">
            <span className="field__label">{t('tours.name')}</span>
            <input
              className="input"
              data-testid="tour-name"
              value={draft.name}
              maxLength={120}
              onChange={(event) => setDraft((current) => ({ ...current, name: event.target.value }))}
            />
          </label>
          <h3 className="tour-editor__heading">{t('tours.steps')}</h3>
          <table className="tour-editor__steps">
            <thead>
              <tr>
                <th>{t('tours.camera')}</th>
                <th>{t('tours.dwell')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {draft.steps.map((step) => {
                const number = Number(step.camera);
                const camera = Object.values(cameras).find((c) => c.number === number);
                return (
                  <tr key={step.key} data-testid="tour-step">
                    <td>
                      <input
                        className="input input--number"
                        data-testid="tour-step-camera"
                        inputMode="numeric"
                        value={step.camera}
                        aria-label={t('tours.camera')}
                        onChange={(event) => setStep(step.key, { camera: event.target.value })}
                      />
                      <span className="tour-editor__camera-name">{camera?.name ?? ''}</span>
                    </td>
                    <td>
                      <input
                        className="input input--number"
                        data-testid="tour-step-dwell"
                        inputMode="numeric"
                        value={step.dwell}
                        aria-label={t('tours.dwell')}
                        onChange={(event) => setStep(step.key, { dwell: event.target.value })}
                      />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() =>
                          setDraft((current) => ({
                            ...current,
                            steps: current.steps.filter((candidate) => candidate.key !== step.key),
                          }))
                        }
                      >
                        {t('tours.removeStep')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <button
            type="button"
            className="button"
            data-testid="tour-add-step"
            onClick={() =>
              setDraft((current) => ({
                ...current,
                steps: [
                  ...current.steps,
                  {
                    key: nextStepKey++,
                    camera: '',
                    dwell: current.steps.at(-1)?.dwell ?? String(DEFAULT_DWELL_SECONDS),
                  },
                ],
              }))
            }
          >
            {t('tours.addStep')}
          </button>
          {error && (
            <p className="tour-editor__error" role="alert" data-testid="tour-error">
              {errorText(error)}
            </p>
          )}
          <div className="dialog__actions">
            {draft.id !== null && (
              <button
                type="button"
                className="button button--danger"
                data-testid="tour-delete"
                onClick={() => {
                  if (draft.id !== null) removeTour(draft.id);
                  setDraft(emptyDraft(t('tours.defaultName', { number: tours.length })));
                }}
              >
                {t('tours.delete')}
              </button>
            )}
            <button type="button" className="button" onClick={() => run({ type: 'close-modal' })}>
              {t('tours.close')}
            </button>
            <button type="button" className="button" data-testid="tour-save" onClick={() => save()}>
              {t('tours.save')}
            </button>
            <button
              type="button"
              className="button button--primary"
              data-testid="tour-start"
              disabled={selected === null}
              onClick={startInSelected}
            >
              {t('tours.start')}
            </button>
          </div>
        </div>
      </div>
    </Modal>
  );
}
