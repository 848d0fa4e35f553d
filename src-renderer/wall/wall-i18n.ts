import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';

/**
 * French strings of the wall, the only language today, in their own i18next namespace (`wall`)
 * beside the shared ones (src-renderer/shared/i18n/fr.ts) and the other apps'.
 *
 * Every sentence of the wall lives here so it can be translated by adding a sibling resource
 * file with the same keys, and so operators read plain French instead of codes (stream reasons,
 * close codes) coming from the core.
 */
export const wallFr = {
  header: {
    display: 'Écran {{display}}',
    workstation: 'Poste {{workstation}}',
    clockLabel: 'Heure locale',
    page: 'Page {{page}}/{{pages}}',
    mainCourante: 'Main courante',
    admin: 'Administration',
  },
  toolbar: {
    label: 'Commandes du mur',
    layouts: 'Disposition',
    layout: {
      '1': '1',
      '2x2': '2×2',
      '3x3': '3×3',
      '4x4': '4×4',
      '1+5': '1+5',
      '1+7': '1+7',
      '1+12': '1+12',
      custom: 'Perso.',
    },
    layoutTitle: 'Disposition {{name}} (Alt+{{position}})',
    customTitle: 'Éditer une disposition personnalisée (Alt+8)',
    previousPage: 'Page précédente (Page↑)',
    nextPage: 'Page suivante (Page↓)',
    tree: 'Caméras',
    treeTitle: 'Afficher ou masquer la liste des caméras (C)',
    info: 'Débits',
    infoTitle: 'Afficher images/s et kbit/s sur les tuiles (I)',
    tours: 'Rondes',
    toursTitle: 'Créer et modifier les rondes (Maj+T)',
    spotTarget: 'Spot vers',
    spotTargetTitle: 'Écran qui reçoit la caméra sélectionnée avec S',
    help: 'Raccourcis',
    helpTitle: 'Liste des raccourcis clavier (F1)',
    reset: "Disposition d'origine",
    resetTitle: 'Revenir à la disposition préparée par le service informatique',
  },
  tree: {
    title: 'Caméras',
    search: 'Numéro ou nom…',
    searchLabel: 'Rechercher une caméra',
    empty: 'Aucune caméra ne correspond',
    count_one: '{{count}} caméra',
    count_other: '{{count}} caméras',
    kind: {
      security: 'Vidéoprotection',
      traffic: 'Trafic',
    },
    status: {
      live: 'En direct',
      starting: 'Démarrage',
      failing: 'En défaut',
      idle: 'Non affichée',
      unknown: 'État inconnu : serveur Vigie déconnecté',
    },
    dragHint: 'Glissez une caméra sur une tuile, ou double-cliquez pour la mettre dans la tuile sélectionnée',
  },
  entry: {
    label: 'Caméra',
    hint: 'Entrée : dans la tuile sélectionnée · T : ronde n° · S : spot vers écran n° · Échap : annuler',
  },
  connection: {
    state: {
      connecting: 'Connexion…',
      open: 'Connecté',
      lost: 'Déconnecté',
    },
    closeReason: {
      shuttingDown: 'Le serveur Vigie a été arrêté.',
      protocolError: 'Version de Vigie incompatible : rechargez la page.',
      slowConsumer: 'Poste trop lent : le serveur a coupé la connexion.',
    },
  },
  problems: {
    demoMissingElements: 'Caméras de démonstration indisponibles : élément GStreamer manquant ({{elements}})',
    demoMissingElementsHelp:
      'À installer : {{packages}} (greffon GStreamer {{plugins}}), puis redémarrer Vigie.',
    demoUnavailable:
      "Caméras de démonstration indisponibles : le serveur RTSP de démonstration n'a pas démarré",
    demoUnavailableHelp: 'Le journal de Vigie (vigie.log) en donne la cause.',
  },
  wall: {
    loading: 'Chargement du mur…',
    error: "Impossible de charger le mur de l'écran {{display}}",
  },
  tile: {
    empty: 'Aucune caméra',
    numberSeparator: ' · ',
    unknownCamera: 'Caméra {{id}}',
    state: {
      connecting: 'Connexion…',
      live: 'En direct',
      stale: 'Image figée',
      error: 'Erreur',
      empty: 'Vide',
    },
    staleFor: 'Image figée ({{seconds}} s)',
    behind: 'En retard de {{seconds}} s',
    behindTitle:
      "L'image arrive en retard sur la caméra : le serveur Vigie ne suit pas le flux (retard mesuré sur l'horodatage de la caméra)",
    reason: {
      unreachable: 'Caméra injoignable',
      credentials: 'Identifiants refusés par la caméra',
      'not-found': 'Flux introuvable sur la caméra',
      unsupported: 'Format vidéo non pris en charge',
      ended: 'La caméra a interrompu le flux',
      stalled: 'Image figée — redémarrage du flux',
      crashed: "Le relais vidéo s'est arrêté",
      'demo-unavailable': 'Caméra de démonstration indisponible (voir le bandeau)',
      unknown: 'Erreur inconnue',
    },
    refused: {
      'unknown-camera': 'Caméra inconnue du serveur Vigie',
      'slot-in-use': 'Abonnement vidéo refusé par le serveur',
    },
    retryIn: 'Nouvelle tentative dans {{seconds}} s',
    retryNow: 'Nouvelle tentative en cours',
    degraded: 'Dégradé',
    degradedTitle: 'Le poste ne suit pas : des images ont été sautées pour rester en direct',
    spot: 'Spot',
    tour: 'Ronde {{name}}',
    tourNext: 'suivante dans {{seconds}} s',
    tourPaused: 'Ronde en pause',
    fps: '{{fps}} i/s',
    kbps: '{{kbps}} kbit/s',
    delay: 'retard caméra → écran {{ms}} ms (dont serveur {{source}} ms)',
    profile: {
      grid: 'mosaïque',
      full: 'plein cadre',
    },
    actions: {
      maximise: 'Agrandir',
      restore: 'Réduire',
      snapshot: 'Capture',
      logThis: 'Main courante',
      clear: 'Vider',
    },
  },
  shortcuts: {
    title: 'Raccourcis clavier',
    close: 'Fermer (Échap)',
    keys: {
      arrows: '← ↑ → ↓',
      number: 'N°',
      optionalNumber: '[N°]',
      enter: 'Entrée',
      escape: 'Échap',
      pageUp: 'Page↑',
      pageDown: 'Page↓',
      delete: 'Suppr',
      altDigits: 'Alt+1 … Alt+7',
      alt8: 'Alt+8',
      t: 'T',
      shiftT: 'Maj+T',
      s: 'S',
      shiftS: 'Maj+S',
      p: 'P',
      m: 'M',
      i: 'I',
      c: 'C',
      f: 'F',
      f1: 'F1',
      question: '?',
      doubleClick: 'double-clic',
    },
    actions: {
      select: 'Sélectionner une tuile (ou clic)',
      assign: 'Taper un numéro de caméra puis Entrée : la caméra dans la tuile sélectionnée',
      maximise: 'Agrandir la tuile sélectionnée',
      restore: 'Réduire la tuile agrandie, annuler la saisie',
      page: 'Page précédente / suivante',
      clear: 'Vider la tuile sélectionnée',
      layouts: 'Dispositions 1, 2×2, 3×3, 4×4, 1+5, 1+7, 1+12',
      customLayout: 'Disposition personnalisée (fusion de cases)',
      tour: 'Lancer la ronde n° (1 par défaut) dans la tuile, ou l’arrêter',
      tourEditor: 'Créer et modifier les rondes',
      spot: 'Envoyer la caméra sélectionnée sur le spot de l’écran n°',
      spotTile: 'Faire de la tuile sélectionnée la tuile spot de cet écran',
      snapshot: 'Capture de la tuile sélectionnée',
      logThis: 'Consigner en main courante : nouvelle entrée avec cette caméra',
      info: 'Afficher images/s et kbit/s',
      tree: 'Afficher ou masquer la liste des caméras',
      search: 'Rechercher une caméra',
      help: 'Cette liste',
    },
  },
  tours: {
    title: 'Rondes',
    list: 'Rondes enregistrées',
    none: 'Aucune ronde pour le moment.',
    new: 'Nouvelle ronde',
    name: 'Nom',
    defaultName: 'Ronde {{number}}',
    steps: 'Étapes',
    camera: 'N° caméra',
    dwell: 'Durée (s)',
    addStep: 'Ajouter une étape',
    removeStep: 'Retirer',
    save: 'Enregistrer',
    delete: 'Supprimer',
    close: 'Fermer',
    start: 'Lancer dans la tuile sélectionnée',
    stepLine: '{{number}} · {{name}} — {{seconds}} s',
    invalidCamera: 'Caméra {{number}} inconnue',
    invalidDwell: 'Durée de 2 à 3600 s',
    needSteps: 'Ajoutez au moins une caméra',
    needName: 'Donnez un nom à la ronde',
    numbered: '{{position}}. {{name}} ({{count}} étapes)',
  },
  layoutEditor: {
    title: 'Disposition personnalisée',
    columns: 'Colonnes',
    rows: 'Lignes',
    hint: 'Cliquez une case puis une autre pour choisir un rectangle, puis « Fusionner ».',
    merge: 'Fusionner',
    split: 'Séparer',
    apply: 'Appliquer',
    cancel: 'Annuler',
    cannotMerge: 'Ce rectangle coupe une tuile existante',
    tiles: '{{count}} tuiles',
  },
  reset: {
    title: "Revenir à la disposition d'origine ?",
    body: 'Les caméras, pages et rondes de cet écran reprennent la disposition préparée par le service informatique. Vos rondes enregistrées sont perdues.',
    confirm: 'Revenir',
    cancel: 'Annuler',
  },
  notices: {
    unknownCamera: 'Caméra {{number}} inconnue',
    needSelection: "Sélectionnez d'abord une tuile (flèches ou clic)",
    emptyTile: 'Cette tuile ne montre aucune caméra',
    spotSent: "Caméra {{number}} envoyée sur le spot de l'écran {{display}}",
    spotReceived: 'Spot : caméra {{number}}',
    spotFailed: 'Spot non envoyé : {{error}}',
    spotTileSet: 'La tuile {{tile}} est maintenant la tuile spot',
    snapshotSaved: 'Capture enregistrée : {{file}}',
    snapshotFailed: 'Capture non enregistrée : {{error}}',
    snapshotEmpty: "Pas encore d'image à capturer",
    logDraftSent: 'Entrée préparée en main courante pour la caméra {{number}}',
    logDraftFailed: 'Main courante indisponible : {{error}}',
    saveFailed: 'Mur non enregistré : {{error}}',
    noTours: 'Aucune ronde : créez-en une (Maj+T)',
    unknownTour: 'Ronde {{number}} inconnue',
    tourStarted: 'Ronde « {{name}} » lancée',
    tourStopped: 'Ronde arrêtée',
    resetDone: "Disposition d'origine rétablie",
    resetFailed: "Impossible de revenir à la disposition d'origine : {{error}}",
  },
  /** Why a call to the core failed, by the core's code: the operator never reads the English. */
  errors: {
    'not-logged-in': 'connectez-vous d’abord (la capture est signée par l’opérateur de service)',
    'session-locked': 'session verrouillée : ressaisissez votre code PIN',
    forbidden: 'action non autorisée pour votre rôle',
    'not-found': 'inconnu du serveur Vigie',
    invalid: 'demande refusée par le serveur Vigie',
    'disk-full': 'disque plein, rien n’a été écrit',
    'read-only': 'le dossier de données est en lecture seule : prévenez le service informatique',
    'io-error': 'erreur du disque : prévenez le service informatique',
    'quota-exceeded': 'le dossier des captures a atteint son quota : prévenez le service informatique',
    'audit-unavailable': 'le journal d’audit ne peut pas l’enregistrer : prévenez le service informatique',
    'too-large': 'image trop grande',
    connection: 'le serveur Vigie ne répond pas',
    other: 'refusée par le serveur ({{code}})',
  },
};

/** The shape every other language file must match. */
export type WallResources = typeof wallFr;

/** The namespace the wall's strings live in. */
export const WALL_NS = 'wall';

/** Adds the wall's namespace to the window's i18next instance; idempotent. */
export function registerWallI18n(i18n: I18n): void {
  if (!i18n.hasResourceBundle('fr', WALL_NS)) i18n.addResourceBundle('fr', WALL_NS, wallFr);
}

/** `t()` bound to the wall's namespace (with the instance, for the clock's language). */
export function useWallTranslation() {
  return useTranslation(WALL_NS);
}
