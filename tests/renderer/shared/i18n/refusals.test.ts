import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { LogbookErrorCodeSchema } from '../../../../src-shared/contract';
import { errorText } from '../../../../src-renderer/admin/admin-errors';
import { ADMIN_NS, adminFr, adminT } from '../../../../src-renderer/admin/admin-i18n';
import { logbookFr } from '../../../../src-renderer/logbook/logbook-i18n';
import { initI18n } from '../../../../src-renderer/shared/i18n/i18n';
import { sharedFr } from '../../../../src-renderer/shared/i18n/fr';
import { issueLines, refusalText } from '../../../../src-renderer/shared/i18n/refusals';
import { englishWords } from '../../../support/english-words';

const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');

/** Every `new ServiceError(...)` call of the core, as source text, with its code. */
function serviceErrors(): { file: string; code: string; text: string }[] {
  const found: { file: string; code: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts')) {
        const source = readFileSync(file, 'utf8');
        for (
          let at = source.indexOf('new ServiceError(');
          at >= 0;
          at = source.indexOf('new ServiceError(', at + 1)
        ) {
          let depth = 0;
          let end = at + 'new ServiceError'.length;
          for (; end < source.length; end += 1) {
            if (source[end] === '(') depth += 1;
            if (source[end] === ')' && (depth -= 1) === 0) break;
          }
          const text = source.slice(at, end + 1);
          const code = /^new ServiceError\(\s*'([a-z-]+)'/.exec(text)?.[1];
          if (code) found.push({ file: path.relative(root, file), code, text });
        }
      }
    }
  };
  walk(path.join(root, 'src-main', 'core'));
  return found;
}

beforeAll(() => {
  initI18n();
});

describe('refusals reach the operator in French only', () => {
  it('has a French sentence for every reason and field problem the core gives', () => {
    const calls = serviceErrors();
    expect(calls.length).toBeGreaterThan(50);
    const reasons = sharedFr.refusals.reasons as Record<string, Record<string, string>>;
    const missing: string[] = [];
    for (const call of calls) {
      for (const match of call.text.matchAll(/reason: '([a-z-]+)'/g)) {
        const reason = match[1]!;
        if (!reasons[call.code]?.[reason] && !Object.hasOwn(sharedFr.refusals.issues, reason))
          missing.push(`${call.file}: ${call.code}/${reason}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('words every code in both windows, and the qualified refusals, without one English word', () => {
    const i18n = i18next.createInstance();
    void i18n.init({
      lng: 'fr',
      resources: { fr: { [ADMIN_NS]: adminFr } },
      initAsync: false,
      interpolation: { escapeValue: false },
    });
    const t = adminT(i18n);
    const texts: string[] = [];
    for (const code of LogbookErrorCodeSchema.options) {
      const error = { code, message: 'the English message IT reads in the log' };
      texts.push(errorText(t, error), logbookFr.errors[code]);
    }
    const reasons = sharedFr.refusals.reasons as Record<string, Record<string, string>>;
    for (const [code, table] of Object.entries(reasons)) {
      for (const reason of Object.keys(table)) {
        const text = refusalText({
          code: code as 'conflict',
          reason,
          params: { badge: 'OP02', label: 'rixe', workstation: 'vm' },
        });
        expect(text, `${code}/${reason}`).not.toBeNull();
        texts.push(text!);
      }
    }
    for (const text of texts) expect(englishWords(text), text).toEqual([]);
    expect(texts.join('\n')).not.toContain('English message');
  });

  it('says who may do it, counts a lock-out down, and names the refused fields', () => {
    expect(refusalText({ code: 'forbidden', params: { roles: 'chef de salle,admin' } })).toBe(
      'Action réservée : Chef de salle, Administrateur.',
    );
    const receivedAt = 1_000_000;
    const lockout = { code: 'too-many-attempts' as const, params: { retryInSeconds: 30 }, receivedAt };
    expect(refusalText(lockout, receivedAt)).toBe('Trop de codes PIN erronés : réessayez dans 30 s.');
    expect(refusalText(lockout, receivedAt + 12_400)).toBe(
      'Trop de codes PIN erronés : réessayez dans 18 s.',
    );
    expect(refusalText(lockout, receivedAt + 31_000)).toBe(
      'Trop de codes PIN erronés : vous pouvez réessayer.',
    );
    expect(refusalText({ code: 'no-shift', params: { workstation: 'vm' } })).toBe(
      'Aucune vacation ouverte sur le poste vm : ouvrez-en une pour enregistrer.',
    );
    expect(refusalText({ code: 'conflict', reason: 'badge-taken', params: { badge: 'OP02' } })).toBe(
      'Le matricule OP02 est déjà attribué à un autre opérateur.',
    );
    // A code without reason or values: the app's own sentence for it.
    expect(refusalText({ code: 'conflict' })).toBeNull();
    expect(
      issueLines([
        { field: 'observedAt', message: 'in the future', reason: 'future' },
        { field: 'consignes[1].expiresAt', message: 'in the past', reason: 'past' },
        { line: 4, field: 'weird', message: 'bad' },
      ]),
    ).toEqual([
      'Heure des faits : heure dans le futur',
      'Consigne 2 : Échéance : échéance déjà passée',
      'L. 4 — Champ « weird » : valeur refusée',
    ]);
  });
});
