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
  roles: {
    operator: 'Opérateur',
    'chef de salle': 'Chef de salle',
    admin: 'Administrateur',
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
