import { useMemo } from 'react';
import { createI18n, type Language } from '@stationdesk/i18n';

/** One i18next instance per language, shared by the server render and hydration. */
const instances = new Map<Language, ReturnType<typeof createI18n>>();

export function useI18nInstance(lang: Language) {
  return useMemo(() => {
    let instance = instances.get(lang);
    if (!instance) {
      instance = createI18n(lang);
      instances.set(lang, instance);
    }
    return instance;
  }, [lang]);
}
