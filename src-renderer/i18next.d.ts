import 'i18next';
import type { LogbookResources } from './logbook/logbook-i18n';
import type { SharedResources } from './shared/i18n/fr';
import type { WallResources } from './wall/wall-i18n';

declare module 'i18next' {
  /**
   * Makes `t()` keys type-checked against the French resources, the reference language. It sits
   * beside main.tsx because it names every app's namespace, as main.tsx names every app.
   */
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: SharedResources; wall: WallResources; logbook: LogbookResources };
  }
}
