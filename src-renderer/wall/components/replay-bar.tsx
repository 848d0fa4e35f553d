import { useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { useWallTranslation } from '../wall-i18n';
import type { TileReplay } from '../store/store-types';
import { useTimeFormat } from '../hooks/use-time-format';
import { useWallCommands } from './wall-context';

/** The rewinds a tile offers (seconds), as asked by the control room: R alone is the first. */
export const REWIND_CHOICES = [10, 30, 60, 120] as const;

/** "10 s", "1 min": what a rewind button says. */
function rewindLabel(t: ReturnType<typeof useWallTranslation>['t'], seconds: number): string {
  return seconds >= 60 && seconds % 60 === 0
    ? t('tile.replay.minutes', { minutes: seconds / 60 })
    : t('tile.replay.seconds', { seconds });
}

/**
 * A control on the tile that never takes the focus (the wall keeps answering the keyboard) and
 * never selects, maximises or drags the tile under it.
 */
interface BarButtonProps {
  label: ReactNode;
  /** Also its accessible name: the label may be a sign (×2). */
  title: string;
  pressed?: boolean;
  testId: string;
  onPress: () => void;
}

function BarButton({ label, title, testId, pressed, onPress }: BarButtonProps) {
  return (
    <button
      type="button"
      className={`tile__action replay-bar__button${pressed ? ' replay-bar__button--on' : ''}`}
      title={title}
      aria-label={title}
      aria-pressed={pressed}
      data-testid={testId}
      onMouseDown={(event) => event.preventDefault()}
      onClick={(event) => {
        event.stopPropagation();
        onPress();
      }}
      onDoubleClick={stop}
    >
      {label}
    </button>
  );
}

function stop(event: MouseEvent): void {
  event.stopPropagation();
}

/** The selected tile's rewinds: −10 s, −30 s, −1 min, −2 min, in place (R does the first). */
export function RewindButtons({ index }: { index: number }) {
  const { t } = useWallTranslation();
  const run = useWallCommands();
  return (
    <span className="replay-rewinds" role="group" aria-label={t('tile.replay.group')}>
      {REWIND_CHOICES.map((seconds) => {
        const label = rewindLabel(t, seconds);
        return (
          <BarButton
            key={seconds}
            label={t('tile.replay.back', { label })}
            title={t('tile.replay.backTitle', { label })}
            testId={`tile-rewind-${seconds}`}
            onPress={() => run({ type: 'replay', index, seconds })}
          />
        );
      })}
    </span>
  );
}

/**
 * A replaying tile's bar: pause, ×2, the scrub bar over what the buffer holds, back to live and
 * the evidence clip. The scrub bar follows the picture's own time; dragging it moves a local
 * thumb only, and the seek is sent once, when the operator lets go (each seek restarts the
 * core's replay transcoder).
 */
export function ReplayBar({ slot, replay }: { slot: number; replay: TileReplay }) {
  const { t } = useWallTranslation();
  const run = useWallCommands();
  const timeFormat = useTimeFormat();
  const [dragAt, setDragAt] = useState<number | null>(null);
  /** The thumb's time not yet sent (a ref: blur follows pointer-up in the same task). */
  const pending = useRef<number | null>(null);
  const control = (command: Parameters<typeof run>[0] & { type: 'replay-control' }) => run(command);
  const paused = replay.state === 'paused';
  const from = replay.bufferFrom;
  const to = replay.bufferTo;
  const at = dragAt ?? replay.pictureAt ?? to ?? 0;
  const commit = (target: HTMLInputElement) => {
    const seekAt = pending.current;
    if (seekAt === null) return;
    pending.current = null;
    control({ type: 'replay-control', slot, command: { type: 'replay-seek', at: seekAt } });
    setDragAt(null);
    // Back to the wall's keys (arrows select tiles again).
    target.blur();
  };
  return (
    <div
      className="replay-bar"
      data-testid="replay-bar"
      role="group"
      aria-label={t('tile.replay.bar')}
      onClick={stop}
      onDoubleClick={stop}
      onMouseDown={stop}
      onDragStart={(event) => {
        event.preventDefault();
        event.stopPropagation();
      }}
      draggable={false}
    >
      <BarButton
        label={paused ? t('tile.replay.resume') : t('tile.replay.pause')}
        title={paused ? t('tile.replay.resume') : t('tile.replay.pause')}
        testId="replay-pause"
        pressed={paused}
        onPress={() =>
          control({ type: 'replay-control', slot, command: { type: 'replay-pause', paused: !paused } })
        }
      />
      <BarButton
        label={replay.speed === 2 ? t('tile.replay.normal') : t('tile.replay.fast')}
        title={replay.speed === 2 ? t('tile.replay.normalTitle') : t('tile.replay.fastTitle')}
        testId="replay-speed"
        pressed={replay.speed === 2}
        onPress={() =>
          control({
            type: 'replay-control',
            slot,
            command: { type: 'replay-speed', speed: replay.speed === 2 ? 1 : 2 },
          })
        }
      />
      {from !== null && to !== null && to > from && (
        <input
          type="range"
          className="replay-bar__scrub"
          data-testid="replay-scrub"
          aria-label={t('tile.replay.scrub')}
          aria-valuetext={timeFormat.format(at)}
          min={from}
          max={to}
          step={1000}
          value={Math.min(to, Math.max(from, at))}
          onChange={(event) => {
            pending.current = Number(event.currentTarget.value);
            setDragAt(pending.current);
          }}
          onPointerUp={(event) => commit(event.currentTarget)}
          onKeyUp={(event) => commit(event.currentTarget)}
          onBlur={(event) => commit(event.currentTarget)}
        />
      )}
      <BarButton
        label={t('tile.replay.live')}
        title={t('tile.replay.liveTitle')}
        testId="replay-live"
        onPress={() => control({ type: 'replay-control', slot, command: { type: 'replay-live' } })}
      />
      {from !== null && to !== null && to > from && (
        <BarButton
          label={t('tile.replay.clip')}
          title={t('tile.replay.clipTitle')}
          testId="replay-clip"
          onPress={() => run({ type: 'open-clip', slot })}
        />
      )}
    </div>
  );
}
