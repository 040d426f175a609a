import type { TFunction } from 'i18next';
import type { RouterOutputs } from '@stationdesk/api';
import { localName } from './names.ts';

/** Shapes the party pages read (党群服务, issue 20). */
export type PartyServices = RouterOutputs['servicePost']['services'];
export type ServicePost = RouterOutputs['servicePost']['list'][number];
export type DutyShift = RouterOutputs['dutyShift']['list']['shifts'][number];

/** A kind of service as the reader sees it: the tenant's own name, else the default's translation. */
export function serviceName(t: TFunction, lang: string, services: PartyServices, key: string): string {
  const s = services.find((x) => x.key === key);
  if (s?.name) return localName(lang, s.name, s.nameEn);
  return s?.builtIn || !s ? t(`party.service.${key}`, { defaultValue: key }) : key;
}

/** 'HH:mm' of an instant in the tenant's zone. */
export function timeOf(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** A shift's time: '08:00–12:00'. */
export function shiftTime(s: { startsAt: string; endsAt: string }, timeZone: string): string {
  return `${timeOf(s.startsAt, timeZone)}–${timeOf(s.endsAt, timeZone)}`;
}

/** Names typed one per line or separated by commas (either kind), trimmed, blanks dropped. */
export function splitNames(value: string): string[] {
  return value
    .split(/[\n,，、;；]+/)
    .map((n) => n.trim())
    .filter(Boolean);
}

/** Tones of a shift by its places: full (green), some left (amber), none taken (red). */
export function placesTone(s: { places: number; booked: number }): string {
  if (s.booked >= s.places) return 'bg-green-50 text-green-700 ring-green-600/20';
  if (s.booked === 0) return 'bg-red-50 text-red-700 ring-red-600/20';
  return 'bg-amber-50 text-amber-800 ring-amber-600/20';
}

export const badgeClass = 'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 whitespace-nowrap';
