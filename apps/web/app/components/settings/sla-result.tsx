import type { RouterOutputs } from '@stationdesk/api';

// The shapes the SLA settings page renders: the procedures' answers. A change that went through is
// confirmed by the flash (one sentence saying what was saved and how many open items were
// recomputed); a refused one answers its form as every form does (lib/action-result.ts).
export type CalendarData = RouterOutputs['calendar']['get'];
export type CalendarDay = CalendarData['days'][number];
export type Policy = RouterOutputs['slaPolicy']['list'][number];
export type Duty = RouterOutputs['duty']['list'][number];
