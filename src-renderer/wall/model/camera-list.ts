import type { CameraSummary, StreamStatus } from '../../../src-shared/contract';

/** A commune of the camera tree, with its zones in alphabetical order. */
export interface CommuneGroup {
  commune: string;
  zones: { zone: string; cameras: CameraSummary[] }[];
  count: number;
}

/** Lower case without accents, so "republique" finds "République". */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Whether a camera matches the search: digits match the start of its number (operators type
 * numbers, as on the keyboard), anything else matches its name, commune or zone.
 */
export function matchesQuery(camera: CameraSummary, query: string): boolean {
  const q = foldText(query.trim());
  if (q === '') return true;
  if (/^\d+$/.test(q)) return String(camera.number).startsWith(q);
  return (
    foldText(camera.name).includes(q) ||
    foldText(camera.commune).includes(q) ||
    foldText(camera.zone).includes(q)
  );
}

/** The camera tree: communes, then zones, then cameras by number; filtered by the search. */
export function groupCameras(cameras: readonly CameraSummary[], query = ''): CommuneGroup[] {
  const communes = new Map<string, Map<string, CameraSummary[]>>();
  for (const camera of cameras) {
    if (!matchesQuery(camera, query)) continue;
    const zones = communes.get(camera.commune) ?? new Map<string, CameraSummary[]>();
    communes.set(camera.commune, zones);
    const list = zones.get(camera.zone) ?? [];
    zones.set(camera.zone, list);
    list.push(camera);
  }
  const collator = new Intl.Collator('fr');
  return [...communes.entries()]
    .sort(([a], [b]) => collator.compare(a, b))
    .map(([commune, zones]) => {
      const zoneList = [...zones.entries()]
        .sort(([a], [b]) => collator.compare(a, b))
        .map(([zone, list]) => ({ zone, cameras: [...list].sort((a, b) => a.number - b.number) }));
      return { commune, zones: zoneList, count: zoneList.reduce((sum, z) => sum + z.cameras.length, 0) };
    });
}

/** A camera's status dot in the tree, over all its streams. */
/** A camera's dot in the tree; `unknown` while the window has no socket to the core. */
export type CameraDot = 'live' | 'starting' | 'failing' | 'idle' | 'unknown';

/**
 * Summarises a camera's streams for the tree: failing wins (an operator must see a broken camera
 * even if another profile still runs), then live, then starting; idle when nobody watches it.
 */
export function cameraDot(statuses: readonly (StreamStatus | undefined)[]): CameraDot {
  const present = statuses.filter((s): s is StreamStatus => s !== undefined && s.state !== 'idle');
  if (present.some((s) => (s.state === 'reconnecting' || s.state === 'stalled') && s.reason !== null)) {
    return 'failing';
  }
  if (present.some((s) => s.state === 'live')) return 'live';
  if (present.length > 0) return 'starting';
  return 'idle';
}
