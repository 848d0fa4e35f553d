import { useWallTranslation } from '../wall-i18n';
import type { SiteProblem } from '../../../src-shared/contract';
import { selectSiteProblems } from '../store/selectors';
import { useVigie } from '../store/use-vigie';

/**
 * One persistent banner per site problem the core announced in its welcome. Why a banner and not
 * a per-tile error: a missing GStreamer plugin breaks every demo camera at once, and IT needs the
 * package to install, not 64 tiles saying "unknown".
 */
export function SiteProblems() {
  const problems = useVigie(selectSiteProblems);
  if (problems.length === 0) return null;
  return (
    <>
      {problems.map((problem) => (
        <ProblemBanner key={problem.code} problem={problem} />
      ))}
    </>
  );
}

function ProblemBanner({ problem }: { problem: SiteProblem }) {
  const { t } = useWallTranslation();
  const [text, help] =
    problem.code === 'demo-missing-elements'
      ? [
          t('problems.demoMissingElements', { elements: problem.elements.join(', ') }),
          t('problems.demoMissingElementsHelp', {
            packages: problem.packages.join(' '),
            plugins: problem.plugins.join(', '),
          }),
        ]
      : [t('problems.demoUnavailable'), t('problems.demoUnavailableHelp')];
  return (
    <div
      className="banner banner--error connection-banner"
      role="alert"
      data-testid="site-problem"
      data-code={problem.code}
    >
      <span className="connection-banner__text">{text}</span>
      <span className="connection-banner__detail">{help}</span>
    </div>
  );
}
