import { describe, expect, it } from 'vitest';
import { StreamReasonSchema } from '../../../../src-shared/contract';
import { sharedFr } from '../../../../src-renderer/shared/i18n/fr';
import { wallFr } from '../../../../src-renderer/wall/wall-i18n';

describe('French resources', () => {
  it('explain every stream reason the core can send', () => {
    for (const reason of StreamReasonSchema.options) {
      expect(wallFr.tile.reason[reason], reason).toMatch(/\S/);
    }
  });

  it('use the sentences operators were trained on', () => {
    expect(wallFr.tile.reason['not-found']).toBe('Flux introuvable sur la caméra');
    expect(wallFr.tile.reason.unreachable).toBe('Caméra injoignable');
    expect(wallFr.tile.reason.crashed).toBe("Le relais vidéo s'est arrêté");
    expect(wallFr.tile.empty).toBe('Aucune caméra');
    expect(sharedFr.connection.lost).toBe('Connexion au serveur Vigie perdue — reconnexion…');
    expect(wallFr.tile.retryIn).toBe('Nouvelle tentative dans {{seconds}} s');
    expect(wallFr.header.display).toBe('Écran {{display}}');
  });
});
