import type { ReactNode } from 'react';
import { useWallTranslation } from '../wall-i18n';
import { selectDisplay, selectShowInfo, selectShowTree, selectWall } from '../store/selectors';
import { useVigie } from '../store/use-vigie';
import { MAX_DISPLAY } from '../../shared/connection/bootstrap';
import { PRESET_ORDER } from '../model/layout-geometry';
import { pageCount } from '../model/wall-model';
import { useWallCommands } from './wall-context';

/**
 * The row of controls above the wall: layouts, pages, panels, tours, spot target and help. Every
 * button mirrors a shortcut (shown in its tooltip) and never takes the focus, so the keyboard
 * keeps driving the wall after a click.
 */
export function Toolbar() {
  const { t } = useWallTranslation();
  const run = useWallCommands();
  const wall = useVigie(selectWall);
  const display = useVigie(selectDisplay);
  const showTree = useVigie(selectShowTree);
  const showInfo = useVigie(selectShowInfo);
  const setSpotTarget = useVigie((state) => state.setSpotTarget);
  const openModal = useVigie((state) => state.openModal);
  if (!wall) return null;
  const pages = pageCount(wall);
  const spotTarget = wall.spotTarget ?? (display === 1 ? 2 : 1);
  const displays = Array.from({ length: Math.min(MAX_DISPLAY, Math.max(4, spotTarget)) }, (_, i) => i + 1);

  return (
    <nav className="toolbar" aria-label={t('toolbar.label')} data-testid="toolbar">
      <div className="toolbar__group" role="group" aria-label={t('toolbar.layouts')}>
        {PRESET_ORDER.map((preset, position) => (
          <ToolButton
            key={preset}
            testId={`layout-${preset}`}
            pressed={wall.layout.preset === preset}
            title={t('toolbar.layoutTitle', { name: t(`toolbar.layout.${preset}`), position: position + 1 })}
            onPress={() => run({ type: 'layout', preset })}
          >
            {t(`toolbar.layout.${preset}`)}
          </ToolButton>
        ))}
        <ToolButton
          testId="layout-custom"
          pressed={wall.layout.preset === 'custom'}
          title={t('toolbar.customTitle')}
          onPress={() => run({ type: 'layout-editor' })}
        >
          {t('toolbar.layout.custom')}
        </ToolButton>
      </div>
      <div className="toolbar__group">
        <ToolButton
          testId="page-previous"
          title={t('toolbar.previousPage')}
          onPress={() => run({ type: 'page', delta: -1 })}
        >
          ◀
        </ToolButton>
        <span
          className="toolbar__page"
          data-testid="page-indicator"
          data-page={wall.page + 1}
          data-pages={pages}
        >
          {t('header.page', { page: wall.page + 1, pages })}
        </span>
        <ToolButton
          testId="page-next"
          title={t('toolbar.nextPage')}
          onPress={() => run({ type: 'page', delta: 1 })}
        >
          ▶
        </ToolButton>
      </div>
      <div className="toolbar__group">
        <ToolButton
          testId="toggle-tree"
          pressed={showTree}
          title={t('toolbar.treeTitle')}
          onPress={() => run({ type: 'toggle-tree' })}
        >
          {t('toolbar.tree')}
        </ToolButton>
        <ToolButton
          testId="toggle-info"
          pressed={showInfo}
          title={t('toolbar.infoTitle')}
          onPress={() => run({ type: 'toggle-info' })}
        >
          {t('toolbar.info')}
        </ToolButton>
        <ToolButton
          testId="open-tours"
          title={t('toolbar.toursTitle')}
          onPress={() => run({ type: 'tour-editor' })}
        >
          {t('toolbar.tours')}
        </ToolButton>
        <label className="toolbar__spot" title={t('toolbar.spotTargetTitle')}>
          <span className="toolbar__label">{t('toolbar.spotTarget')}</span>
          <select
            className="button"
            data-testid="spot-target"
            value={spotTarget}
            onChange={(event) => {
              setSpotTarget(Number(event.target.value));
              // Hand the keyboard back to the wall at once.
              event.target.blur();
            }}
          >
            {displays
              .filter((n) => n !== display)
              .map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
          </select>
        </label>
      </div>
      <span className="toolbar__spacer" />
      <div className="toolbar__group">
        <ToolButton testId="open-help" title={t('toolbar.helpTitle')} onPress={() => run({ type: 'help' })}>
          {t('toolbar.help')}
        </ToolButton>
        <ToolButton testId="reset-layout" title={t('toolbar.resetTitle')} onPress={() => openModal('reset')}>
          {t('toolbar.reset')}
        </ToolButton>
      </div>
    </nav>
  );
}

/** A toolbar button that never steals the keyboard focus from the wall. */
function ToolButton({
  children,
  title,
  testId,
  pressed,
  onPress,
}: {
  children: ReactNode;
  title: string;
  testId: string;
  pressed?: boolean;
  onPress: () => void;
}) {
  return (
    <button
      type="button"
      className={`button${pressed ? ' button--pressed' : ''}`}
      title={title}
      data-testid={testId}
      aria-pressed={pressed}
      onMouseDown={(event) => event.preventDefault()}
      onClick={onPress}
    >
      {children}
    </button>
  );
}
