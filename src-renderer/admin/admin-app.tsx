import type { Bootstrap } from '../connection/bootstrap';

/** The administration window (`view=admin`): placeholder until its UI lands. */
export function AdminApp({ bootstrap }: { bootstrap: Bootstrap }) {
  return <main data-testid="admin-app">Administration — écran {bootstrap.display}</main>;
}
