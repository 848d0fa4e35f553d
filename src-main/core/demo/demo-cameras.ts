import type { CameraConfig } from '../config/config-schema';

/** What the demo RTSP server needs to simulate one camera. */
export interface DemoCameraSpec {
  path: string;
  label: string;
  width: number;
  height: number;
  fps: number;
  codec: 'h264' | 'h265';
  auth?: { username: string; password: string };
  /** videotestsrc pattern (default a ball); `scroll` moves it sideways, pixels per frame. */
  pattern?: string;
  scroll?: number;
  /** x264 speed preset: `ultrafast` (default) has no deblocking; real cameras' encoders do. */
  preset?: string;
  /** Benchmark camera: each frame carries its capture time as 40 black/white blocks on top. */
  stamp?: boolean;
}

const PLACES = [
  ['Place de la Mairie', 'Centre-ville'],
  ['Gare routière', 'Gare'],
  ['Avenue de la République', 'Centre-ville'],
  ['Port — quai nord', 'Port'],
  ['Parking du marché', 'Marché'],
  ['Rond-point des Alliés', 'Entrée de ville'],
  ['École Jules-Ferry', 'Quartier nord'],
  ['Promenade du littoral', 'Front de mer'],
  ['Rue du Commerce', 'Centre-ville'],
  ['Square Pasteur', 'Quartier sud'],
  ['Pont de la rivière', 'Entrée de ville'],
  ['Esplanade du stade', 'Stade'],
] as const;

const COMMUNES = ['Vigieville', 'Saint-Martin-sur-Mer', 'Bellerive', 'Mont-Clair'] as const;

/**
 * The demo fleet's cameras as ordinary config entries (ids demo-1 … demo-N), so the wall, the
 * tree and the tests treat them exactly like real cameras. Every fifth camera is a traffic one.
 */
export function demoCameras(count: number, firstNumber: number, baseUrl: string): CameraConfig[] {
  return Array.from({ length: count }, (_, index) => {
    const n = index + 1;
    const place = PLACES[index % PLACES.length] ?? PLACES[0];
    const commune = COMMUNES[Math.floor(index / PLACES.length) % COMMUNES.length] ?? COMMUNES[0];
    return {
      id: `demo-${n}`,
      number: firstNumber + index,
      name: place[0],
      commune,
      zone: place[1],
      kind: n % 5 === 0 ? 'traffic' : 'security',
      rtsp: { main: `${baseUrl}/demo-${n}` },
    };
  });
}

/** The simulated picture of each demo camera: its number and name burnt in, with a running clock. */
export function demoSpecs(
  cameras: readonly CameraConfig[],
  picture: { width: number; height: number; fps: number } = { width: 640, height: 360, fps: 25 },
): DemoCameraSpec[] {
  return cameras.map((camera) => ({
    path: camera.id,
    label: `${camera.number} · ${camera.name}`,
    ...picture,
    codec: 'h264',
  }));
}
