import { zonedTimeToInstant } from '../calendar/time-zone.ts';
import type { ReminderSpec } from '../reminders/plan.ts';
import { ROUND_REMINDER_MINUTES, type RoundStatus } from './rounds.ts';

/**
 * An unfinished round's reminders: its assignee at 15:00 local on the round's day, the managers at
 * 17:30 (the rounds still not walked by the end of the day). A round done or missed has none: a
 * reminder planned before it was finished is dropped when it fires.
 */
export function planRoundReminders(round: { id: string; roundDate: string; status: RoundStatus }, timezone: string): ReminderSpec[] {
  if (round.status !== 'planned' && round.status !== 'in_progress') return [];
  const at = (minutes: number) => new Date(zonedTimeToInstant(round.roundDate, minutes, timezone));
  return [
    {
      kind: 'patrol_round_unfinished',
      key: `pr:${round.id}:assignee:${round.roundDate}`,
      dueAt: at(ROUND_REMINDER_MINUTES.assignee),
      recipients: ['assignee'],
      channels: ['inbox'],
    },
    {
      kind: 'patrol_round_unwalked',
      key: `pr:${round.id}:managers:${round.roundDate}`,
      dueAt: at(ROUND_REMINDER_MINUTES.managers),
      recipients: ['managers'],
      channels: ['inbox'],
    },
  ];
}
