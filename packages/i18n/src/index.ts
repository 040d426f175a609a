import i18next, { type i18n, type TFunction } from 'i18next';
import zhCN from '../locales/zh-CN.json' with { type: 'json' };
import en from '../locales/en.json' with { type: 'json' };

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'zh-CN';
export const languageCookie = 'sd_lang';

export const resources = {
  'zh-CN': { translation: zhCN },
  en: { translation: en },
} as const;

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (languages as readonly string[]).includes(v);
}

/**
 * Picks the language: the `sd_lang` cookie wins, then Accept-Language, then zh-CN. Chinese
 * variants all map to zh-CN — it is the product's first language.
 */
export function resolveLanguage(cookieHeader: string | null | undefined, acceptLanguage?: string | null): Language {
  const fromCookie = /(?:^|;\s*)sd_lang=([^;]+)/.exec(cookieHeader ?? '')?.[1];
  if (fromCookie && isLanguage(decodeURIComponent(fromCookie))) return decodeURIComponent(fromCookie) as Language;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return defaultLanguage;
}

export function createI18n(lng: Language): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng,
    fallbackLng: false,
    resources,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

const translators = new Map<Language, TFunction>();
/** A server-side translator per language, built once. */
export function translator(lng: Language): TFunction {
  let t = translators.get(lng);
  if (!t) {
    t = createI18n(lng).t;
    translators.set(lng, t);
  }
  return t;
}
