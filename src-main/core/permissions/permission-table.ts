import type { ApiMethodName, OperatorRole } from '../../../src-shared/contract';
import type { Access } from '../api/guard-types';

export type { Access };

/*
 * Who may call what: the ONE table the core checks before any API handler runs (see
 * guarded-api.ts). The UI hides what a role cannot do, but a hidden button is not a permission:
 * a page, a script or a test calling the socket directly meets this table all the same.
 *
 * `public` methods need nobody logged in: the wall runs whoever sits at the workstation (its
 * viewing is audited and attributed to the logged-in operator or "non connecté"), and logging in
 * must be possible before one is. Every other entry lists the roles allowed; the caller must be
 * logged in with an unlocked session.
 *
 * Typed as a record over every method of the contract, so adding a method without deciding who
 * may call it does not compile.
 */

/** Any logged-in operator, whatever their role. */
export const EVERYONE: readonly OperatorRole[] = ['operator', 'chef de salle', 'admin'];
/** The room chief and admins: reading the audit, the extraction register, exports. */
export const CHEFS: readonly OperatorRole[] = ['chef de salle', 'admin'];
/** Admins only: operators, masks, retention, backups. */
export const ADMINS: readonly OperatorRole[] = ['admin'];

export const PERMISSIONS: Readonly<Record<ApiMethodName, Access>> = {
  // Video wall: runs without a login; viewing is audited.
  'wall.get': 'public',
  'streams.list': 'public',
  'wall.state.get': 'public',
  'wall.state.save': 'public',
  'wall.state.reset': 'public',
  'spot.send': 'public',
  'snapshot.save': EVERYONE,

  // Workstation session.
  'session.status': 'public',
  'session.login': 'public',
  'session.logout': 'public',
  'session.lock': 'public',
  'session.touch': 'public',
  // Refused by the logbook itself once any operator exists.
  'operators.bootstrapAdmin': 'public',

  'operators.list': EVERYONE,
  'operators.add': ADMINS,
  // One's own PIN; another operator's is an admin's (checked by the logbook on the target).
  'operators.setPin': EVERYONE,
  'operators.setActive': ADMINS,

  // Main courante.
  'shifts.current': EVERYONE,
  'shifts.open': EVERYONE,
  'shifts.handover': EVERYONE,
  'shifts.acknowledge': EVERYONE,
  'shifts.list': EVERYONE,
  'shifts.report': EVERYONE,
  'shifts.reportPdf': EVERYONE,
  'logbook.taxonomy': EVERYONE,
  'logbook.taxonomyAdd': CHEFS,
  'logbook.taxonomySetActive': CHEFS,
  // Writes nothing: the draft waits in the main courante window until someone logs in.
  'logbook.prefill': 'public',
  'logbook.create': EVERYONE,
  'logbook.amend': EVERYONE,
  'logbook.followUp': EVERYONE,
  'logbook.get': EVERYONE,
  'logbook.search': EVERYONE,
  'logbook.export': CHEFS,
  // The wall and the logbook show a blocking alert from it, logged in or not.
  'logbook.integrity': 'public',
  // The room link: state only, no secret; every seat shows it.
  'room.status': 'public',
  // The room's main courante (every seat): read as the local one is, exported as it is.
  'room.today': EVERYONE,
  'room.open': EVERYONE,
  'room.search': EVERYONE,
  'room.entries': EVERYONE,
  'room.entry': EVERYONE,
  'room.shifts': EVERYONE,
  // Takes over another seat's handover: opens a shift here, as shifts.acknowledge does.
  'room.acknowledge': EVERYONE,
  'room.export': CHEFS,
  'logbook.verify': CHEFS,
  'logbook.backup': ADMINS,

  // Compliance.
  'masks.list': CHEFS,
  'masks.set': ADMINS,
  'masks.still': ADMINS,
  'audit.query': CHEFS,
  'audit.export': CHEFS,
  'audit.verify': CHEFS,
  'register.list': CHEFS,
  'register.get': CHEFS,
  'register.create': CHEFS,
  'register.addItems': CHEFS,
  'register.candidates': CHEFS,
  'register.export': CHEFS,
  // Evidence clips: cut by the chefs (as the register); the entry they document lists them to all.
  'replay.clip': CHEFS,
  'replay.clips': EVERYONE,
  'retention.get': CHEFS,
  'retention.set': ADMINS,
  'retention.purge': ADMINS,

  // Camera health: the wall header shows the count of cameras down to whoever sits there;
  // availability figures are for the chef de salle and the maintainer (admin).
  'health.summary': 'public',
  'health.availability': CHEFS,
  'health.export': CHEFS,
};
