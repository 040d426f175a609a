import { describe, expect, it } from 'vitest';
import { isAppError } from '../src/errors/app-error.ts';
import {
  defaultRiskSettings,
  disputeEnterpriseStatuses,
  disputeOutcomes,
  disputeSources,
  disputeTypes,
  raisesWarning,
  riskLevel,
  riskLevels,
  riskSettingsIssues,
  scoreRisk,
  validateRiskSettings,
  type RiskInput,
  type RiskLevel,
  type RiskSettings,
} from '../src/disputes/index.ts';

/** A dispute with no indicator at all: one person, no money, active enterprise. */
const quiet: RiskInput = {
  disputeType: 'other',
  amountYuan: null,
  peopleInvolved: 1,
  enterpriseStatus: 'active',
  priorDisputesWithin90Days: 0,
  socialInsuranceArrears: false,
  priorEscalation: false,
};
const dispute = (over: Partial<RiskInput>): RiskInput => ({ ...quiet, ...over });

/** Settings where only the people indicator scores, 1 point per person, so score = people. */
const perPersonOnly: RiskSettings = {
  points: {
    wageArrears: 0,
    amountPerTenThousandYuan: 0,
    amountMaxPoints: 0,
    peoplePerPerson: 1,
    peopleMaxPoints: 100,
    enterpriseMovingOrClosing: 0,
    repeatDisputePerCase: 0,
    repeatMaxPoints: 0,
    socialInsuranceArrears: 0,
    priorEscalation: 0,
  },
  thresholds: { yellow: 10, red: 20 },
  groupDisputePeople: 1000,
};

describe('enumerations', () => {
  it('list the dispute vocabularies', () => {
    expect(disputeTypes).toEqual(['wage_arrears', 'labour_contract', 'social_insurance', 'property', 'commercial', 'other']);
    expect(disputeSources).toEqual([
      'party_application',
      'found_by_staff',
      'police_transfer',
      'court_transfer',
      'government_transfer',
      'enterprise_report',
    ]);
    expect(disputeOutcomes).toEqual(['agreement', 'referred', 'withdrawn', 'failed']);
    expect(disputeEnterpriseStatuses).toEqual(['active', 'moving_out', 'moved_out', 'deregistered']);
    expect(riskLevels).toEqual(['green', 'yellow', 'red']);
  });
});

describe('scoreRisk — acceptance', () => {
  it('turns a wage-arrears dispute with 12 people red', () => {
    const r = scoreRisk(dispute({ disputeType: 'wage_arrears', peopleInvolved: 12 }));
    expect(r.level).toBe('red');
    expect(r.groupDispute).toBe(true);
    expect(r.score).toBe(6 + 8); // the score stays the plain sum; the group rule sets the level
    expect(r.factors).toEqual([
      { indicator: 'wageArrears', points: 6 },
      { indicator: 'people', points: 8 },
      { indicator: 'groupDispute', points: 0 },
    ]);
  });

  it('scores a single worker owed a month of wages green', () => {
    const r = scoreRisk(dispute({ disputeType: 'wage_arrears', amountYuan: 6_000 }));
    expect(r).toEqual({
      score: 7,
      level: 'green',
      groupDispute: false,
      factors: [
        { indicator: 'wageArrears', points: 6 },
        { indicator: 'people', points: 1 },
      ],
    });
  });
});

describe('scoreRisk — levels at the thresholds', () => {
  it.each([
    [9, 'green'],
    [10, 'yellow'],
    [19, 'yellow'],
    [20, 'red'],
  ] as const)('score %i is %s', (people, level) => {
    const r = scoreRisk(dispute({ peopleInvolved: people }), perPersonOnly);
    expect(r.score).toBe(people);
    expect(r.level).toBe(level);
    expect(r.groupDispute).toBe(false);
  });

  it('applies the thresholds directly', () => {
    const t = { yellow: 10, red: 20 };
    expect([0, 9, 10, 19, 20, 99].map((s) => riskLevel(s, t))).toEqual(['green', 'green', 'yellow', 'yellow', 'red', 'red']);
    expect(riskLevel(5, { yellow: 5, red: 6 })).toBe('yellow');
  });

  it('makes a group dispute red at exactly groupDisputePeople and not one below', () => {
    expect(scoreRisk(dispute({ peopleInvolved: 9 })).level).toBe('green'); // 9 points
    const at = scoreRisk(dispute({ peopleInvolved: 10 }));
    expect(at.groupDispute).toBe(true);
    expect(at.level).toBe('red');
    expect(at.score).toBe(8); // people points are capped, yet the level is red
  });
});

describe('scoreRisk — each indicator alone (default settings)', () => {
  // Every case below also carries the 1 point for its single person.
  it.each([
    ['wageArrears', { disputeType: 'wage_arrears' }, 6],
    ['amount', { amountYuan: 30_000 }, 3],
    ['enterpriseMovingOrClosing', { enterpriseStatus: 'moving_out' }, 6],
    ['repeatDisputes', { priorDisputesWithin90Days: 1 }, 4],
    ['socialInsuranceArrears', { socialInsuranceArrears: true }, 4],
    ['priorEscalation', { priorEscalation: true }, 6],
  ] as const)('%s', (indicator, over, points) => {
    const r = scoreRisk(dispute(over));
    expect(r.factors).toHaveLength(2);
    expect(r.factors).toContainEqual({ indicator, points });
    expect(r.factors).toContainEqual({ indicator: 'people', points: 1 });
    expect(r.score).toBe(points + 1);
    expect(r.level).toBe('green');
  });

  it('lists no factor that scored nothing', () => {
    const noPeoplePoints = { ...defaultRiskSettings, points: { ...defaultRiskSettings.points, peoplePerPerson: 0 } };
    expect(scoreRisk(quiet, noPeoplePoints)).toEqual({ score: 0, level: 'green', groupDispute: false, factors: [] });
  });

  it('counts social-insurance arrears from the dispute type as well as the flag, once', () => {
    const byType = scoreRisk(dispute({ disputeType: 'social_insurance' }));
    const both = scoreRisk(dispute({ disputeType: 'social_insurance', socialInsuranceArrears: true }));
    expect(byType.factors).toContainEqual({ indicator: 'socialInsuranceArrears', points: 4 });
    expect(both.score).toBe(byType.score);
  });

  it('gives wage-arrears points only to wage-arrears disputes', () => {
    expect(scoreRisk(dispute({ disputeType: 'labour_contract' })).score).toBe(1);
  });
});

describe('scoreRisk — amount', () => {
  // Whole 10,000-yuan steps (floor), 1 point each by default, at most 8.
  it.each([
    [null, 0],
    [0, 0],
    [9_999.99, 0],
    [10_000, 1],
    [19_999, 1],
    [20_000, 2],
    [79_999, 7],
    [80_000, 8],
    [1_000_000, 8],
  ])('%s yuan scores %i', (amountYuan, points) => {
    expect(scoreRisk(dispute({ amountYuan })).score).toBe(1 + points);
  });

  it('scales with the tenant’s points per step and stops at its cap', () => {
    const s = { ...defaultRiskSettings, points: { ...defaultRiskSettings.points, amountPerTenThousandYuan: 3, amountMaxPoints: 10 } };
    expect(scoreRisk(dispute({ amountYuan: 20_000 }), s).factors).toContainEqual({ indicator: 'amount', points: 6 });
    expect(scoreRisk(dispute({ amountYuan: 40_000 }), s).factors).toContainEqual({ indicator: 'amount', points: 10 });
  });
});

describe('scoreRisk — caps', () => {
  it('caps people points', () => {
    const s = { ...defaultRiskSettings, groupDisputePeople: 1000 };
    expect(scoreRisk(dispute({ peopleInvolved: 7 }), s).score).toBe(7);
    expect(scoreRisk(dispute({ peopleInvolved: 8 }), s).score).toBe(8);
    expect(scoreRisk(dispute({ peopleInvolved: 50 }), s).score).toBe(8);
  });

  it('caps repeat-dispute points', () => {
    const repeat = (n: number) =>
      scoreRisk(dispute({ priorDisputesWithin90Days: n })).factors.find((f) => f.indicator === 'repeatDisputes')?.points;
    expect(repeat(0)).toBeUndefined();
    expect(repeat(1)).toBe(4);
    expect(repeat(2)).toBe(8);
    expect(repeat(5)).toBe(8);
  });
});

describe('scoreRisk — enterprise and repeats', () => {
  it.each(['moving_out', 'moved_out', 'deregistered'] as const)('counts %s as moving or closing', (status) => {
    expect(scoreRisk(dispute({ enterpriseStatus: status })).factors).toContainEqual({
      indicator: 'enterpriseMovingOrClosing',
      points: 6,
    });
  });

  it.each(['active', null] as const)('does not count %s', (status) => {
    expect(scoreRisk(dispute({ enterpriseStatus: status })).score).toBe(1);
  });

  it('turns wage arrears at an enterprise that is moving out yellow', () => {
    const r = scoreRisk(dispute({ disputeType: 'wage_arrears', peopleInvolved: 3, enterpriseStatus: 'moving_out' }));
    expect(r.score).toBe(6 + 3 + 6);
    expect(r.level).toBe('yellow');
  });

  it('turns a third dispute against the same enterprise with escalation red', () => {
    const r = scoreRisk(
      dispute({ disputeType: 'wage_arrears', peopleInvolved: 2, priorDisputesWithin90Days: 2, priorEscalation: true }),
    );
    expect(r.score).toBe(6 + 2 + 8 + 6);
    expect(r.level).toBe('red');
    expect(r.groupDispute).toBe(false);
  });

  it('sums everything and lists factors in a stable order', () => {
    const r = scoreRisk({
      disputeType: 'wage_arrears',
      amountYuan: 250_000,
      peopleInvolved: 30,
      enterpriseStatus: 'deregistered',
      priorDisputesWithin90Days: 3,
      socialInsuranceArrears: true,
      priorEscalation: true,
    });
    expect(r.factors.map((f) => f.indicator)).toEqual([
      'wageArrears',
      'amount',
      'people',
      'enterpriseMovingOrClosing',
      'repeatDisputes',
      'socialInsuranceArrears',
      'priorEscalation',
      'groupDispute',
    ]);
    expect(r.score).toBe(6 + 8 + 8 + 6 + 8 + 4 + 6);
    expect(r.score).toBe(r.factors.reduce((sum, f) => sum + f.points, 0));
  });
});

describe('scoreRisk — tenant settings', () => {
  it('changes the outcome with custom points and thresholds', () => {
    const input = dispute({ disputeType: 'wage_arrears', peopleInvolved: 4 }); // 6 + 4 = 10 by default
    expect(scoreRisk(input).level).toBe('yellow');

    const lenient: RiskSettings = { ...defaultRiskSettings, thresholds: { yellow: 15, red: 30 } };
    expect(scoreRisk(input, lenient).level).toBe('green');

    const strict: RiskSettings = {
      ...defaultRiskSettings,
      points: { ...defaultRiskSettings.points, wageArrears: 16 },
    };
    expect(scoreRisk(input, strict)).toMatchObject({ score: 20, level: 'red', groupDispute: false });
  });

  it('uses the tenant’s group-dispute size', () => {
    const small: RiskSettings = { ...defaultRiskSettings, groupDisputePeople: 5 };
    expect(scoreRisk(dispute({ peopleInvolved: 5 }), small)).toMatchObject({ level: 'red', groupDispute: true });
    expect(scoreRisk(dispute({ peopleInvolved: 5 }))).toMatchObject({ level: 'green', groupDispute: false });
  });
});

describe('scoreRisk — impossible input', () => {
  it.each([
    ['peopleInvolved', { peopleInvolved: 0 }],
    ['peopleInvolved', { peopleInvolved: 2.5 }],
    ['priorDisputesWithin90Days', { priorDisputesWithin90Days: -1 }],
    ['amountYuan', { amountYuan: -100 }],
    ['amountYuan', { amountYuan: Number.NaN }],
    ['amountYuan', { amountYuan: Number.POSITIVE_INFINITY }],
  ] as const)('rejects a bad %s', (field, over) => {
    let caught: unknown;
    try {
      scoreRisk(dispute(over));
    } catch (e) {
      caught = e;
    }
    expect(isAppError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'BAD_REQUEST', messageKey: 'errors.dispute.invalidRiskInput', params: { field } });
  });
});

describe('raisesWarning', () => {
  const table: [RiskLevel | null, RiskLevel, boolean][] = [
    [null, 'green', false],
    [null, 'yellow', true],
    [null, 'red', true],
    ['green', 'green', false],
    ['green', 'yellow', true],
    ['green', 'red', true],
    ['yellow', 'green', false],
    ['yellow', 'yellow', false],
    ['yellow', 'red', true],
    ['red', 'green', false],
    ['red', 'yellow', false],
    ['red', 'red', false],
  ];
  it.each(table)('%s → %s: %s', (previous, next, expected) => {
    expect(raisesWarning(previous, next)).toBe(expected);
  });
});

describe('validateRiskSettings', () => {
  const clone = (): RiskSettings => structuredClone(defaultRiskSettings);

  it('accepts the defaults', () => {
    expect(validateRiskSettings(defaultRiskSettings)).toEqual([]);
    expect(riskSettingsIssues(defaultRiskSettings)).toEqual([]);
  });

  it('accepts zero points (an indicator switched off)', () => {
    const s = clone();
    s.points.priorEscalation = 0;
    expect(validateRiskSettings(s)).toEqual([]);
  });

  it.each([-1, 1.5, Number.NaN, '6', null, undefined])('rejects the point value %s', (v) => {
    const s = clone() as unknown as { points: Record<string, unknown> };
    s.points.wageArrears = v;
    expect(validateRiskSettings(s)).toEqual(['errors.dispute.riskNotNonNegativeInteger']);
    expect(riskSettingsIssues(s)).toEqual([{ path: 'points.wageArrears', key: 'errors.dispute.riskNotNonNegativeInteger' }]);
  });

  it('requires yellow below red', () => {
    const s = clone();
    s.thresholds = { yellow: 20, red: 20 };
    expect(validateRiskSettings(s)).toEqual(['errors.dispute.riskYellowNotBelowRed']);
    s.thresholds = { yellow: 25, red: 20 };
    expect(validateRiskSettings(s)).toEqual(['errors.dispute.riskYellowNotBelowRed']);
    s.thresholds = { yellow: 19, red: 20 };
    expect(validateRiskSettings(s)).toEqual([]);
  });

  it('requires a group dispute of at least 2 people', () => {
    const s = clone();
    s.groupDisputePeople = 1;
    expect(validateRiskSettings(s)).toEqual(['errors.dispute.riskGroupTooSmall']);
    s.groupDisputePeople = 2;
    expect(validateRiskSettings(s)).toEqual([]);
    s.groupDisputePeople = 2.5;
    expect(validateRiskSettings(s)).toEqual(['errors.dispute.riskNotNonNegativeInteger']);
  });

  it('reports each problem key once, with every field in the issues', () => {
    const s = clone() as unknown as { points: Record<string, unknown>; thresholds: Record<string, unknown>; groupDisputePeople: number };
    s.points.wageArrears = -1;
    s.thresholds.red = -5;
    s.groupDisputePeople = 0;
    expect(validateRiskSettings(s)).toEqual([
      'errors.dispute.riskNotNonNegativeInteger',
      'errors.dispute.riskGroupTooSmall',
    ]);
    expect(riskSettingsIssues(s).map((i) => i.path)).toEqual(['points.wageArrears', 'thresholds.red', 'groupDisputePeople']);
  });

  it.each([null, undefined, 42, 'settings', {}])('rejects %s', (v) => {
    expect(validateRiskSettings(v)).toEqual(['errors.dispute.riskNotNonNegativeInteger']);
  });
});
