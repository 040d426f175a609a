import { patrolTiers, type PatrolTier } from '../patrol/tiers.ts';

/**
 * The rules that raise patrol findings by themselves (自动发现, issue 19), each run over the data
 * the product already holds: 一企一档 documents expired, an enterprise leaving with disputes still
 * open, repeated reports about one enterprise or floor, a round plan nobody walks, items left
 * overdue. A tenant turns each on or off and sets its numbers and its tier; a rule without a
 * stored row runs with the defaults below.
 */
export const patrolRules = ['document_expired', 'moving_out_disputes', 'repeat_reports', 'round_not_walked', 'item_overdue'] as const;
export type PatrolRule = (typeof patrolRules)[number];

export function isPatrolRule(v: unknown): v is PatrolRule {
  return typeof v === 'string' && (patrolRules as readonly string[]).includes(v);
}

/** A number of a rule a tenant may set, its bounds and the product's default. */
export interface RuleThreshold {
  key: string;
  min: number;
  max: number;
  default: number;
  unit: 'days' | 'hours' | 'count';
}

export const ruleThresholds = {
  /** Days after the expiry date before the finding is raised (0: the day after it expired). */
  document_expired: [{ key: 'graceDays', min: 0, max: 365, default: 0, unit: 'days' }],
  /** Open dispute cases about the enterprise that make its leaving a risk. */
  moving_out_disputes: [{ key: 'minCases', min: 1, max: 50, default: 1, unit: 'count' }],
  /** This many reports about one enterprise or one floor within so many days. */
  repeat_reports: [
    { key: 'count', min: 2, max: 100, default: 3, unit: 'count' },
    { key: 'days', min: 1, max: 365, default: 30, unit: 'days' },
  ],
  /** Days without a round of the plan started. */
  round_not_walked: [{ key: 'days', min: 1, max: 90, default: 7, unit: 'days' }],
  /** Hours past the item's resolution deadline. */
  item_overdue: [{ key: 'hours', min: 1, max: 8760, default: 72, unit: 'hours' }],
} as const satisfies Record<PatrolRule, readonly RuleThreshold[]>;

export interface PatrolRuleSettings {
  enabled: boolean;
  tier: PatrolTier;
  thresholds: Record<string, number>;
}

const defaultTiers: Record<PatrolRule, PatrolTier> = {
  document_expired: 'yellow',
  // Leaving with wages unpaid is the 欠薪跑路 risk: someone should be there today.
  moving_out_disputes: 'red',
  repeat_reports: 'yellow',
  round_not_walked: 'blue',
  item_overdue: 'yellow',
};

export function defaultRuleSettings(rule: PatrolRule): PatrolRuleSettings {
  return {
    enabled: true,
    tier: defaultTiers[rule],
    thresholds: Object.fromEntries(ruleThresholds[rule].map((t) => [t.key, t.default])),
  };
}

/** A tenant's row as stored (patrol_rule_settings). */
export interface StoredRuleSettings {
  rule: string;
  enabled: boolean;
  tier: string;
  thresholds: Record<string, unknown>;
}

export interface EffectiveRuleSettings extends PatrolRuleSettings {
  rule: PatrolRule;
  /** The tenant has its own row (false: the product's defaults). */
  custom: boolean;
}

const isTier = (v: unknown): v is PatrolTier => typeof v === 'string' && (patrolTiers as readonly string[]).includes(v);

/**
 * Every rule's settings as they apply: the stored row where there is one, the default otherwise.
 * A stored number that is missing or out of its bounds (bounds tightened since) reads as the
 * default, so a rule always runs with numbers it can use.
 */
export function effectiveRuleSettings(stored: readonly StoredRuleSettings[]): EffectiveRuleSettings[] {
  const byRule = new Map(stored.map((s) => [s.rule, s]));
  return patrolRules.map((rule) => {
    const s = byRule.get(rule);
    const d = defaultRuleSettings(rule);
    if (!s) return { rule, custom: false, ...d };
    const thresholds = Object.fromEntries(
      ruleThresholds[rule].map((t) => {
        const v = s.thresholds[t.key];
        return [t.key, typeof v === 'number' && Number.isInteger(v) && v >= t.min && v <= t.max ? v : t.default];
      }),
    );
    return { rule, custom: true, enabled: s.enabled, tier: isTier(s.tier) ? s.tier : d.tier, thresholds };
  });
}

/** What is wrong with the numbers a manager entered for a rule: each refused one with its bounds. */
export function ruleThresholdIssues(rule: PatrolRule, thresholds: Record<string, unknown>): { key: string; min: number; max: number }[] {
  const known: readonly RuleThreshold[] = ruleThresholds[rule];
  const issues = known
    .filter((t) => {
      const v = thresholds[t.key];
      return typeof v !== 'number' || !Number.isInteger(v) || v < t.min || v > t.max;
    })
    .map((t) => ({ key: t.key, min: t.min, max: t.max }));
  const unknown = Object.keys(thresholds).filter((k) => !known.some((t) => t.key === k));
  return [...issues, ...unknown.map((key) => ({ key, min: 0, max: 0 }))];
}
