import { describe, expect, it } from 'vitest';
import { StreamReasonSchema } from '../../src-shared/contract';
import { fr } from '../../src-renderer/i18n/fr';

describe('French resources', () => {
  it('explain every stream reason the core can send', () => {
    for (const reason of StreamReasonSchema.options) {
      expect(fr.tile.reason[reason], reason).toMatch(/\S/);
    }
  });

  it('use the sentences operators were trained on', () => {
    expect(fr.tile.reason['not-found']).toBe('Flux introuvable sur la caméra');
    expect(fr.tile.reason.unreachable).toBe('Caméra injoignable');
    expect(fr.tile.reason.crashed).toBe("Le relais vidéo s'est arrêté");
    expect(fr.tile.empty).toBe('Aucune caméra');
    expect(fr.connection.banner.lost).toBe('Connexion au serveur Vigie perdue — reconnexion…');
    expect(fr.tile.retryIn).toBe('Nouvelle tentative dans {{seconds}} s');
    expect(fr.header.display).toBe('Écran {{display}}');
  });
});
