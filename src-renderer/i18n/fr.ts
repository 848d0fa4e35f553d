/**
 * French strings of the renderer, the only language today.
 *
 * Every user-visible sentence lives here so the wall can be translated by adding a sibling
 * resource file with the same keys, and so operators read plain French instead of codes
 * (stream reasons, close codes) coming from the core.
 */
export const fr = {
  app: {
    name: 'Vigie',
  },
  header: {
    display: 'Écran {{display}}',
    workstation: 'Poste {{workstation}}',
    clockLabel: 'Heure locale',
  },
  connection: {
    state: {
      connecting: 'Connexion…',
      open: 'Connecté',
      lost: 'Déconnecté',
    },
    banner: {
      lost: 'Connexion au serveur Vigie perdue — reconnexion…',
    },
    closeReason: {
      shuttingDown: 'Le serveur Vigie a été arrêté.',
      protocolError: 'Version de Vigie incompatible : rechargez la page.',
      slowConsumer: 'Poste trop lent : le serveur a coupé la connexion.',
    },
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
      error: 'Erreur',
      empty: 'Vide',
    },
    reason: {
      unreachable: 'Caméra injoignable',
      credentials: 'Identifiants refusés par la caméra',
      'not-found': 'Flux introuvable sur la caméra',
      unsupported: 'Format vidéo non pris en charge',
      ended: 'La caméra a interrompu le flux',
      stalled: 'Image figée — redémarrage du flux',
      crashed: "Le relais vidéo s'est arrêté",
      unknown: 'Erreur inconnue',
    },
    refused: {
      'unknown-camera': 'Caméra inconnue du serveur Vigie',
      'slot-in-use': 'Abonnement vidéo refusé par le serveur',
    },
    retryIn: 'Nouvelle tentative dans {{seconds}} s',
    retryNow: 'Nouvelle tentative en cours',
  },
  bootstrap: {
    title: 'Vigie ne peut pas démarrer',
    missingToken: "Jeton d'accès absent de l'adresse : ouvrez le mur depuis le lien fourni par Vigie.",
    invalidDisplay: "Numéro d'écran invalide dans l'adresse.",
    invalidBridge: "Le poste n'a pas fourni de paramètres de connexion valides.",
    noServer: 'Adresse du serveur Vigie inconnue.',
  },
};

/** The shape every other language file must match. */
export type TranslationResources = typeof fr;
