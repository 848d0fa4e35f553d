import { useEffect, useState } from 'react';
import type { PassthroughCodec } from '../../../src-shared/contract';
import { acceptedCodecs, mpeg1Only, probeH264 } from '../video/h264-support';

/**
 * The codecs this window can take as passthrough, for a tile's watch. Starts as what is known
 * now (see acceptedCodecs) and re-renders once the window's one WebCodecs probe answers, so a
 * tile mounted before the answer still ends up announcing H.264.
 */
export function useAcceptedCodecs(): readonly PassthroughCodec[] {
  const [accepted, setAccepted] = useState<readonly PassthroughCodec[]>(acceptedCodecs);
  useEffect(() => {
    if (mpeg1Only()) return undefined;
    let live = true;
    void probeH264().then(() => {
      if (!live) return;
      const now = acceptedCodecs();
      setAccepted((previous) => (previous.join() === now.join() ? previous : now));
    });
    return () => {
      live = false;
    };
  }, []);
  return accepted;
}
