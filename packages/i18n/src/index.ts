import i18next, { type i18n, type TFunction } from 'i18next';
import zhCommon from '../locales/zh-CN/common.json' with { type: 'json' };
import zhPortalPermits from '../locales/zh-CN/portal-permits.json' with { type: 'json' };
import zhAuth from '../locales/zh-CN/auth.json' with { type: 'json' };
import zhErrors from '../locales/zh-CN/errors.json' with { type: 'json' };
import zhPartyActivities from '../locales/zh-CN/party-activities.json' with { type: 'json' };
import zhEnterprise from '../locales/zh-CN/enterprise.json' with { type: 'json' };
import zhVocab from '../locales/zh-CN/vocab.json' with { type: 'json' };
import zhSettings from '../locales/zh-CN/settings.json' with { type: 'json' };
import zhWorkItems from '../locales/zh-CN/work-items.json' with { type: 'json' };
import zhReminders from '../locales/zh-CN/reminders.json' with { type: 'json' };
import zhNotifications from '../locales/zh-CN/notifications.json' with { type: 'json' };
import zhDisputes from '../locales/zh-CN/disputes.json' with { type: 'json' };
import zhAgency from '../locales/zh-CN/agency.json' with { type: 'json' };
import zhAgencyCase from '../locales/zh-CN/agency-case.json' with { type: 'json' };
import zhKpi from '../locales/zh-CN/kpi.json' with { type: 'json' };
import zhKpiSettings from '../locales/zh-CN/kpi-settings.json' with { type: 'json' };
import zhVisits from '../locales/zh-CN/visits.json' with { type: 'json' };
import zhReport from '../locales/zh-CN/report.json' with { type: 'json' };
import zhPatrolRounds from '../locales/zh-CN/patrol-rounds.json' with { type: 'json' };
import zhPatrol from '../locales/zh-CN/patrol.json' with { type: 'json' };
import zhPatrolRules from '../locales/zh-CN/patrol-rules.json' with { type: 'json' };
import zhParty from '../locales/zh-CN/party.json' with { type: 'json' };
import zhPatrolStats from '../locales/zh-CN/patrol-stats.json' with { type: 'json' };
import zhPatrolOffline from '../locales/zh-CN/patrol-offline.json' with { type: 'json' };
import zhStations from '../locales/zh-CN/stations.json' with { type: 'json' };
import zhMembers from '../locales/zh-CN/members.json' with { type: 'json' };
import zhAudit from '../locales/zh-CN/audit.json' with { type: 'json' };
import zhPlatformAdmin from '../locales/zh-CN/platform-admin.json' with { type: 'json' };
import zhKnowledge from '../locales/zh-CN/knowledge.json' with { type: 'json' };
import zhNotices from '../locales/zh-CN/notices.json' with { type: 'json' };
import enCommon from '../locales/en/common.json' with { type: 'json' };
import enPortalPermits from '../locales/en/portal-permits.json' with { type: 'json' };
import enAuth from '../locales/en/auth.json' with { type: 'json' };
import enErrors from '../locales/en/errors.json' with { type: 'json' };
import enPartyActivities from '../locales/en/party-activities.json' with { type: 'json' };
import enEnterprise from '../locales/en/enterprise.json' with { type: 'json' };
import enVocab from '../locales/en/vocab.json' with { type: 'json' };
import enSettings from '../locales/en/settings.json' with { type: 'json' };
import enWorkItems from '../locales/en/work-items.json' with { type: 'json' };
import enReminders from '../locales/en/reminders.json' with { type: 'json' };
import enNotifications from '../locales/en/notifications.json' with { type: 'json' };
import enDisputes from '../locales/en/disputes.json' with { type: 'json' };
import enAgency from '../locales/en/agency.json' with { type: 'json' };
import enAgencyCase from '../locales/en/agency-case.json' with { type: 'json' };
import enKpi from '../locales/en/kpi.json' with { type: 'json' };
import enKpiSettings from '../locales/en/kpi-settings.json' with { type: 'json' };
import enVisits from '../locales/en/visits.json' with { type: 'json' };
import enReport from '../locales/en/report.json' with { type: 'json' };
import enPatrolRounds from '../locales/en/patrol-rounds.json' with { type: 'json' };
import enPatrol from '../locales/en/patrol.json' with { type: 'json' };
import enPatrolRules from '../locales/en/patrol-rules.json' with { type: 'json' };
import enParty from '../locales/en/party.json' with { type: 'json' };
import enPatrolStats from '../locales/en/patrol-stats.json' with { type: 'json' };
import enPatrolOffline from '../locales/en/patrol-offline.json' with { type: 'json' };
import enStations from '../locales/en/stations.json' with { type: 'json' };
import enMembers from '../locales/en/members.json' with { type: 'json' };
import enAudit from '../locales/en/audit.json' with { type: 'json' };
import enPlatformAdmin from '../locales/en/platform-admin.json' with { type: 'json' };
import enKnowledge from '../locales/en/knowledge.json' with { type: 'json' };
import enNotices from '../locales/en/notices.json' with { type: 'json' };

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'zh-CN';
export const languageCookie = 'sd_lang';

type Tree = { [key: string]: string | Tree };

/** Locale files are split by area (one owner each); merged here into one namespace. */
function merge(...parts: Tree[]): Tree {
  const out: Tree = {};
  for (const part of parts) {
    for (const [k, v] of Object.entries(part)) {
      const prev = out[k];
      out[k] = typeof v === 'object' && typeof prev === 'object' ? merge(prev, v) : v;
    }
  }
  return out;
}

export const locales = {
  'zh-CN': merge(zhCommon, zhPortalPermits, zhAuth, zhPatrolOffline, zhErrors, zhMembers, zhVocab, zhEnterprise, zhSettings, zhWorkItems, zhReminders, zhNotifications, zhDisputes, zhAgency, zhAgencyCase, zhKpi, zhKpiSettings, zhVisits, zhReport, zhPatrolRounds, zhPartyActivities, zhPatrol, zhPatrolRules, zhParty, zhPatrolStats, zhAudit, zhNotices, zhStations, zhPlatformAdmin, zhKnowledge),
  en: merge(enCommon, enPortalPermits, enAuth, enPatrolOffline, enErrors, enMembers, enVocab, enEnterprise, enSettings, enWorkItems, enReminders, enNotifications, enDisputes, enAgency, enAgencyCase, enKpi, enKpiSettings, enVisits, enReport, enPatrolRounds, enPartyActivities, enPatrol, enPatrolRules, enParty, enPatrolStats, enAudit, enNotices, enStations, enPlatformAdmin, enKnowledge),
};

export const resources = {
  'zh-CN': { translation: locales['zh-CN'] },
  en: { translation: locales.en },
} as const;

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (languages as readonly string[]).includes(v);
}

/** The language the person chose with the language switch (the `sd_lang` cookie), if any. */
export function languageFromCookie(cookieHeader: string | null | undefined): Language | null {
  const raw = /(?:^|;\s*)sd_lang=([^;]+)/.exec(cookieHeader ?? '')?.[1];
  if (!raw) return null;
  try {
    const lang = decodeURIComponent(raw);
    return isLanguage(lang) ? lang : null;
  } catch {
    return null;
  }
}

/**
 * Picks the language: the `sd_lang` cookie wins, then Accept-Language, then zh-CN. Chinese
 * variants all map to zh-CN — it is the product's first language.
 */
export function resolveLanguage(cookieHeader: string | null | undefined, acceptLanguage?: string | null): Language {
  const fromCookie = languageFromCookie(cookieHeader);
  if (fromCookie) return fromCookie;
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
