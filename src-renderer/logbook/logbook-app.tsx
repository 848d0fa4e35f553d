import type { Bootstrap } from '../connection/bootstrap';

/** The main courante window (`view=main-courante`): placeholder until its UI lands. */
export function LogbookApp({ bootstrap }: { bootstrap: Bootstrap }) {
  return <main data-testid="logbook-app">Main courante — écran {bootstrap.display}</main>;
}
