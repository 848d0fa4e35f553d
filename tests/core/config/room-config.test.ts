import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src-main/core/config/load-config';
import { configProblems } from '../../support/config-problems';

const postgres = { host: 'pg.csu.local', database: 'vigie_room', user: 'vigie_seat_poste-1' };

describe('the room config section', () => {
  it('is optional: without it nothing changes', () => {
    expect(validateConfig({ version: 1 }, 'test.json').room).toBeUndefined();
  });

  it('takes the connection, a password file or a sealed password, and the seat', () => {
    const config = validateConfig(
      {
        version: 1,
        room: {
          postgres: { ...postgres, passwordFile: '/etc/vigie/poste-1.room-password' },
          seat: 'poste-1',
        },
      },
      'test.json',
    );
    expect(config.room).toEqual({
      postgres: { ...postgres, port: 5432, passwordFile: '/etc/vigie/poste-1.room-password' },
      seat: 'poste-1',
    });
    expect(
      configProblems({ version: 1, room: { postgres: { ...postgres, port: 6432, passwordSealed: true } } }),
    ).toEqual([]);
  });

  it('refuses a password in the config without quoting it', () => {
    const found = configProblems({
      version: 1,
      room: { postgres: { ...postgres, password: 'S3cret-in-clear' } },
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^room\.postgres\.password: the room password never goes in the config/);
    expect(found.join('\n')).not.toContain('S3cret-in-clear');
  });

  it('wants exactly one password source, a valid seat name and no unknown key', () => {
    expect(configProblems({ version: 1, room: { postgres } })).toEqual([
      'room.postgres: expected exactly one of "passwordFile" or "passwordSealed": true',
    ]);
    expect(
      configProblems({
        version: 1,
        room: { postgres: { ...postgres, passwordFile: 'f', passwordSealed: true } },
      }),
    ).toHaveLength(1);
    expect(
      configProblems({
        version: 1,
        room: { postgres: { ...postgres, passwordFile: 'f' }, seat: 'poste 1' },
      })[0],
    ).toMatch(/^room\.seat: expected 1 to 48 letters/);
    expect(
      configProblems({ version: 1, room: { postgres: { ...postgres, passwordFile: 'f' }, sync: true } })[0],
    ).toMatch(/^room: .*sync/);
    expect(
      configProblems({ version: 1, room: { postgres: { ...postgres, passwordFile: 'f', port: 0 } } })[0],
    ).toMatch(/^room\.postgres\.port/);
  });
});
