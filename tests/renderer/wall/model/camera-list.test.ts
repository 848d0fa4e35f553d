import { describe, expect, it } from 'vitest';
import type { CameraSummary, StreamStatus } from '../../../../src-shared/contract';
import { cameraDot, groupCameras, matchesQuery } from '../../../../src-renderer/wall/model/camera-list';
import { cameraSummary } from '../../../support/wall-fixtures';

function camera(number: number, name: string, commune: string, zone: string): CameraSummary {
  return cameraSummary(number, name, { id: `c${number}`, commune, zone });
}

const cameras = [
  camera(12, 'Place de la Mairie', 'Vigieville', 'Centre-ville'),
  camera(3, 'Avenue de la République', 'Vigieville', 'Centre-ville'),
  camera(40, 'Gare routière', 'Bellerive', 'Gare'),
  camera(120, 'Port', 'Vigieville', 'Port'),
];

describe('camera tree', () => {
  it('groups by commune then zone, cameras by number', () => {
    const groups = groupCameras(cameras);
    expect(groups.map((g) => g.commune)).toEqual(['Bellerive', 'Vigieville']);
    expect(groups[1]?.zones.map((z) => [z.zone, z.cameras.map((c) => c.number)])).toEqual([
      ['Centre-ville', [3, 12]],
      ['Port', [120]],
    ]);
  });

  it('finds cameras by the start of their number or by name without accents', () => {
    expect(cameras.filter((c) => matchesQuery(c, '12')).map((c) => c.number)).toEqual([12, 120]);
    expect(cameras.filter((c) => matchesQuery(c, 'republique')).map((c) => c.number)).toEqual([3]);
    expect(groupCameras(cameras, 'gare')[0]?.count).toBe(1);
  });

  it('shows a failing camera as failing even if another profile is live', () => {
    const status = (state: StreamStatus['state'], reason: StreamStatus['reason'] = null) =>
      ({ state, reason }) as StreamStatus;
    expect(cameraDot([undefined, undefined])).toBe('idle');
    expect(cameraDot([status('live'), undefined])).toBe('live');
    expect(cameraDot([status('starting')])).toBe('starting');
    expect(cameraDot([status('live'), status('reconnecting', 'unreachable')])).toBe('failing');
  });
});
