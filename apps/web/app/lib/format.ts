import { daysUntil } from '@stationdesk/core';
import { localName } from './names.ts';

/** 'YYYY-MM-DD HH:mm' of an instant in the tenant's zone — the same in both languages. */
export function formatDateTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** How urgent an expiry date is: red within 7 days (or past), amber within 30. */
export type ExpiryTone = 'expired' | 'critical' | 'soon' | 'ok';

export function expiryTone(date: string, today: string): ExpiryTone {
  const days = daysUntil(date, today);
  if (days < 0) return 'expired';
  if (days <= 7) return 'critical';
  if (days <= 30) return 'soon';
  return 'ok';
}

export function expiryDays(date: string, today: string): number {
  return daysUntil(date, today);
}

/** 工作站 · 楼宇 · 楼层/房间 */
export function locationText(
  lang: string,
  e: {
    stationName: string;
    stationNameEn: string | null;
    buildingName: string;
    buildingNameEn: string | null;
    floor: string | null;
    room: string | null;
  },
): string {
  const place = [e.floor, e.room].filter(Boolean).join(' / ');
  return [localName(lang, e.stationName, e.stationNameEn), localName(lang, e.buildingName, e.buildingNameEn), place || null].filter(Boolean).join(' · ');
}

/** A phone number as a tel: link target (digits and a leading +, nothing else). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const listSeparator = (lang: string) => (lang === 'en' ? ', ' : '、');

/** A rate (0–1) as a percentage with at most two decimals, as the subdistrict reports it (97.7%, 92.13%); — without one. */
export function formatPercent(rate: number | null, lang: string): string {
  if (rate === null) return '—';
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(rate * 100)}%`;
}

/** A change in percentage points with its sign (+1.2, −0.35, 0), for 同比 and 环比. */
export function formatPointChange(points: number, lang: string): { sign: string; value: string } {
  const rounded = Math.round(points * 100) / 100;
  return { sign: rounded > 0 ? '+' : rounded < 0 ? '−' : '±', value: new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(Math.abs(rounded)) };
}
