import type { RouterOutputs } from '@stationdesk/api';
import { FormError } from '../ui.tsx';

// The shapes the SLA settings page renders: the procedures' answers.
export type CalendarData = RouterOutputs['calendar']['get'];
export type CalendarDay = CalendarData['days'][number];
export type Policy = RouterOutputs['slaPolicy']['list'][number];
export type Duty = RouterOutputs['duty']['list'][number];

/**
 * A change that went through is confirmed by the flash, one sentence saying what was saved and how
 * many open items were recomputed; a refused one answers its form with the reason.
 */
export type SettingsResult = { ok: false; intent: string; error: string };

export function ResultNotice({ result }: { result: SettingsResult | undefined }) {
  return result ? <FormError>{result.error}</FormError> : null;
}
