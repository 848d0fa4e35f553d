import type { i18n as I18n } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * French strings of the administration window, in their own i18next namespace (`admin`) so the
 * wall's and the logbook's resource files stay theirs. Action keys are nested the way the
 * contract names actions (`tile.start` → `actions.tile.start`), so an audit record's action is
 * looked up as is.
 */
export const adminFr = {
  title: 'Administration',
  subtitle: '{{site}} — poste {{workstation}}',
  nobody: 'non connecté',
  session: {
    loginTitle: 'Identification',
    loginHint: "L'administration est réservée aux chefs de salle et aux administrateurs.",
    unlockTitle: 'Session verrouillée',
    unlockHint: '{{name}} : saisissez votre code PIN pour reprendre.',
    badge: 'Matricule',
    pin: 'Code PIN',
    name: 'Nom et prénom',
    login: 'Se connecter',
    unlock: 'Déverrouiller',
    other: 'Changer d’opérateur',
    logout: 'Se déconnecter',
    lock: 'Verrouiller',
    onDuty:
      'Opérateur de service au poste : {{name}} ({{badge}}, {{role}}). Votre connexion ici ne le remplace pas.',
    nobodyOnDuty: 'Aucun opérateur de service au poste.',
    bootstrapTitle: 'Premier administrateur',
    bootstrapHint: 'Aucun opérateur n’existe encore : créez le compte du premier administrateur.',
    bootstrap: 'Créer et se connecter',
    who: '{{name}} ({{badge}}) — {{role}}',
    notAllowed:
      "Votre rôle ({{role}}) ne donne pas accès à l'administration. Connectez-vous comme chef de salle ou administrateur.",
  },
  tabs: {
    masks: 'Masques de confidentialité',
    audit: "Journal d'audit",
    register: 'Registre des extractions',
    retention: 'Conservation',
  },
  errors: {
    unavailable: 'Service indisponible sur ce poste : prévenez le service informatique.',
    'not-logged-in': 'Connectez-vous d’abord.',
    'session-locked': 'Session verrouillée : saisissez votre code PIN.',
    forbidden: 'Action non autorisée pour votre rôle.',
    'bad-credentials': 'Matricule inconnu ou code PIN erroné.',
    'too-many-attempts': 'Trop de codes erronés : patientez avant de réessayer.',
    'already-initialized': 'Des opérateurs existent déjà : demandez un compte à un administrateur.',
    'not-found': 'Élément introuvable : il a peut-être été supprimé entre-temps.',
    invalid: 'Saisie refusée : vérifiez les champs.',
    conflict: 'Conflit avec l’état actuel : rechargez et réessayez.',
    'too-large': 'Trop de résultats : restreignez la période ou le filtre.',
    'disk-full': 'Disque plein : rien n’a été enregistré.',
    'read-only': 'Enregistrement impossible (lecture seule).',
    'io-error': 'Erreur disque : rien n’a été enregistré.',
    'quota-exceeded': 'Quota atteint : rien n’a été enregistré.',
    'audit-unavailable': 'Action refusée : le journal d’audit ne peut pas l’enregistrer (disque plein ?).',
    locked: 'La base est verrouillée par un autre programme : rien n’a été enregistré. Réessayez.',
    corrupt: 'Un fichier de données est endommagé : prévenez le service informatique.',
    'no-shift': 'Aucune vacation ouverte sur ce poste.',
    'shift-open': 'Une vacation est déjà ouverte sur ce poste.',
    'handover-pending': 'Une passation attend l’acquittement de l’opérateur entrant.',
    'self-acknowledge': 'La passation doit être acquittée par l’opérateur entrant.',
    unsupported: 'Cette action n’est pas disponible.',
    internal: 'Erreur interne du serveur Vigie : détails dans son journal.',
    network: 'Le serveur Vigie ne répond pas : réessayez dans un instant.',
    other: 'Erreur du serveur Vigie : détails dans son journal.',
  },
  /** The audit trail's details column: each key the core records, and the values it words. */
  auditDetails: {
    keys: {
      badge: 'matricule',
      code: 'motif',
      replaced: 'remplace',
      role: 'rôle',
      name: 'nom',
      active: 'actif',
      kind: 'type',
      label: 'libellé',
      id: 'n°',
      display: 'écran',
      delivered: 'fenêtres',
      file: 'fichier',
      fileName: 'fichier',
      sha256: 'SHA-256',
      bytes: 'octets',
      view: 'vue',
      socket: 'fenêtre',
      slot: 'tuile',
      profile: 'flux',
      reason: 'fin',
      chainHead: 'tête de chaîne',
      before: 'avant',
      after: 'après',
      restarted: 'flux redémarrés',
      requisition: 'réquisition',
      count: 'nombre',
      format: 'format',
      filter: 'filtre',
      requester: 'demandeur',
      entries: 'entrées',
      entryCount: 'entrées',
      caption: 'légende',
      takenAt: 'prise à',
      width: 'largeur',
      height: 'hauteur',
      period: 'période',
      procedureRef: 'procédure',
      officer: 'officier',
      shiftId: 'vacation',
      exportId: 'export',
      failures: 'échecs',
      snapshots: 'captures',
      auditExports: 'exports d’audit',
      trigger: 'déclenchement',
      method: 'méthode',
      allowed: 'autorisé à',
      settings: 'réglages',
      path: 'chemin',
      mime: 'type',
      items: 'pièces',
      cameras: 'caméras',
      startedAt: 'début',
      session: 'session',
      by: 'par',
      scope: 'portée',
    },
    values: {
      yes: 'oui',
      no: 'non',
      grid: 'mosaïque',
      full: 'plein cadre',
      stop: 'arrêt de l’affichage',
      'operator-change': 'changement d’opérateur',
      'core-stop': 'arrêt du serveur Vigie',
      'bad-credentials': 'identifiants erronés',
      'too-many-attempts': 'trop de codes erronés',
      operator: 'opérateur',
      'chef de salle': 'chef de salle',
      admin: 'administrateur',
      window: 'cette fenêtre seulement (pas de prise de poste)',
      workstation: 'le poste',
    },
  },
  masks: {
    camera: 'Caméra',
    chooseCamera: 'Choisissez une caméra…',
    hint: 'Dessinez les zones privées (habitations, entrées) : elles sont masquées dans tous les flux avant l’encodage.',
    loadingStill: 'Image de la caméra en cours…',
    noStill: "Pas d'image de la caméra ({{message}}) : les masques restent modifiables.",
    refreshStill: 'Nouvelle image',
    newMask: 'Nouveau masque',
    finish: 'Terminer le polygone',
    cancelDrawing: 'Annuler le tracé',
    delete: 'Supprimer le masque',
    save: 'Enregistrer et appliquer',
    revert: 'Annuler les modifications',
    drawingHint:
      'Cliquez pour placer les sommets ; cliquez sur le premier point, double-cliquez ou appuyez sur Entrée pour fermer.',
    editHint:
      'Cliquez sur un masque pour le sélectionner, faites-le glisser pour le déplacer, tirez ses sommets pour le modifier.',
    count_one: '{{count}} masque',
    count_other: '{{count}} masques',
    source: {
      config: 'Masques de la configuration',
      override: 'Modifiés le {{at}} par {{by}}',
    },
    unsaved: 'Modifications non enregistrées',
    saved: 'Masques appliqués : {{restarted}} flux redémarré(s).',
    canvasLabel: 'Image de la caméra et masques',
    readOnly: 'Lecture seule : seuls les administrateurs modifient les masques.',
  },
  audit: {
    from: 'Du',
    to: 'Au',
    operator: 'Opérateur',
    anyOperator: 'Tous les opérateurs',
    unattributed: 'Non connecté',
    action: 'Action',
    anyAction: 'Toutes les actions',
    camera: 'Caméra',
    anyCamera: 'Toutes les caméras',
    search: 'Rechercher',
    more: 'Plus anciens',
    exportCsv: 'Exporter en CSV',
    exportPdf: 'Exporter en PDF',
    exported: 'Export enregistré : {{path}} — {{count}} enregistrements — SHA-256 {{sha256}}',
    verify: 'Vérifier la chaîne',
    verifyOk: 'Chaîne intègre : {{records}} enregistrements, tête n° {{seq}}.',
    verifyBroken: 'CHAÎNE ROMPUE à l’enregistrement n° {{seq}} : {{why}}',
    empty: 'Aucun enregistrement pour ces critères.',
    columns: {
      at: 'Date et heure',
      operator: 'Opérateur',
      action: 'Action',
      camera: 'Caméra',
      duration: 'Durée',
      details: 'Détails',
      chain: 'Maillon',
    },
  },
  actions: {
    core: { start: 'Démarrage de Vigie', stop: 'Arrêt de Vigie' },
    session: {
      login: 'Connexion',
      unlock: 'Déverrouillage',
      logout: 'Déconnexion',
      lock: 'Verrouillage',
      'login-failed': 'Échec de connexion',
    },
    operators: {
      bootstrap: 'Création du premier administrateur',
      add: 'Ajout d’un opérateur',
      'set-active': 'Activation / désactivation d’un opérateur',
      'set-pin': 'Changement de code PIN',
    },
    tile: { start: 'Affichage caméra (début)', stop: 'Affichage caméra (fin)' },
    maximise: { start: 'Plein écran (début)', stop: 'Plein écran (fin)' },
    replay: { start: 'Relecture (début)', stop: 'Relecture (fin)' },
    spot: { send: 'Envoi au moniteur spot' },
    snapshot: { save: 'Capture d’image' },
    logbook: { export: 'Export de la main courante' },
    audit: { export: 'Export du journal d’audit' },
    register: {
      create: 'Réquisition enregistrée',
      'add-items': 'Remise complémentaire',
      export: 'Export d’une réquisition',
    },
    masks: { set: 'Modification des masques', still: 'Image de référence (masques)' },
    config: { retention: 'Modification des durées de conservation' },
    credentials: { vault: 'Identifiants caméras scellés (état au démarrage)' },
    taxonomy: { add: 'Ajout au référentiel', 'set-active': 'Modification du référentiel' },
    retention: { purge: 'Purge' },
    permission: { denied: 'Accès refusé' },
  },
  register: {
    list: 'Réquisitions enregistrées',
    none: 'Aucune réquisition enregistrée.',
    create: 'Nouvelle réquisition',
    requestedAt: 'Date de la réquisition',
    officerName: 'Officier requérant (nom)',
    officerQuality: 'Qualité',
    officerService: 'Service',
    procedureRef: 'Référence de la procédure',
    cameras: 'Caméras demandées',
    periodFrom: 'Période du',
    periodTo: 'au',
    entryIds: 'Entrées de main courante liées (numéros)',
    entryIdsHint: 'Séparés par des virgules, par exemple 12, 15',
    note: 'Observations',
    items: 'Éléments remis',
    noCandidates: 'Aucune capture ni aucun export enregistré sur la période.',
    manualFile: 'Autre fichier (chemin)',
    manualSha: 'SHA-256',
    addManual: 'Ajouter',
    submit: 'Enregistrer la réquisition',
    created: 'Réquisition n° {{id}} enregistrée.',
    pdf: 'PDF',
    pdfDone: 'PDF enregistré : {{path}} — SHA-256 {{sha256}}',
    verified: 'vérifié',
    declared: 'déclaré',
    columns: {
      id: 'N°',
      requestedAt: 'Date',
      officer: 'Officier requérant',
      procedure: 'Procédure',
      cameras: 'Caméras',
      items: 'Éléments remis',
    },
    kind: { snapshot: 'Capture', export: 'Export', file: 'Fichier', clip: 'Extrait vidéo' },
  },
  retention: {
    intro:
      'Les fichiers plus anciens que ces durées sont supprimés chaque jour ; chaque purge est inscrite au journal d’audit avec l’empreinte des fichiers supprimés.',
    snapshots: 'Captures d’images (jours)',
    auditExports: 'Exports du journal d’audit (jours)',
    unlimited: 'Sans limite',
    folder: 'Dossier : {{path}}',
    save: 'Enregistrer',
    saved: 'Durées de conservation enregistrées.',
    purge: 'Purger maintenant',
    purged:
      'Purge : {{snapshots}} capture(s) et {{exports}} export(s) supprimés, {{held}} conservée(s) (remises à un officier), {{failures}} échec(s).',
    lastPurge: 'Dernière purge : {{at}} ({{trigger}}) — {{snapshots}} capture(s), {{exports}} export(s).',
    neverPurged: 'Aucune purge effectuée.',
    trigger: { manual: 'manuelle', daily: 'quotidienne' },
    readOnly: 'Lecture seule : seuls les administrateurs modifient la conservation.',
  },
  duration: {
    seconds: '{{s}} s',
    minutes: '{{m}} min {{s}} s',
    hours: '{{h}} h {{m}} min',
  },
} as const;

/** Dotted paths of every string in the admin resources (type-checked keys). */
type Leaves<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${Leaves<T[K]>}`;
}[keyof T & string];

/** Plural keys are looked up by their stem (`masks.count` with a `count` option). */
type Stem<K extends string> = K extends `${infer S}_one` | `${infer S}_other` ? S : K;

export type AdminKey = Stem<Leaves<typeof adminFr>>;

export type AdminT = (key: AdminKey, vars?: Record<string, string | number>) => string;

type UntypedT = (key: string, options: Record<string, unknown>) => string;

/** The namespace the administration window's strings live in. */
export const ADMIN_NS = 'admin';

/**
 * Adds the namespace to the window's i18next instance (the one src-renderer/shared/i18n
 * initialised); idempotent, like the logbook's.
 */
export function registerAdminI18n(i18n: I18n): void {
  if (!i18n.hasResourceBundle('fr', ADMIN_NS)) i18n.addResourceBundle('fr', ADMIN_NS, adminFr);
}

/**
 * `t` for the admin namespace of an i18next instance, with keys checked against `adminFr`. The
 * controller gets one (it words its messages itself, outside React); so do its Node tests.
 */
export function adminT(i18n: I18n): AdminT {
  return (key, vars) => (i18n.t as unknown as UntypedT)(key, { ns: ADMIN_NS, ...vars });
}

/** `adminT` for components, stable across renders. */
export function useAdminT(): AdminT {
  const { i18n } = useTranslation();
  return useMemo(() => adminT(i18n), [i18n]);
}
