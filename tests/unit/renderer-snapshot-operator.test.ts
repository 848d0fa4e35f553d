import { describe, expect, it } from 'vitest';
import { operatorName } from '../../src-renderer/wall/snapshot-operator';
import { initI18n } from '../../src-renderer/i18n/i18n';

initI18n();

describe('snapshot caption operator', () => {
  it('names the operator logged in at the workstation', () => {
    expect(operatorName({ state: 'active', operator: { name: 'Ada Martin', badge: 'PM-12' } })).toBe(
      'Ada Martin (PM-12)',
    );
  });

  it('never names an operator whose session is locked or absent', () => {
    const locked = operatorName({ state: 'locked', operator: { name: 'Ada Martin', badge: 'PM-12' } });
    expect(locked).not.toContain('Ada');
    expect(operatorName(null)).not.toContain('Ada');
    expect(operatorName(null)).toBe(locked);
    expect(locked).toBe('Opérateur (non connecté)');
  });
});
