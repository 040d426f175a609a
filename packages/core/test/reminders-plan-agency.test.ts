import { describe, expect, it } from 'vitest';
import type { WorkCalendar } from '../src/calendar/index.ts';
import { planAgencyReminders, type AgencyReminderFacts, type ReminderSpec } from '../src/reminders/index.ts';

/**
 * March 2026 in Asia/Shanghai (UTC+8): 09:00–12:00 and 13:00–18:00 (480 working minutes a day),
 * weekends off, Thursday 5 March a holiday. Expected instants are counted by hand on this calendar.
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

/** Taken in Monday 2 March 10:00; the department must decide by Monday 16 March 10:00 (9 working days). */
const agencyCase: AgencyReminderFacts = {
  itemId: 'ag1',
  step: 'precheck',
  createdAt: L('2026-03-02T10:00'),
  statutoryDueAt: L('2026-03-16T10:00'),
  missingRequired: 0,
  doneAt: null,
  result: null,
  pickedUpAt: null,
};

const spec = (kind: string, dueAt: Date, recipients: ReminderSpec['recipients'], channels: ReminderSpec['channels']): ReminderSpec => ({
  kind,
  key: `ag:ag1:${kind}:${dueAt.toISOString()}`,
  dueAt,
  recipients,
  channels,
});

const statutory = [
  // 5 × 480 minutes back from Mon 16 10:00: Mon 60, Fri, Thu, Wed, Tue 480 each, Mon 9 420.
  spec('statutory_due_5', L('2026-03-09T10:00'), ['assignee', 'managers'], ['inbox', 'email']),
  // 2 × 480 back: Mon 60, Fri 480, Thu 12 420.
  spec('statutory_due_2', L('2026-03-12T10:00'), ['assignee', 'managers'], ['inbox', 'email']),
];

describe('planAgencyReminders', () => {
  it('warns the handler and managers 5 and 2 working days before the statutory deadline', () => {
    for (const step of ['precheck', 'submitted']) {
      expect(planAgencyReminders({ ...agencyCase, step }, cal)).toEqual(statutory);
    }
  });

  it('chases missing required materials every 2 working days from intake, at most three times', () => {
    const plan = planAgencyReminders({ ...agencyCase, step: 'materials', missingRequired: 2 }, cal);
    expect(plan).toEqual([
      ...statutory,
      // 960 minutes: Mon 420, Tue 480, Wed 60.
      spec('materials_missing', L('2026-03-04T10:00'), ['enterprise_admins'], ['inbox', 'email']),
      // 1,920: … Wed 480, Thu off, Fri 480, Mon 9 60.
      spec('materials_missing', L('2026-03-09T10:00'), ['enterprise_admins'], ['inbox', 'email']),
      // 2,880: … Mon 9 480, Tue 480, Wed 11 60.
      spec('materials_missing', L('2026-03-11T10:00'), ['enterprise_admins'], ['inbox', 'email']),
    ]);
    expect(new Set(plan.map((r) => r.key)).size).toBe(plan.length);
  });

  it('chases nobody once every required material is in', () => {
    expect(planAgencyReminders({ ...agencyCase, step: 'materials', missingRequired: 0 }, cal)).toEqual(statutory);
  });

  it('marks the department overdue at the statutory deadline while it reviews, with the webhook too', () => {
    expect(planAgencyReminders({ ...agencyCase, step: 'under_review' }, cal)).toEqual([
      ...statutory,
      spec('department_overdue', L('2026-03-16T10:00'), ['assignee', 'managers'], ['inbox', 'email', 'webhook']),
    ]);
  });

  it('warns at intake, never before, when the deadline is nearer than the warning', () => {
    // One working day to go: both warnings fall back to the moment the case was taken in.
    const tight = planAgencyReminders({ ...agencyCase, statutoryDueAt: L('2026-03-03T10:00') }, cal);
    expect(tight.map((r) => [r.kind, r.dueAt])).toEqual([
      ['statutory_due_5', L('2026-03-02T10:00')],
      ['statutory_due_2', L('2026-03-02T10:00')],
    ]);
  });

  it('asks the enterprise to pick up an approved permit when it is done, and nothing else', () => {
    const done = { ...agencyCase, step: 'done', result: 'approved', doneAt: L('2026-03-13T11:00') };
    expect(planAgencyReminders(done, cal)).toEqual([spec('pick_up', L('2026-03-13T11:00'), ['enterprise_admins'], ['inbox', 'email'])]);
  });

  it('plans nothing for a finished case: picked up, rejected or withdrawn', () => {
    const done = { ...agencyCase, step: 'done', doneAt: L('2026-03-13T11:00'), missingRequired: 1 };
    expect(planAgencyReminders({ ...done, result: 'approved', pickedUpAt: L('2026-03-16T09:30') }, cal)).toEqual([]);
    expect(planAgencyReminders({ ...done, result: 'rejected' }, cal)).toEqual([]);
    expect(planAgencyReminders({ ...done, result: 'withdrawn' }, cal)).toEqual([]);
  });
});
