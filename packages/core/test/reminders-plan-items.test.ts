import { describe, expect, it, vi } from 'vitest';
import type { WorkCalendar } from '../src/calendar/index.ts';
import { planItemReminders, type ItemReminderFacts, type ReminderSpec } from '../src/reminders/index.ts';

/**
 * A station's week in March 2026 (Asia/Shanghai, UTC+8): 09:00–12:00 and 13:00–18:00 (8 working
 * hours a day), Saturday and Sunday off, Thursday 5 March a holiday. Every expected instant below is
 * counted by hand on this calendar; `L(…)` writes a local time as the UTC instant it is.
 */
const cal: WorkCalendar = {
  timezone: 'Asia/Shanghai',
  businessHours: [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '18:00' },
  ],
  weekendDays: [0, 6],
  holidays: ['2026-03-05'],
  makeupWorkdays: [],
};
const L = (local: string) => new Date(`${local}:00+08:00`);

/** Created Monday 2 March 10:00; first contact within 4 working hours, resolution within 3 working days. */
const item: ItemReminderFacts = {
  id: 'wi1',
  status: 'assigned',
  channel: 'web',
  createdAt: L('2026-03-02T10:00'),
  firstContactAt: null,
  // 10:00–12:00 and 13:00–15:00.
  firstContactDueAt: L('2026-03-02T15:00'),
  // 1,440 working minutes: Mon 420, Tue 480, Wed 480, Thu off, Fri 60.
  resolutionDueAt: L('2026-03-06T10:00'),
  waitingSince: null,
  resolvedAt: null,
  rated: false,
  hasEnterprise: true,
  firstContactUnit: 'working_hours',
  resolutionUnit: 'working_days',
};

const spec = (kind: string, dueAt: Date, recipients: ReminderSpec['recipients'], channels: ReminderSpec['channels'], id = 'wi1'): ReminderSpec => ({
  kind,
  key: `wi:${id}:${kind}:${dueAt.toISOString()}`,
  dueAt,
  recipients,
  channels,
});

/** The four reminders of an open item whose clock runs and whose first contact is still owed. */
const openPlan = [
  // 75% of the 240 first-contact minutes: 10:00–12:00 and 13:00–14:00.
  spec('first_contact_warning', L('2026-03-02T14:00'), ['assignee'], ['inbox']),
  spec('first_contact_breach', L('2026-03-02T15:00'), ['assignee', 'managers'], ['inbox', 'email']),
  // One working day (480 minutes) before Friday 10:00 is Wednesday 10:00 — not Thursday, a holiday.
  spec('resolution_warning', L('2026-03-04T10:00'), ['assignee'], ['inbox', 'email']),
  spec('resolution_overdue', L('2026-03-06T10:00'), ['assignee', 'managers'], ['inbox', 'email', 'webhook']),
];

describe('planItemReminders', () => {
  it('plans the first-contact warning and breach and the resolution warning and overdue of an open item', () => {
    expect(planItemReminders(item, cal)).toEqual(openPlan);
  });

  it('plans the same for an item nobody is assigned yet: the assignee rule is resolved when it fires', () => {
    // (A received item has no assignee; the services send "assignee" reminders to its station's staff.)
    expect(planItemReminders({ ...item, status: 'received' }, cal)).toEqual(openPlan);
    expect(planItemReminders({ ...item, status: 'returned' }, cal)).toEqual(openPlan);
  });

  it('drops the first-contact reminders once the enterprise has been contacted', () => {
    const plan = planItemReminders({ ...item, status: 'in_progress', firstContactAt: L('2026-03-02T11:00') }, cal);
    expect(plan).toEqual(openPlan.slice(2));
  });

  it('plans nothing for a clock it has no due time for', () => {
    expect(planItemReminders({ ...item, firstContactDueAt: null, resolutionDueAt: null }, cal)).toEqual([]);
  });

  it('measures wall-clock limits in hours, not working time', () => {
    const wall = {
      ...item,
      firstContactUnit: 'calendar_hours',
      firstContactDueAt: L('2026-03-02T14:00'),
      resolutionUnit: 'calendar_days',
      resolutionDueAt: L('2026-03-04T10:00'),
    } as const;
    expect(planItemReminders(wall, cal)).toEqual([
      spec('first_contact_warning', L('2026-03-02T13:00'), ['assignee'], ['inbox']),
      spec('first_contact_breach', L('2026-03-02T14:00'), ['assignee', 'managers'], ['inbox', 'email']),
      spec('resolution_warning', L('2026-03-03T10:00'), ['assignee'], ['inbox', 'email']),
      spec('resolution_overdue', L('2026-03-04T10:00'), ['assignee', 'managers'], ['inbox', 'email', 'webhook']),
    ]);
  });

  it('never warns before the item existed when its whole limit is shorter than a day', () => {
    const short = { ...item, firstContactAt: L('2026-03-02T10:30'), resolutionUnit: 'working_hours', resolutionDueAt: L('2026-03-02T16:00') } as const;
    expect(planItemReminders(short, cal).map((r) => [r.kind, r.dueAt])).toEqual([
      ['resolution_warning', L('2026-03-02T10:00')],
      ['resolution_overdue', L('2026-03-02T16:00')],
    ]);
    const wall = { ...short, resolutionUnit: 'calendar_hours', resolutionDueAt: L('2026-03-02T20:00') } as const;
    expect(planItemReminders(wall, cal).map((r) => [r.kind, r.dueAt])).toEqual([
      ['resolution_warning', L('2026-03-02T10:00')],
      ['resolution_overdue', L('2026-03-02T20:00')],
    ]);
  });

  it('still plans the reminders of an item already past its due times (the plan reads no clock)', () => {
    // Re-planned a month later (a calendar change), an overdue item keeps the same rows under the
    // same keys; the service enqueues the late ones with no delay.
    vi.useFakeTimers({ now: L('2026-04-01T09:00') });
    try {
      expect(planItemReminders({ ...item, status: 'in_progress' }, cal)).toEqual(openPlan);
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives a moved due time new keys and leaves the other reminders alone', () => {
    const moved = planItemReminders({ ...item, resolutionDueAt: L('2026-03-09T10:00') }, cal);
    expect(moved.slice(0, 2)).toEqual(openPlan.slice(0, 2));
    expect(moved.slice(2)).toEqual([
      // Friday 10:00 is one working day before Monday 10:00.
      spec('resolution_warning', L('2026-03-06T10:00'), ['assignee'], ['inbox', 'email']),
      spec('resolution_overdue', L('2026-03-09T10:00'), ['assignee', 'managers'], ['inbox', 'email', 'webhook']),
    ]);
    expect(moved[3]!.key).not.toBe(openPlan[3]!.key);
  });

  describe('while waiting for the enterprise (the resolution clock paused)', () => {
    // Tuesday 3 March 15:00; every 2 working days (960 minutes), three times.
    const waiting = { ...item, status: 'waiting', firstContactAt: L('2026-03-02T11:00'), waitingSince: L('2026-03-03T15:00') };

    it('nudges the enterprise admins three times instead of the resolution reminders', () => {
      expect(planItemReminders(waiting, cal)).toEqual([
        // Tue 180 + Wed 480, Thursday off, Fri 300.
        spec('waiting_nudge', L('2026-03-06T15:00'), ['enterprise_admins'], ['inbox', 'email']),
        // Fri 180, the weekend off, Mon 480, Tue 300.
        spec('waiting_nudge', L('2026-03-10T15:00'), ['enterprise_admins'], ['inbox', 'email']),
        spec('waiting_nudge', L('2026-03-12T15:00'), ['enterprise_admins'], ['inbox', 'email']),
      ]);
    });

    it('nudges nobody when no enterprise is waited for, and plans nothing else', () => {
      expect(planItemReminders({ ...waiting, hasEnterprise: false }, cal)).toEqual([]);
    });

    it('returns the resolution reminders when the item resumes', () => {
      expect(planItemReminders({ ...waiting, status: 'in_progress', waitingSince: null }, cal)).toEqual(openPlan.slice(2));
    });
  });

  describe('once resolved', () => {
    // Friday 6 March 16:00; the reminder 2 working days later: Fri 120, Mon 480, Tue 360.
    const resolved = { ...item, status: 'resolved', firstContactAt: L('2026-03-02T11:00'), resolvedAt: L('2026-03-06T16:00') };

    it('invites the enterprise to rate at once and reminds it two working days later — and nothing of the SLA', () => {
      expect(planItemReminders(resolved, cal)).toEqual([
        spec('rating_invite', L('2026-03-06T16:00'), ['enterprise_admins'], ['inbox', 'email']),
        spec('rating_reminder', L('2026-03-10T16:00'), ['enterprise_admins'], ['inbox']),
      ]);
    });

    it('plans nothing when the item is rated, has no enterprise, or is visited or closed', () => {
      expect(planItemReminders({ ...resolved, rated: true }, cal)).toEqual([]);
      expect(planItemReminders({ ...resolved, hasEnterprise: false }, cal)).toEqual([]);
      // A resolved item never contacted still owes no first contact.
      expect(planItemReminders({ ...resolved, firstContactAt: null, rated: true }, cal)).toEqual([]);
      for (const status of ['visited', 'closed']) {
        expect(planItemReminders({ ...resolved, status, firstContactAt: null }, cal)).toEqual([]);
      }
    });
  });
});
