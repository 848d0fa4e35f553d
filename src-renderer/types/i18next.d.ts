import 'i18next';
import type { TranslationResources } from '../i18n/fr';

declare module 'i18next' {
  /** Makes `t()` keys type-checked against the French resources, the reference language. */
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: TranslationResources };
  }
}
