import type { TFunction } from 'i18next';
import { formatDateTime } from '../../lib/format.ts';

/** A due time as messages carry it: an instant (work items) or a plain date (licence expiry). */
export function formatDue(value: string, timeZone: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : formatDateTime(value, timeZone);
}

/** Seconds as "0.8 秒", "42 秒" or "3 分 20 秒". */
export function formatSeconds(t: TFunction, seconds: number): string {
  if (seconds < 10) return t('notifications.ops.seconds', { value: (Math.round(seconds * 10) / 10).toString() });
  if (seconds < 60) return t('notifications.ops.seconds', { value: Math.round(seconds) });
  const total = Math.round(seconds);
  return t('notifications.ops.minutes', { m: Math.floor(total / 60), s: total % 60 });
}
