/**
 * French strings every window shows: the product name, the start-up errors (shown before any
 * app exists), the connection states and the operator roles. They live in i18next's default
 * namespace (`translation`); each app keeps its own sentences in its own namespace (`wall`,
 * `logbook`, `admin`), so a string said the same way everywhere is written once.
 */
export const sharedFr = {
  app: {
    name: 'Vigie',
  },
  connection: {
    connecting: 'Connexion au serveur Vigie…',
    lost: 'Connexion au serveur Vigie perdue — reconnexion…',
  },
  /** A camera's outage, said the same way in the wall's list and in a "panne caméra" entry. */
  cameraFault: {
    reason: {
      refused: 'connexion refusée',
      timeout: 'délai dépassé',
      unreachable: 'caméra injoignable (réseau)',
      closed: 'connexion fermée par la caméra',
      credentials: 'identifiants refusés',
      'not-found': 'flux introuvable (404)',
      'server-error': 'erreur de la caméra ({{status}})',
      'invalid-response': 'réponse invalide',
      unavailable: 'caméra de démonstration indisponible',
      unknown: 'cause inconnue',
    },
    subStream: '(flux secondaire)',
    entry: 'Caméra n° {{number}} ({{place}}) hors service depuis le {{since}} : {{reason}}.',
    entryNotDown: 'Caméra n° {{number}} ({{place}}) signalée en panne.',
  },
  roles: {
    operator: 'Opérateur',
    'chef de salle': 'Chef de salle',
    admin: 'Administrateur',
  },
  /**
   * Refusals the core words with a reason or parameters (shared/i18n/refusals.ts): the sentence
   * every window shows for them, instead of its generic one for the code.
   */
  refusals: {
    codes: {
      'too-many-attempts': 'Trop de codes PIN erronés : réessayez dans {{retryInSeconds}} s.',
      'too-many-attemptsNow': 'Trop de codes PIN erronés : vous pouvez réessayer.',
      'no-shift': 'Aucune vacation ouverte sur le poste {{workstation}} : ouvrez-en une pour enregistrer.',
      'shift-open': 'Une vacation est déjà ouverte sur le poste {{workstation}}.',
      forbidden: 'Action réservée : {{roles}}.',
    },
    reasons: {
      conflict: {
        'badge-taken': 'Le matricule {{badge}} est déjà attribué à un autre opérateur.',
        'label-exists': '« {{label}} » existe déjà.',
        'handover-acknowledged': 'Cette passation a déjà été acquittée.',
        'handover-elsewhere': 'Cette passation appartient au poste {{workstation}} : acquittez-la là-bas.',
        'self-disable': 'Vous ne pouvez pas désactiver votre propre compte.',
        'snapshot-too-soon': 'Une capture de cette caméra vient d’être prise : réessayez dans une seconde.',
        'clip-busy': 'Un extrait vidéo est déjà en cours sur ce poste : réessayez dans un instant.',
        'handover-own-seat':
          'Cette passation a été écrite à ce poste : acquittez-la dans la relève de ce poste.',
        constraint: 'Cet enregistrement existe déjà.',
      },
      forbidden: {
        'not-author': 'Seul l’auteur de l’entrée ou un chef de salle peut la rectifier.',
      },
      invalid: {
        'no-change': 'La rectification ne change aucun champ.',
      },
      'not-found': {
        'not-buffered': 'Cette séquence n’est plus (ou pas encore) dans la mémoire de relecture.',
        'room-seat-unknown': 'Le poste {{seat}} est inconnu de la salle.',
        'handover-unknown': 'Cette passation du poste {{seat}} est introuvable dans la salle.',
      },
      // The room's server (every seat's main courante): this seat's own logbook still works.
      unavailable: {
        'room-unreachable':
          'Le serveur de la salle ne répond pas : les entrées des autres postes ne peuvent pas être affichées. La main courante de ce poste fonctionne.',
        'room-credentials': 'Le serveur de la salle refuse ce poste. Prévenez le service informatique.',
        'room-password':
          'Le mot de passe de ce poste pour la salle est illisible. Prévenez le service informatique.',
        'room-schema-version':
          'La base de la salle est d’une autre version de Vigie. Prévenez le service informatique.',
        'room-server-error': 'Le serveur de la salle a refusé la demande. Prévenez le service informatique.',
      },
      unsupported: {
        'room-not-configured': 'Ce poste n’est relié à aucune salle.',
        'encoder-failed': 'L’encodage de l’extrait vidéo a échoué.',
      },
    },
    /** What is wrong with one field (the core's `issues`). */
    issues: {
      future: 'heure dans le futur',
      'not-a-time': 'date ou heure invalide',
      'unknown-category': 'catégorie absente de la liste',
      taken: 'déjà attribué',
      exists: 'existe déjà',
      past: 'échéance déjà passée',
      'wrong-pin': 'code PIN erroné',
      'bad-cursor': 'page périmée : relancez la recherche',
      other: 'valeur refusée',
    },
    fields: {
      observedAt: 'Heure des faits',
      category: 'Catégorie',
      commune: 'Commune',
      description: 'Description',
      badge: 'Matricule',
      name: 'Nom',
      pin: 'Code PIN',
      currentPin: 'Code PIN actuel',
      label: 'Libellé',
      cursor: 'Page',
      expiresAt: 'Échéance',
      consigne: 'Consigne {{number}}',
      other: 'Champ « {{field}} »',
    },
  },
  /** Why a hash chain (main courante, audit trail) failed its check, by the core's reason. */
  chainBreaks: {
    'sequence-gap': 'un numéro manque dans la séquence (enregistrement supprimé)',
    'prev-hash-mismatch': 'le lien avec l’enregistrement précédent est rompu',
    'hash-mismatch': 'le contenu ne correspond plus à son empreinte (enregistrement modifié)',
    'row-missing': 'l’enregistrement a disparu de sa table',
    'unknown-kind': 'type d’enregistrement inconnu',
    'unchained-row': 'ligne ajoutée hors de la chaîne (enregistrement inséré)',
    other: 'anomalie de la chaîne ({{reason}})',
  },
  dateTime: {
    placeholder: 'JJ/MM/AAAA HH:MM',
    title: 'Date et heure locales, par exemple 01/03/2025 14:05',
  },
  bootstrap: {
    title: 'Vigie ne peut pas démarrer',
    missingToken: "Jeton d'accès absent de l'adresse : ouvrez le mur depuis le lien fourni par Vigie.",
    invalidDisplay: "Numéro d'écran invalide dans l'adresse.",
    invalidBridge: "Le poste n'a pas fourni de paramètres de connexion valides.",
    noServer: 'Adresse du serveur Vigie inconnue.',
  },
};

/** The shape every other language's shared file must match. */
export type SharedResources = typeof sharedFr;
