import type { AuditEvent, AuditFilter, ChainHeadInfo } from '../../../src-shared/contract';
import { CaptionedPdf } from '../documents/captioned-pdf';
import { writeCsv } from '../documents/csv';
import { pdfInstant } from '../documents/pdf-text';

/** How a camera is named in an export: its number and name, as operators know it. */
export type CameraLabel = (cameraId: string) => string;

/** Everything an export prints besides its rows. */
export interface AuditExportContext {
  siteName: string;
  workstation: string;
  exportedAt: Date;
  /** "Name (badge)". */
  exportedBy: string;
  filter: AuditFilter;
  chainHead: ChainHeadInfo | null;
  camera: CameraLabel;
}

/** French labels of the actions, for the files handed to officers and auditors. */
export const ACTION_LABELS: Record<AuditEvent['action'], string> = {
  'core.start': 'Démarrage de Vigie',
  'core.stop': 'Arrêt de Vigie',
  'session.login': 'Connexion',
  'session.unlock': 'Déverrouillage',
  'session.logout': 'Déconnexion',
  'session.lock': 'Verrouillage',
  'session.login-failed': 'Échec de connexion',
  'operators.bootstrap': 'Création du premier administrateur',
  'operators.add': 'Ajout d’un opérateur',
  'operators.set-active': 'Activation / désactivation d’un opérateur',
  'operators.set-pin': 'Changement de code PIN',
  'tile.start': 'Affichage caméra (début)',
  'tile.stop': 'Affichage caméra (fin)',
  'maximise.start': 'Plein écran (début)',
  'maximise.stop': 'Plein écran (fin)',
  'replay.start': 'Relecture (début)',
  'replay.stop': 'Relecture (fin)',
  'replay.clip': 'Extrait vidéo',
  'spot.send': 'Envoi au moniteur spot',
  'snapshot.save': 'Capture d’image',
  'logbook.export': 'Export de la main courante',
  'audit.export': 'Export du journal d’audit',
  'register.create': 'Réquisition enregistrée',
  'register.add-items': 'Remise complémentaire',
  'register.export': 'Export d’une réquisition',
  'masks.set': 'Modification des masques',
  'masks.still': 'Image de référence (masques)',
  'config.retention': 'Modification des durées de conservation',
  'credentials.vault': 'Identifiants caméras scellés (état au démarrage)',
  'taxonomy.add': 'Ajout au référentiel',
  'taxonomy.set-active': 'Modification du référentiel',
  'retention.purge': 'Purge',
  'permission.denied': 'Accès refusé',
};

const NOBODY = 'non connecté';

function operatorText(event: AuditEvent): string {
  return event.operator ? `${event.operator.name} (${event.operator.badge})` : NOBODY;
}

function durationText(ms: number | null): string {
  if (ms === null) return '';
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h} h ${m} min ${s} s` : m > 0 ? `${m} min ${s} s` : `${s} s`;
}

/** The details as one readable line (`key: value; …`), long values shortened for the PDF. */
function detailsText(details: Record<string, unknown>, max = Number.POSITIVE_INFINITY): string {
  const text = Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The filter in words, printed on the PDF and kept in the export's audit record. */
export function describeAuditFilter(filter: AuditFilter, camera: CameraLabel): string {
  const parts: string[] = [];
  if (filter.from) parts.push(`depuis le ${pdfInstant(filter.from)}`);
  if (filter.to) parts.push(`jusqu'au ${pdfInstant(filter.to)}`);
  if (filter.operatorBadge) parts.push(`opérateur ${filter.operatorBadge}`);
  if (filter.unattributed) parts.push(NOBODY);
  if (filter.actions?.length)
    parts.push(`actions : ${filter.actions.map((a) => ACTION_LABELS[a]).join(', ')}`);
  if (filter.cameraId) parts.push(`caméra ${camera(filter.cameraId)}`);
  return parts.length ? parts.join(' — ') : 'tout le journal';
}

/**
 * CSV of the audit trail: one line per record with its link in the chain, so an auditor can
 * re-check any line against `vigie audit verify`. UTF-8 with a BOM and formula-looking cells
 * neutralised (the logbook's writer), since these files are opened in spreadsheets.
 */
export function auditCsv(events: readonly AuditEvent[], context: AuditExportContext): string {
  const rows: string[][] = [
    [
      'n°',
      'date_heure_utc',
      'date_heure_locale',
      'poste',
      'matricule',
      'opérateur',
      'rôle',
      'action',
      'libellé',
      'caméra',
      'durée_ms',
      'détails',
      'maillon',
      'sha256_maillon',
    ],
  ];
  for (const event of events) {
    rows.push([
      String(event.id),
      event.at,
      pdfInstant(event.at),
      event.workstation,
      event.operator?.badge ?? '',
      event.operator?.name ?? NOBODY,
      event.operator?.role ?? '',
      event.action,
      ACTION_LABELS[event.action],
      event.cameraId ? context.camera(event.cameraId) : '',
      event.durationMs === null ? '' : String(event.durationMs),
      JSON.stringify(event.details),
      event.chain ? String(event.chain.seq) : '',
      event.chain?.hash ?? '',
    ]);
  }
  return writeCsv(rows, { neutraliseFormulas: true, bom: true });
}

/** The caption printed on every page of a compliance PDF. */
export function captionFor(
  document: string,
  context: Omit<AuditExportContext, 'filter' | 'camera'>,
): {
  header: string;
  footer: string;
} {
  const head = context.chainHead
    ? `chaîne n° ${context.chainHead.seq} ${context.chainHead.hash.slice(0, 16)}…`
    : 'chaîne vide';
  return {
    header: `${document} — ${context.siteName} — poste ${context.workstation}`,
    footer: `Exporté le ${pdfInstant(context.exportedAt)} par ${context.exportedBy} — ${head}`,
  };
}

/** The audit trail as a PDF table, captioned on every page. */
export function auditPdf(events: readonly AuditEvent[], context: AuditExportContext): Promise<Buffer> {
  const pdf = new CaptionedPdf(captionFor('Journal d’audit', context), {
    title: `Journal d’audit — ${context.siteName}`,
    author: context.exportedBy,
    landscape: true,
  });
  pdf.title(
    'Journal d’audit des accès et des modifications',
    describeAuditFilter(context.filter, context.camera),
  );
  pdf.field('Site', context.siteName);
  pdf.field('Poste', context.workstation);
  pdf.field('Exporté le', pdfInstant(context.exportedAt));
  pdf.field('Par', context.exportedBy);
  pdf.field('Enregistrements', String(events.length));
  pdf.field(
    'Tête de chaîne',
    context.chainHead ? `n° ${context.chainHead.seq} — ${context.chainHead.hash}` : 'journal vide',
  );
  pdf.gap();
  pdf.table(
    [
      { header: 'N°', width: 5, cell: (e: AuditEvent) => String(e.id) },
      { header: 'Date et heure', width: 12, cell: (e) => pdfInstant(e.at) },
      { header: 'Opérateur', width: 14, cell: operatorText },
      { header: 'Action', width: 16, cell: (e) => ACTION_LABELS[e.action] },
      { header: 'Caméra', width: 14, cell: (e) => (e.cameraId ? context.camera(e.cameraId) : '') },
      { header: 'Durée', width: 7, cell: (e) => durationText(e.durationMs) },
      { header: 'Détails', width: 32, cell: (e) => detailsText(e.details, 400) },
    ],
    events,
  );
  return pdf.finish();
}
