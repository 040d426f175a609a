import { describe, expect, it } from 'vitest';
import {
  buildingFloorLabels,
  currentVerification,
  defaultBusinessHours,
  defaultPatrolCategoryKeys,
  defaultSlaPolicies,
  disputeConversionRefusal,
  dueTimes,
  floorLabelOfNumber,
  floorOfBuilding,
  mergePatrolCategories,
  normalizeFloorLabel,
  ownCategoryKey,
  patrolAllowedSteps,
  patrolStepRefusal,
  tierOfPriority,
  tierPriority,
  verificationRefusal,
  verificationStep,
  type PatrolFindingFacts,
  type WorkCalendar,
} from '../src/index.ts';

const cal: WorkCalendar = { timezone: 'Asia/Shanghai', businessHours: defaultBusinessHours, weekendDays: [0, 6], holidays: [], makeupWorkdays: [] };
const at = (local: string) => new Date(`${local}+08:00`);

describe('tiers', () => {
  it('red, yellow and blue are the urgent, normal and low priorities, both ways', () => {
    expect(tierPriority).toEqual({ red: 'urgent', yellow: 'normal', blue: 'low' });
    expect(tierOfPriority('urgent')).toBe('red');
    expect(tierOfPriority('low')).toBe('blue');
  });

  it('by default a red finding is due 2 h later on the wall clock, even on a Saturday night; yellow 24 h, blue 72 h', () => {
    const patrol = defaultSlaPolicies.patrol;
    const saturdayNight = at('2026-03-07T23:00:00');
    expect(dueTimes(cal, patrol[tierPriority.red], saturdayNight).resolutionDueAt.toISOString()).toBe(at('2026-03-08T01:00:00').toISOString());
    expect(dueTimes(cal, patrol[tierPriority.yellow], saturdayNight).resolutionDueAt.toISOString()).toBe(at('2026-03-08T23:00:00').toISOString());
    expect(dueTimes(cal, patrol[tierPriority.blue], saturdayNight).resolutionDueAt.toISOString()).toBe(at('2026-03-10T23:00:00').toISOString());
  });

  it('a tenant that counts yellow on working time gets 24 working hours: Friday 16:00 → the Thursday after', () => {
    const working = { firstContact: { value: 4, unit: 'working_hours' as const }, resolution: { value: 24, unit: 'working_hours' as const } };
    // Fri 1.5 h; Mon, Tue, Wed 7.5 h each = 24 h at Thursday 09:00 → 24 - 1.5 - 22.5 = 0: Wednesday close (17:30).
    expect(dueTimes(cal, working, at('2026-03-06T16:00:00')).resolutionDueAt.toISOString()).toBe(at('2026-03-11T17:30:00').toISOString());
  });
});

describe('categories', () => {
  it('a tenant without rows has the seven defaults in order, labour only for 劳资风险', () => {
    const list = mergePatrolCategories([]);
    expect(list.map((c) => c.key)).toEqual([...defaultPatrolCategoryKeys]);
    expect(list.filter((c) => c.labour).map((c) => c.key)).toEqual(['labour_wages']);
    expect(list.every((c) => c.builtIn && c.active && c.name === null)).toBe(true);
  });

  it('stored rows rename, hide and move defaults; own categories join by position', () => {
    const list = mergePatrolCategories([
      { key: 'other', name: '其他问题', nameEn: 'Other issues', labour: false, active: false, position: 5 },
      { key: 'c_a1b2c3', name: '群租', nameEn: 'Group renting', labour: false, active: true, position: 15 },
      { key: 'c_d4e5f6', name: '欠薪聚集', nameEn: null, labour: true, active: true, position: 100 },
    ]);
    expect(list.map((c) => c.key).slice(0, 3)).toEqual(['other', 'fire_safety', 'c_a1b2c3']);
    expect(list[0]).toMatchObject({ name: '其他问题', active: false, builtIn: true });
    expect(list.find((c) => c.key === 'c_a1b2c3')).toMatchObject({ builtIn: false, labour: false });
    expect(list.at(-1)).toMatchObject({ key: 'c_d4e5f6', labour: true });
    expect(list).toHaveLength(9);
  });

  it('own keys are c_ and hex', () => {
    expect(ownCategoryKey('A1B2C3D4E5F6aa')).toBe('c_a1b2c3d4e5f6');
    expect(() => ownCategoryKey('zz')).toThrow(RangeError);
  });
});

describe('floors', () => {
  it('reads what people type as one label', () => {
    const cases: [string, string | null][] = [
      ['12', '12F'], ['12f', '12F'], ['12F', '12F'], ['12楼', '12F'], ['１２层', '12F'], [' 3 F ', '3F'],
      ['B1', 'B1'], ['b2f', 'B2'], ['-1', 'B1'], ['负一层', 'B1'], ['地下2层', 'B2'], ['屋顶', 'RF'], ['rf', 'RF'],
      ['0', null], ['', null], ['lobby', null], ['B0', null], ['1000', null], ['B10', null],
    ];
    for (const [typed, label] of cases) expect(normalizeFloorLabel(typed), typed).toBe(label);
  });

  it('numbers become labels', () => {
    expect(floorLabelOfNumber(12)).toBe('12F');
    expect(floorLabelOfNumber(-2)).toBe('B2');
    expect(() => floorLabelOfNumber(0)).toThrow(RangeError);
  });

  it('a building has its own list, else 1F..nF, else any floor', () => {
    expect(buildingFloorLabels({ floors: 3, floorLabels: null })).toEqual(['1F', '2F', '3F']);
    const tower = { floors: 16, floorLabels: ['B2', 'B1', '1F', '2F', '12F', '15F', '16F'] };
    expect(floorOfBuilding(tower, '负1')).toBe('B1');
    expect(floorOfBuilding(tower, '13')).toBeNull();
    expect(floorOfBuilding({ floors: 8, floorLabels: null }, '9')).toBeNull();
    expect(floorOfBuilding({ floors: 8, floorLabels: null }, '8楼')).toBe('8F');
    expect(floorOfBuilding({ floors: 8, floorLabels: null }, 'B1')).toBeNull();
    expect(floorOfBuilding({ floors: null, floorLabels: null }, 'B3')).toBe('B3');
    expect(floorOfBuilding({ floors: null, floorLabels: null }, '大堂')).toBeNull();
  });
});

describe('verification (复查)', () => {
  const resolvedAt = at('2026-03-09T10:00:00');
  const facts = (f: Partial<PatrolFindingFacts>): PatrolFindingFacts => ({
    status: 'resolved',
    resolvedAt,
    verification: null,
    verifiedAt: null,
    afterPhotosSinceResolved: 0,
    ...f,
  });

  it('is recorded only on a resolved finding: passed with an after photo, failed with a note', () => {
    expect(verificationRefusal('in_progress', 'staff', { result: 'passed', afterPhotos: 1, note: null })?.messageKey).toBe('errors.patrol.verifyNotNow');
    expect(verificationRefusal('resolved', 'staff', { result: 'passed', afterPhotos: 0, note: '好了' })?.messageKey).toBe('errors.patrol.afterPhotoRequired');
    expect(verificationRefusal('resolved', 'staff', { result: 'failed', afterPhotos: 2, note: '  ' })?.messageKey).toBe('errors.patrol.failureNoteRequired');
    expect(verificationRefusal('resolved', 'enterprise_admin', { result: 'passed', afterPhotos: 1, note: null })?.code).toBe('FORBIDDEN');
    expect(verificationRefusal('resolved', 'staff', { result: 'passed', afterPhotos: 1, note: null })).toBeNull();
    expect(verificationRefusal('resolved', 'manager', { result: 'failed', afterPhotos: 0, note: '通道仍有杂物' })).toBeNull();
    expect(verificationStep('passed')).toBe('visit');
    expect(verificationStep('failed')).toBe('redo');
  });

  it('closing needs a passed verification since the last resolution, with an after photo', () => {
    const passed = { verification: 'passed' as const, verifiedAt: at('2026-03-09T11:00:00'), afterPhotosSinceResolved: 1 };
    expect(patrolStepRefusal('close', facts({ status: 'visited' }), 'manager')?.messageKey).toBe('errors.patrol.verificationRequired');
    expect(patrolStepRefusal('close', facts({ status: 'visited', ...passed }), 'staff')).toBeNull();
    expect(patrolStepRefusal('visit', facts(passed), 'staff')).toBeNull();
    // A verification from before the finding was resolved again does not count.
    const stale = facts({ ...passed, resolvedAt: at('2026-03-10T09:00:00') });
    expect(currentVerification(stale)).toBeNull();
    expect(patrolStepRefusal('close', stale, 'manager')?.code).toBe('CONFLICT');
    expect(patrolStepRefusal('close', facts({ ...passed, afterPhotosSinceResolved: 0 }), 'manager')?.code).toBe('CONFLICT');
  });

  it('sends it back only by a failed verification; withdrawing is for managers', () => {
    expect(patrolStepRefusal('redo', facts({}), 'manager')?.messageKey).toBe('errors.patrol.verifyOnSite');
    expect(patrolStepRefusal('redo', facts({ verification: 'failed', verifiedAt: at('2026-03-09T12:00:00') }), 'staff')).toBeNull();
    expect(patrolStepRefusal('withdraw', facts({ status: 'in_progress' }), 'staff')?.messageKey).toBe('errors.patrol.withdrawManagersOnly');
    expect(patrolStepRefusal('withdraw', facts({ status: 'in_progress' }), 'manager')).toBeNull();
    expect(patrolStepRefusal('resolve', facts({ status: 'in_progress' }), 'staff')).toBeNull();
  });

  it('filters the steps a page offers', () => {
    expect(patrolAllowedSteps(['visit', 'redo', 'recordContact', 'withdraw'], facts({}), 'staff')).toEqual(['recordContact']);
    expect(patrolAllowedSteps(['close', 'chase'], facts({ status: 'visited', verification: 'passed', verifiedAt: resolvedAt, afterPhotosSinceResolved: 2 }), 'manager')).toEqual(['close', 'chase']);
  });
});

describe('conversion to a dispute case', () => {
  const finding = { status: 'in_progress' as const, labour: true, disputeItemId: null, enterpriseId: 'e1' };
  it('only a labour finding, not finished, not yet converted, about an enterprise', () => {
    expect(disputeConversionRefusal(finding, 'staff')).toBeNull();
    expect(disputeConversionRefusal({ ...finding, labour: false }, 'staff')?.messageKey).toBe('errors.patrol.notLabour');
    expect(disputeConversionRefusal({ ...finding, disputeItemId: 'd1' }, 'manager')?.messageKey).toBe('errors.patrol.alreadyConverted');
    expect(disputeConversionRefusal({ ...finding, status: 'resolved' }, 'manager')?.messageKey).toBe('errors.patrol.convertNotNow');
    expect(disputeConversionRefusal({ ...finding, status: 'closed' }, 'manager')?.messageKey).toBe('errors.patrol.convertNotNow');
    expect(disputeConversionRefusal({ ...finding, enterpriseId: null }, 'manager')?.messageKey).toBe('errors.patrol.needsEnterprise');
    expect(disputeConversionRefusal(finding, 'enterprise_admin')?.code).toBe('FORBIDDEN');
  });
});
