import type { TFunction } from 'i18next';
import type { CameraFault } from '../../../src-shared/contract';

/**
 * Why a camera is down, in French (the health probe's reason code, and which stream), written
 * once for the wall's list of cameras down and the main courante's "panne caméra" entry, so the
 * operator reads the same words in both.
 */
export function faultReason(
  t: TFunction,
  fault: Pick<CameraFault, 'reason' | 'stream'>,
  status?: number | null,
): string {
  const reason = t(`cameraFault.reason.${fault.reason ?? 'unknown'}`, { status: status ?? '' });
  return fault.stream === 'sub' ? `${reason} ${t('cameraFault.subStream')}` : reason;
}

/** The description a "panne caméra" entry starts with; the operator completes or corrects it. */
export function describeCameraFault(
  t: TFunction,
  fault: CameraFault,
  camera: { number: number | null; place: string },
): string {
  const values = { number: camera.number ?? '?', place: camera.place };
  if (!fault.reason) return t('cameraFault.entryNotDown', values);
  const since = new Date(fault.since).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short' });
  return t('cameraFault.entry', { ...values, since, reason: faultReason(t, fault) });
}
