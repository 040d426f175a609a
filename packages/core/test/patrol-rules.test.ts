import { describe, expect, it } from 'vitest';
import {
  defaultRuleSettings,
  diffAutomaticFindings,
  documentExpiredFindings,
  effectiveRuleSettings,
  evaluateRules,
  itemOverdueFindings,
  movingOutFindings,
  patrolRules,
  repeatReportFindings,
  roundNotWalkedFindings,
  ruleOfKey,
  ruleThresholdIssues,
  type DocumentFact,
  type MovingOutFact,
  type OverdueItemFact,
  type PatrolRule,
  type ReportFact,
  type RoundPlanFact,
  type RuleClock,
} from '../src/patrol-rules/index.ts';

/** 2026-03-10 10:00 in Shanghai. */
const clock: RuleClock = { now: new Date('2026-03-10T02:00:00Z'), timezone: 'Asia/Shanghai' };
const settings = (rule: PatrolRule, thresholds: Record<string, number> = {}) => {
  const d = defaultRuleSettings(rule);
  return { ...d, thresholds: { ...d.thresholds, ...thresholds } };
};

describe('settings', () => {
  it('every rule has defaults: on, a tier, its numbers', () => {
    for (const rule of patrolRules) expect(defaultRuleSettings(rule).enabled).toBe(true);
    expect(defaultRuleSettings('repeat_reports').thresholds).toEqual({ count: 3, days: 30 });
    expect(defaultRuleSettings('moving_out_disputes').tier).toBe('red');
  });

  it('a stored row overrides; numbers out of bounds read as the default', () => {
    const s = effectiveRuleSettings([
      { rule: 'item_overdue', enabled: false, tier: 'blue', thresholds: { hours: 24 } },
      { rule: 'repeat_reports', enabled: true, tier: 'purple', thresholds: { count: 1000, days: 7 } },
      { rule: 'no_such_rule', enabled: true, tier: 'red', thresholds: {} },
    ]);
    expect(s.map((r) => r.rule)).toEqual([...patrolRules]);
    expect(s.find((r) => r.rule === 'item_overdue')).toMatchObject({ enabled: false, tier: 'blue', thresholds: { hours: 24 }, custom: true });
    expect(s.find((r) => r.rule === 'repeat_reports')).toMatchObject({ tier: 'yellow', thresholds: { count: 3, days: 7 } });
    expect(s.find((r) => r.rule === 'document_expired')).toMatchObject({ custom: false, thresholds: { graceDays: 0 } });
  });

  it('refuses numbers out of bounds, fractions, missing and unknown ones', () => {
    expect(ruleThresholdIssues('repeat_reports', { count: 3, days: 30 })).toEqual([]);
    expect(ruleThresholdIssues('repeat_reports', { count: 1, days: 30 })).toEqual([{ key: 'count', min: 2, max: 100 }]);
    expect(ruleThresholdIssues('item_overdue', { hours: 1.5 })).toEqual([{ key: 'hours', min: 1, max: 8760 }]);
    expect(ruleThresholdIssues('round_not_walked', {})).toEqual([{ key: 'days', min: 1, max: 90 }]);
    expect(ruleThresholdIssues('round_not_walked', { days: 3, weeks: 1 })).toEqual([{ key: 'weeks', min: 0, max: 0 }]);
  });

  it('a key names its rule', () => {
    expect(ruleOfKey('document_expired:e1:lease')).toBe('document_expired');
    expect(ruleOfKey('repeat_reports:floor:b:3F')).toBe('repeat_reports');
    expect(ruleOfKey('nothing')).toBeNull();
    expect(ruleOfKey('other:x')).toBeNull();
  });
});

describe('document expired', () => {
  const doc = (extra: Partial<DocumentFact> = {}): DocumentFact => ({
    enterpriseId: 'e1',
    enterpriseName: '上海虹智科技有限公司',
    buildingId: 'b1',
    buildingName: '虹桥天地',
    floor: '12楼',
    room: '1203',
    docType: 'business_licence',
    latestExpiry: '2026-03-09',
    ...extra,
  });

  it('raises the day after the expiry date (local), keyed by enterprise and type', () => {
    const [f, ...rest] = documentExpiredFindings([doc()], settings('document_expired'), clock);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      rule: 'document_expired',
      ruleKey: 'document_expired:e1:business_licence',
      subject: { kind: 'enterprise', enterpriseId: 'e1' },
      buildingId: 'b1',
      floor: '12F',
      location: '1203',
      enterpriseId: 'e1',
      tier: 'yellow',
      category: 'illegal_business',
      title: { key: 'patrolRules.finding.document_expired.title.business_licence', params: { enterprise: '上海虹智科技有限公司', expiredOn: '2026-03-09' } },
    });
    // Valid through today: not yet (10:00 in Shanghai is still 2026-03-10 there, 02:00 UTC).
    expect(documentExpiredFindings([doc({ latestExpiry: '2026-03-10' })], settings('document_expired'), clock)).toEqual([]);
    // Just after midnight in Shanghai it is already the 10th, though the 9th in UTC.
    expect(documentExpiredFindings([doc()], settings('document_expired'), { ...clock, now: new Date('2026-03-09T16:30:00Z') })).toHaveLength(1);
  });

  it('never for a document that does not expire, nor for types it does not watch', () => {
    expect(documentExpiredFindings([doc({ latestExpiry: null })], settings('document_expired'), clock)).toEqual([]);
    expect(documentExpiredFindings([doc({ docType: 'tax_registration' })], settings('document_expired'), clock)).toEqual([]);
  });

  it('waits the grace days', () => {
    expect(documentExpiredFindings([doc({ latestExpiry: '2026-03-01' })], settings('document_expired', { graceDays: 9 }), clock)).toEqual([]);
    expect(documentExpiredFindings([doc({ latestExpiry: '2026-02-28' })], settings('document_expired', { graceDays: 9 }), clock)).toHaveLength(1);
  });

  it('fire-safety acceptance and lease: their own categories; a floor that is no label is left out', () => {
    const out = documentExpiredFindings([doc({ docType: 'fire_safety', floor: '夹层' }), doc({ docType: 'lease' })], settings('document_expired', {}), clock);
    expect(out.map((f) => [f.ruleKey, f.category, f.floor])).toEqual([
      ['document_expired:e1:fire_safety', 'fire_safety', null],
      ['document_expired:e1:lease', 'other', '12F'],
    ]);
  });
});

describe('moving out with disputes open', () => {
  const e = (extra: Partial<MovingOutFact> = {}): MovingOutFact => ({
    enterpriseId: 'e2',
    enterpriseName: '上海申博物流有限公司',
    buildingId: 'b1',
    buildingName: '虹桥天地',
    floor: null,
    room: null,
    status: 'moving_out',
    openDisputes: 2,
    openWageCases: 1,
    ...extra,
  });

  it('raises for an enterprise leaving or gone with open cases, red by default, as labour', () => {
    const out = movingOutFindings([e(), e({ enterpriseId: 'e3', status: 'moved_out', openWageCases: 0 })], settings('moving_out_disputes'));
    expect(out.map((f) => [f.ruleKey, f.tier, f.category, f.description.key])).toEqual([
      ['moving_out_disputes:e2', 'red', 'labour_wages', 'patrolRules.finding.moving_out_disputes.descriptionWages'],
      ['moving_out_disputes:e3', 'red', 'labour_wages', 'patrolRules.finding.moving_out_disputes.description'],
    ]);
  });

  it('not while active, nor with fewer open cases than the threshold', () => {
    expect(movingOutFindings([e({ status: 'active' })], settings('moving_out_disputes'))).toEqual([]);
    expect(movingOutFindings([e({ openDisputes: 0, openWageCases: 0 })], settings('moving_out_disputes'))).toEqual([]);
    expect(movingOutFindings([e()], settings('moving_out_disputes', { minCases: 3 }))).toEqual([]);
  });
});

describe('repeat reports', () => {
  let n = 0;
  const report = (daysAgo: number, extra: Partial<ReportFact> = {}): ReportFact => ({
    itemId: `i${++n}`,
    at: new Date(clock.now.getTime() - daysAgo * 86_400_000).toISOString(),
    buildingId: 'b1',
    buildingName: '虹桥天地',
    floor: '5F',
    enterpriseId: 'e1',
    enterpriseName: '上海虹智科技有限公司',
    category: 'environment_sanitation',
    ...extra,
  });

  it('three about one enterprise within 30 days: one finding for the enterprise, not the floor too', () => {
    const out = repeatReportFindings([report(1), report(10), report(29, { category: 'fire_safety' })], settings('repeat_reports'), clock);
    expect(out.map((f) => [f.ruleKey, f.category, f.enterpriseId])).toEqual([['repeat_reports:enterprise:e1', 'environment_sanitation', 'e1']]);
    expect(out[0]!.title.params).toMatchObject({ count: 3, days: 30 });
  });

  it('older reports do not count; the numbers are the tenant’s', () => {
    expect(repeatReportFindings([report(1), report(10), report(31)], settings('repeat_reports'), clock)).toEqual([]);
    expect(repeatReportFindings([report(1), report(10)], settings('repeat_reports', { count: 2, days: 30 }), clock)).toHaveLength(1);
    expect(repeatReportFindings([report(1), report(10), report(20)], settings('repeat_reports', { count: 3, days: 15 }), clock)).toEqual([]);
  });

  it('a floor with reports about several enterprises or none: one finding for the floor', () => {
    const out = repeatReportFindings(
      [report(1, { enterpriseId: null, enterpriseName: null }), report(2, { enterpriseId: 'e9' }), report(3), report(4, { floor: '6F' })],
      settings('repeat_reports'),
      clock,
    );
    expect(out.map((f) => [f.ruleKey, f.subject, f.floor, f.enterpriseId])).toEqual([
      ['repeat_reports:floor:b1:5F', { kind: 'floor', buildingId: 'b1', floor: '5F' }, '5F', null],
    ]);
  });
});

describe('round plan not walked', () => {
  const plan = (extra: Partial<RoundPlanFact> = {}): RoundPlanFact => ({
    planId: 'p1',
    planName: '虹桥天地日常巡查',
    active: true,
    buildingId: 'b1',
    buildingName: '虹桥天地',
    startsOn: '2026-01-01',
    lastWalkedOn: '2026-03-03',
    ...extra,
  });

  it('raises on the Nth day without a round started', () => {
    expect(roundNotWalkedFindings([plan()], settings('round_not_walked'), clock).map((f) => f.ruleKey)).toEqual(['round_not_walked:p1']);
    expect(roundNotWalkedFindings([plan({ lastWalkedOn: '2026-03-04' })], settings('round_not_walked'), clock)).toEqual([]);
    expect(roundNotWalkedFindings([plan({ lastWalkedOn: '2026-03-08' })], settings('round_not_walked', { days: 2 }), clock)).toHaveLength(1);
  });

  it('a plan never walked counts from its first day; an inactive plan never', () => {
    expect(roundNotWalkedFindings([plan({ lastWalkedOn: null, startsOn: '2026-03-04' })], settings('round_not_walked'), clock)).toHaveLength(1);
    expect(roundNotWalkedFindings([plan({ lastWalkedOn: null, startsOn: '2026-03-05' })], settings('round_not_walked'), clock)).toEqual([]);
    expect(roundNotWalkedFindings([plan({ active: false })], settings('round_not_walked'), clock)).toEqual([]);
  });
});

describe('items overdue', () => {
  const item = (extra: Partial<OverdueItemFact> = {}): OverdueItemFact => ({
    itemId: 'w1',
    number: 'DB-2026-000012',
    kind: 'agency',
    title: '二次装修施工许可',
    status: 'in_progress',
    resolutionDueAt: new Date(clock.now.getTime() - 72 * 3_600_000).toISOString(),
    buildingId: 'b1',
    buildingName: '虹桥天地',
    enterpriseId: 'e1',
    enterpriseName: '上海虹智科技有限公司',
    ...extra,
  });

  it('raises once the item is the threshold past its deadline', () => {
    expect(itemOverdueFindings([item()], settings('item_overdue'), clock).map((f) => [f.ruleKey, f.subject])).toEqual([['item_overdue:w1', { kind: 'item', itemId: 'w1' }]]);
    expect(itemOverdueFindings([item({ resolutionDueAt: new Date(clock.now.getTime() - 71 * 3_600_000).toISOString() })], settings('item_overdue'), clock)).toEqual([]);
    expect(itemOverdueFindings([item({ resolutionDueAt: new Date(clock.now.getTime() - 5 * 3_600_000).toISOString() })], settings('item_overdue', { hours: 4 }), clock)).toHaveLength(1);
  });

  it('not for a finished item, a patrol item, one without a deadline or without a place', () => {
    for (const extra of [{ status: 'resolved' }, { status: 'closed' }, { kind: 'patrol' as const }, { resolutionDueAt: null }, { buildingId: null }]) {
      expect(itemOverdueFindings([item(extra)], settings('item_overdue'), clock)).toEqual([]);
    }
  });
});

describe('evaluate and diff', () => {
  const all = effectiveRuleSettings([]);
  const doc: DocumentFact = { enterpriseId: 'e1', enterpriseName: 'A', buildingId: 'b1', buildingName: 'B', floor: null, room: null, docType: 'lease', latestExpiry: '2026-01-01' };

  it('runs only enabled rules with facts, and says which ran', () => {
    const off = effectiveRuleSettings([{ rule: 'document_expired', enabled: false, tier: 'red', thresholds: {} }]);
    expect(evaluateRules({ document_expired: [doc] }, off, clock)).toEqual({ wanted: [], evaluated: new Set() });
    const on = evaluateRules({ document_expired: [doc], item_overdue: [] }, all, clock);
    expect(on.wanted.map((w) => w.ruleKey)).toEqual(['document_expired:e1:lease']);
    expect(on.evaluated).toEqual(new Set(['document_expired', 'item_overdue']));
  });

  it('raises what is not open, clears what no longer holds, says when it holds again, leaves the rest', () => {
    const { wanted, evaluated } = evaluateRules(
      {
        document_expired: [doc, { ...doc, enterpriseId: 'e2' }, { ...doc, enterpriseId: 'e3' }, { ...doc, enterpriseId: 'e2' }],
        round_not_walked: [],
      },
      all,
      clock,
    );
    const open = [
      { itemId: 'f2', ruleKey: 'document_expired:e2:lease', clearedAt: null },
      { itemId: 'f3', ruleKey: 'document_expired:e3:lease', clearedAt: '2026-03-01T00:00:00Z' },
      { itemId: 'f4', ruleKey: 'document_expired:e4:lease', clearedAt: null },
      { itemId: 'f5', ruleKey: 'document_expired:e5:lease', clearedAt: '2026-03-01T00:00:00Z' },
      // Rules that did not run this time are left alone.
      { itemId: 'f6', ruleKey: 'item_overdue:w1', clearedAt: null },
      { itemId: 'f7', ruleKey: 'unknown:x', clearedAt: null },
    ];
    const d = diffAutomaticFindings(wanted, open, evaluated);
    expect(d.raise.map((w) => w.ruleKey)).toEqual(['document_expired:e1:lease']);
    expect(d.clear.map((o) => o.itemId)).toEqual(['f4']);
    expect(d.recur.map((o) => o.itemId)).toEqual(['f3']);
  });

  it('a second run over the same facts changes nothing', () => {
    const { wanted, evaluated } = evaluateRules({ document_expired: [doc] }, all, clock);
    const first = diffAutomaticFindings(wanted, [], evaluated);
    expect(first.raise).toHaveLength(1);
    const open = first.raise.map((w, i) => ({ itemId: `f${i}`, ruleKey: w.ruleKey, clearedAt: null }));
    expect(diffAutomaticFindings(wanted, open, evaluated)).toEqual({ raise: [], clear: [], recur: [] });
  });
});
