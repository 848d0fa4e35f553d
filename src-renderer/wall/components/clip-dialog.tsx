import { useMemo, useState } from 'react';
import { MAX_CLIP_SECONDS, type ClipResult } from '../../../src-shared/contract';
import { connectionClient, type UiError } from '../../shared/connection/result-client';
import { downloadFile } from '../../shared/download-file';
import { useConnection } from '../connection-context';
import { useTimeFormat } from '../hooks/use-time-format';
import { selectClipSlot, selectReplay } from '../store/selectors';
import { useVigie } from '../store/use-vigie';
import { wallErrorText } from '../wall-errors';
import { useWallTranslation } from '../wall-i18n';
import { Modal } from './modal';

/** The span offered when the dialog opens: the 30 s before the picture being replayed. */
const DEFAULT_SPAN_MS = 30_000;

/** The clip as a download under its register name, so the copy handed over carries the name and hash listed. */
function downloadClip({ clip, mime, base64 }: ClipResult): void {
  downloadFile({ fileName: clip.fileName, mimeType: mime, content: base64, encoding: 'base64' });
}

type Phase =
  { kind: 'editing'; problem: string | null } | { kind: 'working' } | { kind: 'done'; result: ClipResult };

/**
 * The evidence clip dialog, opened from a replaying tile's bar. The in and out points are
 * chosen inside what the camera's replay buffer holds (sliders, or "here" from the replayed
 * picture) because the core can only cut what it still has in memory; the reason is mandatory
 * as in the extraction register. The core answers with the clip's register line and its bytes,
 * downloaded at once and again on demand.
 */
export function ClipDialog() {
  const { t } = useWallTranslation();
  const slot = useVigie(selectClipSlot);
  const replay = useVigie(selectReplay(slot ?? -1));
  const camera = useVigie((state) => (replay ? state.camerasById[replay.cameraId] : undefined));
  const closeClip = useVigie((state) => state.openClip);
  const notify = useVigie((state) => state.notify);
  const connection = useConnection();
  const client = useMemo(() => (connection ? connectionClient(connection) : null), [connection]);
  const timeFormat = useTimeFormat();

  const bufferFrom = replay?.bufferFrom ?? null;
  const bufferTo = replay?.bufferTo ?? null;
  const here = replay?.pictureAt ?? bufferTo;
  const [to, setTo] = useState<number>(() => here ?? 0);
  const [from, setFrom] = useState<number>(() => Math.max(bufferFrom ?? 0, (here ?? 0) - DEFAULT_SPAN_MS));
  const [reason, setReason] = useState('');
  const [entry, setEntry] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'editing', problem: null });

  if (slot === null || !replay || bufferFrom === null || bufferTo === null) return null;
  const number = camera?.number ?? replay.cameraId;
  const close = () => closeClip(null);

  const problemOf = (): string | null => {
    if (reason.trim().length < 3) return t('clip.needReason');
    if (to <= from) return t('clip.badSpan');
    if (to - from > MAX_CLIP_SECONDS * 1000) return t('clip.tooLong', { seconds: MAX_CLIP_SECONDS });
    if (entry.trim() !== '' && !/^[1-9]\d{0,9}$/.test(entry.trim())) return t('clip.badEntry');
    return null;
  };

  // Who may extract is said the clip's way; every other refusal (not-buffered, clip-busy…) reads
  // as in every window (shared/i18n/refusals).
  const refusalText = (error: UiError): string =>
    error.code === 'forbidden' || error.code === 'not-logged-in'
      ? t(`clip.refused.${error.code}`)
      : t('clip.refused.failed', { error: wallErrorText(error) });

  const submit = async () => {
    const problem = problemOf();
    if (problem !== null || !client) {
      setPhase({ kind: 'editing', problem: problem ?? wallErrorText({ code: 'connection' }) });
      return;
    }
    setPhase({ kind: 'working' });
    const outcome = await client.call('replay.clip', {
      cameraId: replay.cameraId,
      from,
      to,
      reason: reason.trim(),
      entryId: entry.trim() === '' ? null : Number(entry.trim()),
      requisitionId: null,
    });
    if (!outcome.ok) {
      setPhase({ kind: 'editing', problem: refusalText(outcome.error) });
      return;
    }
    downloadClip(outcome.value);
    notify('clipSaved', { file: outcome.value.clip.fileName });
    setPhase({ kind: 'done', result: outcome.value });
  };

  if (phase.kind === 'done') {
    const { clip } = phase.result;
    return (
      <Modal title={t('clip.title', { number })} testId="clip-dialog" onClose={close}>
        <p className="dialog__text" data-testid="clip-done">
          {t('clip.done', { file: clip.fileName })}
        </p>
        <p className="dialog__text clip-dialog__sha" data-testid="clip-sha">
          {t('clip.sha', { sha: clip.sha256 })}
        </p>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={() => downloadClip(phase.result)}>
            {t('clip.download')}
          </button>
          <button type="button" className="button button--primary" onClick={close}>
            {t('clip.close')}
          </button>
        </div>
      </Modal>
    );
  }

  const working = phase.kind === 'working';
  const point = (label: string, value: number, set: (at: number) => void, testId: string) => (
    <div className="field clip-dialog__point">
      <label className="field">
        <span className="field__label">
          {label} : {timeFormat.format(value)}
        </span>
        <input
          type="range"
          className="clip-dialog__range"
          data-testid={`clip-${testId}`}
          min={bufferFrom}
          max={bufferTo}
          step={1000}
          value={Math.min(bufferTo, Math.max(bufferFrom, value))}
          disabled={working}
          onChange={(event) => set(Number(event.currentTarget.value))}
        />
      </label>
      {here !== null && (
        <button
          type="button"
          className="button button--small"
          title={t('clip.hereTitle', { time: timeFormat.format(here) })}
          disabled={working}
          onClick={() => set(here)}
        >
          {testId === 'from' ? t('clip.fromHere') : t('clip.toHere')}
        </button>
      )}
    </div>
  );

  return (
    <Modal title={t('clip.title', { number })} testId="clip-dialog" onClose={close}>
      <p className="dialog__text">{t('clip.intro')}</p>
      <p className="dialog__text">
        {t('clip.buffer', { from: timeFormat.format(bufferFrom), to: timeFormat.format(bufferTo) })}
      </p>
      <label className="field">
        <span className="field__label">{t('clip.reason')}</span>
        <textarea
          className="input"
          data-testid="clip-reason"
          placeholder={t('clip.reasonPlaceholder')}
          maxLength={500}
          value={reason}
          disabled={working}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
      </label>
      {point(t('clip.from'), from, setFrom, 'from')}
      {point(t('clip.to'), to, setTo, 'to')}
      <p className="dialog__text" data-testid="clip-duration">
        {t('clip.duration', { seconds: Math.max(0, Math.round((to - from) / 1000)) })}
      </p>
      <label className="field">
        <span className="field__label">{t('clip.entry')}</span>
        <input
          className="input input--number"
          data-testid="clip-entry"
          inputMode="numeric"
          value={entry}
          disabled={working}
          onChange={(event) => setEntry(event.currentTarget.value)}
        />
      </label>
      {phase.kind === 'editing' && phase.problem !== null && (
        <p className="tour-editor__error" role="alert" data-testid="clip-error">
          {phase.problem}
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={close}>
          {t('clip.cancel')}
        </button>
        <button
          type="button"
          className="button button--primary"
          data-testid="clip-submit"
          disabled={working}
          onClick={() => void submit()}
        >
          {working ? t('clip.working') : t('clip.submit')}
        </button>
      </div>
    </Modal>
  );
}
