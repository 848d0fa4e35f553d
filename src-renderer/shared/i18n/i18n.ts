import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { sharedFr } from './fr';

/** Languages the renderer ships; the first is the default and the fallback. */
export const SUPPORTED_LANGUAGES = ['fr'] as const;
/** A language the bundled resources cover. */
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

/**
 * Initialises i18next synchronously (resources are bundled, nothing is fetched), so the first
 * render is already in French and no window ever flashes raw keys. Only the shared strings are
 * loaded here; each app adds its own namespace before its first render.
 */
export function initI18n(language: SupportedLanguage = 'fr'): typeof i18next {
  if (!i18next.isInitialized) {
    void i18next.use(initReactI18next).init({
      resources: { fr: { translation: sharedFr } },
      lng: language,
      fallbackLng: 'fr',
      supportedLngs: [...SUPPORTED_LANGUAGES],
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  return i18next;
}

/** `t()` for the shared strings (product name, connection, roles, start-up errors). */
export function useSharedT() {
  return useTranslation().t;
}
