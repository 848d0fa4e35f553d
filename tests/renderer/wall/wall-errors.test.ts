import { beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from '../../../src-renderer/shared/i18n/i18n';
import { wallErrorText } from '../../../src-renderer/wall/wall-errors';
import { registerWallI18n } from '../../../src-renderer/wall/wall-i18n';

beforeAll(() => {
  registerWallI18n(initI18n());
});

describe('wall refusals', () => {
  it('word a qualified refusal as every window does, and a plain code with the wall’s sentence', () => {
    expect(wallErrorText({ code: 'conflict', reason: 'snapshot-too-soon' })).toBe(
      'Une capture de cette caméra vient d’être prise : réessayez dans une seconde.',
    );
    expect(wallErrorText({ code: 'forbidden', params: { roles: 'admin' } })).toBe(
      'Action réservée : Administrateur.',
    );
    expect(wallErrorText({ code: 'quota-exceeded' })).toBe(
      'le dossier des captures a atteint son quota : prévenez le service informatique',
    );
    expect(wallErrorText({ code: 'corrupt' })).toBe('refusée par le serveur (corrupt)');
  });
});
