import { useEffect, useState } from 'react';
import type { Clip } from '../../src-shared/contract';
import type { UiError } from '../shared/connection/result-client';
import { ErrorMessage } from './error-message';
import { formatDateTime } from './format';
import { useController, useLogbookT } from './use-logbook';

/**
 * The evidence clips filed against this entry (from a tile's replay, see the wall's clip
 * dialog): camera, span, who extracted it and why, file name and SHA-256, so whoever reads the
 * entry knows which video documents it and can check the copy handed over. Read from the
 * register each time the entry opens: a clip made a minute ago on the wall shows up.
 */
export function EntryClips({ entryId }: { entryId: number }) {
  const t = useLogbookT();
  const controller = useController();
  // Keyed by entry: an answer for the entry shown before is never shown under this one.
  const [loaded, setLoaded] = useState<{ entryId: number; clips: Clip[]; error: UiError | null } | null>(
    null,
  );

  useEffect(() => {
    let current = true;
    void controller.views.clipsOf(entryId).then((outcome) => {
      if (!current) return;
      setLoaded(
        outcome.ok
          ? { entryId, clips: outcome.value, error: null }
          : { entryId, clips: [], error: outcome.error },
      );
    });
    return () => {
      current = false;
    };
  }, [controller, entryId]);

  // Nothing to say when no clip documents the entry: most entries have none.
  if (loaded?.entryId !== entryId) return null;
  const { clips, error } = loaded;
  if (error === null && clips.length === 0) return null;
  return (
    <section data-testid="entry-clips">
      <h3 className="lb-subtitle">{t('detail.clips')}</h3>
      <ErrorMessage error={error} testId="entry-clips-error" />
      <ul className="lb-history">
        {clips.map((clip) => (
          <li key={clip.id} data-testid="entry-clip" data-sha256={clip.sha256}>
            {t('detail.clipLine', {
              camera: clip.cameraName,
              from: formatDateTime(clip.from),
              to: formatDateTime(clip.to),
              at: formatDateTime(clip.createdAt),
              name: clip.by.name,
              reason: clip.reason,
            })}
            <span className="lb-muted lb-mono">
              {' '}
              {t('detail.clipFile', { file: clip.fileName, sha: clip.sha256 })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
