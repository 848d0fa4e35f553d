import { createHash } from 'node:crypto';
import path from 'node:path';
import type { z } from 'zod';
import {
  MAX_AVAILABILITY_DAYS,
  type AvailabilityDay,
  type HealthApiMethods,
} from '../../../src-shared/contract';
import { ServiceError, outcomeOf } from '../api/service-result';
import { writeCsv } from '../documents/csv';
import { writeFileAtomic } from '../files/atomic-write';
import { ensurePrivateDir } from '../files/private-files';
import { log } from '../log/logger';
import { healthPaths, type CameraHealthService } from './health-service';

type Methods = typeof HealthApiMethods;
type HealthMethod = keyof Methods;

export type HealthApiHandlers = {
  [M in HealthMethod]: (params: z.infer<Methods[M]['params']>) => Promise<z.infer<Methods[M]['result']>>;
};

const DAY_MS = 86_400_000;

/** Refuses a period that is reversed, not a real date, or longer than MAX_AVAILABILITY_DAYS. */
function checkPeriod(from: string, to: string): void {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end) || new Date(start).toISOString().slice(0, 10) !== from)
    throw new ServiceError('invalid', `not a date: ${Number.isNaN(start) ? from : to}`);
  if (new Date(end).toISOString().slice(0, 10) !== to) throw new ServiceError('invalid', `not a date: ${to}`);
  if (end < start) throw new ServiceError('invalid', `the period ends (${to}) before it starts (${from})`);
  if ((end - start) / DAY_MS + 1 > MAX_AVAILABILITY_DAYS)
    throw new ServiceError('too-large', `at most ${MAX_AVAILABILITY_DAYS} days at once`);
}

function requireAvailability(service: CameraHealthService, from: string, to: string): AvailabilityDay[] {
  checkPeriod(from, to);
  const days = service.availability(from, to);
  if (!days) throw new ServiceError('unavailable', 'the availability file could not be opened (see the log)');
  return days;
}

const hours = (seconds: number) => (seconds / 3600).toFixed(2).replace('.', ',');

/**
 * The CSV the chef de salle and the maintainer open in a French spreadsheet: one row per camera
 * and day, `;`-separated with a BOM, percent with a decimal comma; an empty percent means the
 * core was not probing that camera that day.
 */
export function availabilityCsv(days: readonly AvailabilityDay[], service: CameraHealthService): string {
  const rows = [
    ['jour', 'caméra', 'nom', 'disponibilité (%)', 'heures en service', 'heures en panne', 'pannes'],
    ...days.map((day) => {
      const camera = service.camera(day.cameraId);
      return [
        day.day,
        String(camera?.number ?? day.cameraId),
        camera?.name ?? '',
        day.percent === null ? '' : day.percent.toFixed(2).replace('.', ','),
        hours(day.upSeconds),
        hours(day.downSeconds),
        String(day.outages),
      ];
    }),
  ];
  return writeCsv(rows, { delimiter: ';', bom: true, neutraliseFormulas: true });
}

/** `health.*`: the live summary for the wall, the availability figures and their CSV export. */
export function healthHandlers(service: CameraHealthService, dataDir: string): HealthApiHandlers {
  return {
    'health.summary': () => outcomeOf('health.summary', () => service.summary()),
    'health.availability': ({ from, to }) =>
      outcomeOf('health.availability', () => requireAvailability(service, from, to)),
    'health.export': ({ from, to }) =>
      outcomeOf('health.export', () => {
        const days = requireAvailability(service, from, to);
        const bytes = Buffer.from(availabilityCsv(days, service), 'utf8');
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const fileName = `disponibilite-cameras-${from}-${to}-${sha256.slice(0, 8)}.csv`;
        const dir = healthPaths(dataDir).exports;
        ensurePrivateDir(dir);
        const file = path.join(dir, fileName);
        writeFileAtomic(file, bytes, { suffix: '.partial' });
        log.info(`camera health: availability ${from}..${to} exported to ${file}`);
        return {
          fileName,
          path: file,
          sha256,
          bytes: bytes.length,
          mime: 'text/csv' as const,
          base64: bytes.toString('base64'),
          rows: days.length,
        };
      }),
  };
}
