import 'i18next';
import type { TranslationResources } from '../i18n/fr';
import type { LogbookResources } from '../logbook/logbook-i18n';

declare module 'i18next' {
  /** Makes `t()` keys type-checked against the French resources, the reference language. */
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: TranslationResources; logbook: LogbookResources };
  }
}
