import { describe, expect, it } from 'vitest';
import {
  finishRefusal,
  generationRange,
  inRound,
  planRoundReminders,
  planRounds,
  PATROL_CATCH_UP_DAYS,
  roundActionRefusal,
  roundAssignee,
  roundDates,
  roundDueOn,
  roundProgress,
  scheduleProblems,
  staffProblems,
  weekStart,
  type PatrolSchedule,
} from '../src/patrol-rounds/index.ts';
import type { WorkCalendar } from '../src/calendar/index.ts';

/** Around 2026's 中秋 and 国庆: 9-20 (Sun) and 10-10 (Sat) are make-up working days (调休上班). */
const cal: WorkCalendar = {
  timezone: 'Asia/Shanghai',
  businessHours: [
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '17:30' },
  ],
  weekendDays: [0, 6],
  holidays: ['2026-09-25', '2026-09-26', '2026-09-27', ...[1, 2, 3, 4, 5, 6, 7].map((d) => `2026-10-0${d}`)],
  makeupWorkdays: ['2026-09-20', '2026-10-10'],
};
const daily: PatrolSchedule = { frequency: 'daily', weekdays: [] };
const workingDays: PatrolSchedule = { frequency: 'working_days', weekdays: [] };
const monWedFri: PatrolSchedule = { frequency: 'weekly', weekdays: [1, 3, 5] };

describe('when a round is due', () => {
  it('daily: every day, holidays included', () => {
    expect(roundDates(daily, cal, '2026-09-30', '2026-10-03')).toEqual(['2026-09-30', '2026-10-01', '2026-10-02', '2026-10-03']);
  });

  it('on working days: holidays skipped, make-up weekend days walked', () => {
    expect(roundDates(workingDays, cal, '2026-09-28', '2026-10-11')).toEqual(['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10']);
    expect(roundDueOn(workingDays, cal, '2026-09-20')).toBe(true); // a Sunday, 调休上班
    expect(roundDueOn(workingDays, cal, '2026-09-25')).toBe(false); // a Friday, 中秋
    expect(roundDueOn(workingDays, cal, '2026-09-19')).toBe(false); // an ordinary Saturday
    expect(() => roundDueOn(workingDays, null, '2026-09-19')).toThrow();
    expect(roundDates(daily, null, '2026-09-19', '2026-09-20')).toHaveLength(2);
  });

  it('weekly: on the chosen weekdays only, whatever the holidays', () => {
    // 2026-09-28 is a Monday.
    expect(roundDates(monWedFri, cal, '2026-09-28', '2026-10-04')).toEqual(['2026-09-28', '2026-09-30', '2026-10-02']);
  });

  it('refuses a weekly schedule without weekdays or with a weekday twice', () => {
    expect(scheduleProblems({ frequency: 'weekly', weekdays: [] })).toEqual(['errors.patrolRounds.noWeekdays']);
    expect(scheduleProblems({ frequency: 'weekly', weekdays: [1, 1] })).toEqual(['errors.patrolRounds.badWeekdays']);
    expect(scheduleProblems({ frequency: 'weekly', weekdays: [7] })).toEqual(['errors.patrolRounds.badWeekdays']);
    expect(scheduleProblems(daily)).toEqual([]);
  });
});

describe('the days a generation run covers', () => {
  it('starts on the plan\'s first day, then the day after the last one generated', () => {
    expect(generationRange({ startsOn: '2026-10-08', generatedThrough: null }, '2026-10-08')).toEqual({ from: '2026-10-08', to: '2026-10-08' });
    expect(generationRange({ startsOn: '2026-09-01', generatedThrough: '2026-10-05' }, '2026-10-08')).toEqual({ from: '2026-10-06', to: '2026-10-08' });
  });

  it('has nothing to do once today is generated, or before the plan starts', () => {
    expect(generationRange({ startsOn: '2026-09-01', generatedThrough: '2026-10-08' }, '2026-10-08')).toBeNull();
    expect(generationRange({ startsOn: '2026-10-09', generatedThrough: null }, '2026-10-08')).toBeNull();
  });

  it('catches up at most PATROL_CATCH_UP_DAYS', () => {
    expect(generationRange({ startsOn: '2025-01-01', generatedThrough: '2025-02-01' }, '2026-10-08')).toEqual({ from: '2026-08-07', to: '2026-10-08' });
    expect(PATROL_CATCH_UP_DAYS).toBe(62);
  });
});

describe('who walks a round', () => {
  const staff = ['a', 'b', 'c'];

  it('fixed: always the one member', () => {
    expect([0, 1, 7].map((n) => roundAssignee('fixed', ['a'], n))).toEqual(['a', 'a', 'a']);
  });

  it('round-robin: in turn by the round\'s place in the sequence of due dates, not by the calendar', () => {
    const dates = roundDates(workingDays, cal, '2026-09-28', '2026-10-11');
    const rounds = planRounds({ mode: 'round_robin', staffIds: staff }, dates, 4, '2026-10-09');
    expect(rounds.map((r) => r.assigneeId)).toEqual(['b', 'c', 'a', 'b', 'c', 'a']);
    // The holiday week does not make anyone's turn vanish: 10-08 follows 09-30 in the rotation.
    expect(rounds.map((r) => r.date)).toEqual(['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10']);
  });

  it('is deterministic: generating the same days again gives the same people', () => {
    const dates = roundDates(daily, cal, '2026-10-01', '2026-10-05');
    const once = planRounds({ mode: 'round_robin', staffIds: staff }, dates, 10, '2026-10-05');
    const split = [...planRounds({ mode: 'round_robin', staffIds: staff }, dates.slice(0, 2), 10, '2026-10-05'), ...planRounds({ mode: 'round_robin', staffIds: staff }, dates.slice(2), 12, '2026-10-05')];
    expect(split).toEqual(once);
  });

  it('records the days before today that a late generation reaches as missed', () => {
    const rounds = planRounds({ mode: 'fixed', staffIds: ['a'] }, ['2026-10-08', '2026-10-09', '2026-10-10'], 0, '2026-10-10');
    expect(rounds.map((r) => r.status)).toEqual(['missed', 'missed', 'planned']);
  });

  it('checks the staff list against the mode', () => {
    expect(staffProblems('fixed', ['a', 'b'])).toEqual(['errors.patrolRounds.fixedNeedsOne']);
    expect(staffProblems('round_robin', [])).toEqual(['errors.patrolRounds.noStaff']);
    expect(staffProblems('round_robin', ['a', 'a'])).toEqual(['errors.patrolRounds.duplicateStaff']);
    expect(staffProblems('round_robin', ['a', 'b'])).toEqual([]);
  });
});

describe('a round\'s completion', () => {
  const round = {
    floors: [
      { buildingId: 'tower1', floor: '1F' },
      { buildingId: 'tower1', floor: '2F' },
      { buildingId: 'tower2', floor: 'B1' },
    ],
    pointIds: ['p1', 'p2'],
  };

  it('counts every point of every planned floor, and which floors were covered', () => {
    const p = roundProgress(round, [
      { buildingId: 'tower1', floor: '1F', pointId: 'p1', result: 'ok' },
      { buildingId: 'tower1', floor: '1F', pointId: 'p2', result: 'finding' },
      { buildingId: 'tower2', floor: 'B1', pointId: 'p2', result: 'ok' },
      // Not planned: ignored.
      { buildingId: 'tower2', floor: 'B2', pointId: 'p2', result: 'ok' },
    ]);
    expect(p).toMatchObject({ total: 6, checked: 3, findings: 1 });
    expect(p.floorsCovered).toEqual([
      { buildingId: 'tower1', floor: '1F' },
      { buildingId: 'tower2', floor: 'B1' },
    ]);
    expect(p.missing).toEqual([
      { buildingId: 'tower1', floor: '2F', pointId: 'p1' },
      { buildingId: 'tower1', floor: '2F', pointId: 'p2' },
      { buildingId: 'tower2', floor: 'B1', pointId: 'p1' },
    ]);
  });

  it('finishes when every point is ticked OK or turned into a finding, otherwise only with a reason', () => {
    const all = round.floors.flatMap((f) => round.pointIds.map((pointId) => ({ ...f, pointId, result: 'ok' as const })));
    expect(finishRefusal(roundProgress(round, all), null)).toBeNull();
    const partial = roundProgress(round, all.slice(1));
    expect(finishRefusal(partial, null)).toBe('errors.patrolRounds.pointsUnchecked');
    expect(finishRefusal(partial, '   ')).toBe('errors.patrolRounds.pointsUnchecked');
    expect(finishRefusal(partial, '2 楼装修封闭，无法进入')).toBeNull();
  });

  it('knows which floors and points belong to the round', () => {
    expect(inRound(round, { buildingId: 'tower1', floor: '2F', pointId: 'p2' })).toBe(true);
    expect(inRound(round, { buildingId: 'tower1', floor: '5F', pointId: 'p2' })).toBe(false);
    expect(inRound(round, { buildingId: 'tower1', floor: '2F', pointId: 'p9' })).toBe(false);
  });
});

describe('who may walk a round, and when', () => {
  const round = { status: 'planned' as const, assigneeId: 'u1', roundDate: '2026-10-09' };
  const today = '2026-10-09';

  it('the assignee or a manager; nobody else', () => {
    expect(roundActionRefusal('check', round, { userId: 'u1', role: 'staff' }, today)).toBeNull();
    expect(roundActionRefusal('check', round, { userId: 'm', role: 'manager' }, today)).toBeNull();
    expect(roundActionRefusal('check', round, { userId: 'u2', role: 'staff' }, today)).toBe('errors.patrolRounds.notYourRound');
    expect(roundActionRefusal('check', round, { userId: 'u1', role: 'enterprise_admin' }, today)).toBe('errors.roleNotAllowed');
  });

  it('not a round that is done, missed or not yet due; finish only once started', () => {
    const me = { userId: 'u1', role: 'staff' as const };
    expect(roundActionRefusal('check', { ...round, status: 'done' }, me, today)).toBe('errors.patrolRounds.roundDone');
    expect(roundActionRefusal('start', { ...round, status: 'missed' }, me, today)).toBe('errors.patrolRounds.roundMissed');
    expect(roundActionRefusal('start', { ...round, roundDate: '2026-10-10' }, me, today)).toBe('errors.patrolRounds.notYet');
    expect(roundActionRefusal('finish', round, me, today)).toBe('errors.patrolRounds.notStarted');
    expect(roundActionRefusal('finish', { ...round, status: 'in_progress' }, me, today)).toBeNull();
    // Yesterday's round left in progress can still be finished.
    expect(roundActionRefusal('finish', { ...round, status: 'in_progress', roundDate: '2026-10-08' }, me, today)).toBeNull();
  });
});

describe('reminders of an unfinished round', () => {
  it('the assignee at 15:00 and the managers at 17:30, local time; none once done or missed', () => {
    const specs = planRoundReminders({ id: 'r1', roundDate: '2026-10-09', status: 'planned' }, 'Asia/Shanghai');
    expect(specs.map((s) => [s.kind, s.dueAt.toISOString(), s.recipients])).toEqual([
      ['patrol_round_unfinished', '2026-10-09T07:00:00.000Z', ['assignee']],
      ['patrol_round_unwalked', '2026-10-09T09:30:00.000Z', ['managers']],
    ]);
    expect(new Set(specs.map((s) => s.key)).size).toBe(2);
    expect(planRoundReminders({ id: 'r1', roundDate: '2026-10-09', status: 'in_progress' }, 'Asia/Shanghai')).toHaveLength(2);
    expect(planRoundReminders({ id: 'r1', roundDate: '2026-10-09', status: 'done' }, 'Asia/Shanghai')).toEqual([]);
    expect(planRoundReminders({ id: 'r1', roundDate: '2026-10-09', status: 'missed' }, 'Asia/Shanghai')).toEqual([]);
  });
});

describe('weeks', () => {
  it('run Monday to Sunday', () => {
    expect(weekStart('2026-10-08')).toBe('2026-10-05');
    expect(weekStart('2026-10-05')).toBe('2026-10-05');
    expect(weekStart('2026-10-11')).toBe('2026-10-05');
  });
});
