/**
 * 矛盾预警: a risk score for a labour or other dispute, from indicators whose points are tenant
 * settings. Levels: green < yellow ≤ score < red ≤ … ; a group dispute (群体性纠纷, many people
 * involved) is always red. Reaching yellow or red raises an early warning.
 */
import { badRequest } from '../errors/app-error.ts';

export const disputeTypes = ['wage_arrears', 'labour_contract', 'social_insurance', 'property', 'commercial', 'other'] as const;
export type DisputeType = (typeof disputeTypes)[number];

export const disputeSources = [
  'party_application',
  'found_by_staff',
  'police_transfer',
  'court_transfer',
  'government_transfer',
  'enterprise_report',
] as const;
export type DisputeSource = (typeof disputeSources)[number];

export const disputeOutcomes = ['agreement', 'referred', 'withdrawn', 'failed'] as const;
export type DisputeOutcome = (typeof disputeOutcomes)[number];

/** 询问 or 调解: the two kinds of session held on a case. */
export const disputeSessionKinds = ['inquiry', 'mediation'] as const;
export type DisputeSessionKind = (typeof disputeSessionKinds)[number];

/** How far an agreement was performed, as found on a follow-up visit (the party's satisfaction is a work-item `Rating`). */
export const agreementPerformances = ['full', 'partial', 'none'] as const;
export type AgreementPerformance = (typeof agreementPerformances)[number];

/** The enterprise's state as recorded on the dispute; everything but 'active' means moving or closing. */
export const disputeEnterpriseStatuses = ['active', 'moving_out', 'moved_out', 'deregistered'] as const;
export type DisputeEnterpriseStatus = (typeof disputeEnterpriseStatuses)[number];

export const riskLevels = ['green', 'yellow', 'red'] as const;
export type RiskLevel = (typeof riskLevels)[number];

/** Stable ids for the factors in a result (UI labels and reports key on them). */
export const riskIndicators = [
  'wageArrears',
  'amount',
  'people',
  'enterpriseMovingOrClosing',
  'repeatDisputes',
  'socialInsuranceArrears',
  'priorEscalation',
  'groupDispute',
] as const;
export type RiskIndicator = (typeof riskIndicators)[number];

export interface RiskSettings {
  points: {
    wageArrears: number;
    amountPerTenThousandYuan: number;
    amountMaxPoints: number;
    peoplePerPerson: number;
    peopleMaxPoints: number;
    enterpriseMovingOrClosing: number;
    repeatDisputePerCase: number;
    repeatMaxPoints: number;
    socialInsuranceArrears: number;
    priorEscalation: number;
  };
  thresholds: { yellow: number; red: number };
  /** At or above this many people the dispute is a group dispute and always red. */
  groupDisputePeople: number;
}

/**
 * With these, a single worker's wage claim is green (6 + 1), wage arrears for a handful of
 * people or with a closing enterprise turn yellow, and stacked indicators reach red.
 */
export const defaultRiskSettings: RiskSettings = {
  points: {
    wageArrears: 6,
    amountPerTenThousandYuan: 1,
    amountMaxPoints: 8,
    peoplePerPerson: 1,
    peopleMaxPoints: 8,
    enterpriseMovingOrClosing: 6,
    repeatDisputePerCase: 4,
    repeatMaxPoints: 8,
    socialInsuranceArrears: 4,
    priorEscalation: 6,
  },
  thresholds: { yellow: 10, red: 20 },
  groupDisputePeople: 10,
};

export interface RiskInput {
  disputeType: DisputeType;
  /** Amount involved in yuan; null when not a money dispute or not yet known. */
  amountYuan: number | null;
  /** At least 1. */
  peopleInvolved: number;
  enterpriseStatus: DisputeEnterpriseStatus | null;
  /** Other disputes against the same enterprise in the 90 days before this one. */
  priorDisputesWithin90Days: number;
  socialInsuranceArrears: boolean;
  /** Petitions, police called, a previous failed mediation … */
  priorEscalation: boolean;
}

export interface RiskFactor {
  indicator: RiskIndicator;
  points: number;
}

export interface RiskResult {
  /** Sum of the factors' points; a group dispute does not change it, only the level. */
  score: number;
  level: RiskLevel;
  groupDispute: boolean;
  /**
   * Indicators that contributed points, in `riskIndicators` order. `groupDispute` is the one
   * entry with 0 points: it contributes the level, not points, and the UI should still say why.
   */
  factors: RiskFactor[];
}

const rank: Record<RiskLevel, number> = { green: 0, yellow: 1, red: 2 };

export function riskLevel(score: number, thresholds: RiskSettings['thresholds']): RiskLevel {
  if (score >= thresholds.red) return 'red';
  if (score >= thresholds.yellow) return 'yellow';
  return 'green';
}

/**
 * True when the level rises to yellow or red (green→yellow, green→red, yellow→red, or a new
 * dispute starting at yellow/red — `previous` null). Staying or falling raises nothing, so a
 * re-score does not repeat the warning.
 */
export function raisesWarning(previous: RiskLevel | null, next: RiskLevel): boolean {
  return rank[next] > rank[previous ?? 'green'];
}

function checkInput(input: RiskInput): void {
  const bad = (field: string) => badRequest('errors.dispute.invalidRiskInput', { field });
  if (!Number.isInteger(input.peopleInvolved) || input.peopleInvolved < 1) throw bad('peopleInvolved');
  if (!Number.isInteger(input.priorDisputesWithin90Days) || input.priorDisputesWithin90Days < 0) {
    throw bad('priorDisputesWithin90Days');
  }
  if (input.amountYuan !== null && !(Number.isFinite(input.amountYuan) && input.amountYuan >= 0)) throw bad('amountYuan');
}

/**
 * Scores a dispute. The amount counts in whole 10,000-yuan steps (floor): 9,999 yuan is 0 steps,
 * 10,000–19,999 is 1 — a claim must reach the step before it adds points. Amount, people and
 * repeat points are each capped. Throws BAD_REQUEST for impossible input (fewer than one
 * person, negative counts or amounts). Settings are trusted: validate them when they are saved.
 */
export function scoreRisk(input: RiskInput, settings: RiskSettings = defaultRiskSettings): RiskResult {
  checkInput(input);
  const p = settings.points;
  const capped = (units: number, perUnit: number, max: number) => Math.min(units * perUnit, max);

  const points: Record<Exclude<RiskIndicator, 'groupDispute'>, number> = {
    wageArrears: input.disputeType === 'wage_arrears' ? p.wageArrears : 0,
    amount: capped(Math.floor((input.amountYuan ?? 0) / 10_000), p.amountPerTenThousandYuan, p.amountMaxPoints),
    people: capped(input.peopleInvolved, p.peoplePerPerson, p.peopleMaxPoints),
    enterpriseMovingOrClosing:
      input.enterpriseStatus !== null && input.enterpriseStatus !== 'active' ? p.enterpriseMovingOrClosing : 0,
    repeatDisputes: capped(input.priorDisputesWithin90Days, p.repeatDisputePerCase, p.repeatMaxPoints),
    socialInsuranceArrears:
      input.socialInsuranceArrears || input.disputeType === 'social_insurance' ? p.socialInsuranceArrears : 0,
    priorEscalation: input.priorEscalation ? p.priorEscalation : 0,
  };

  const factors: RiskFactor[] = [];
  let score = 0;
  for (const [indicator, value] of Object.entries(points) as [RiskIndicator, number][]) {
    if (value > 0) factors.push({ indicator, points: value });
    score += value;
  }
  const groupDispute = input.peopleInvolved >= settings.groupDisputePeople;
  if (groupDispute) factors.push({ indicator: 'groupDispute', points: 0 });

  return { score, level: groupDispute ? 'red' : riskLevel(score, settings.thresholds), groupDispute, factors };
}

export interface RiskSettingsIssue {
  /** Dotted path of the offending field, e.g. `points.wageArrears`, `thresholds.red`. */
  path: string;
  /** Locale key describing the problem. */
  key: string;
}

const pointKeys = Object.keys(defaultRiskSettings.points) as (keyof RiskSettings['points'])[];
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const field = (o: unknown, k: string): unknown =>
  typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined;

/** Field-level problems with tenant risk settings (for forms that mark the field). */
export function riskSettingsIssues(s: unknown): RiskSettingsIssue[] {
  const issues: RiskSettingsIssue[] = [];
  const notCount = (path: string) => issues.push({ path, key: 'errors.dispute.riskNotNonNegativeInteger' });

  const points = field(s, 'points');
  for (const k of pointKeys) if (!isCount(field(points, k))) notCount(`points.${k}`);

  const thresholds = field(s, 'thresholds');
  const yellow = field(thresholds, 'yellow');
  const red = field(thresholds, 'red');
  if (!isCount(yellow)) notCount('thresholds.yellow');
  if (!isCount(red)) notCount('thresholds.red');
  if (isCount(yellow) && isCount(red) && yellow >= red) {
    issues.push({ path: 'thresholds', key: 'errors.dispute.riskYellowNotBelowRed' });
  }

  const group = field(s, 'groupDisputePeople');
  if (!isCount(group)) notCount('groupDisputePeople');
  else if (group < 2) issues.push({ path: 'groupDisputePeople', key: 'errors.dispute.riskGroupTooSmall' });
  return issues;
}

/** Locale keys of the problems with tenant risk settings, each once; empty when valid. */
export function validateRiskSettings(s: unknown): string[] {
  return [...new Set(riskSettingsIssues(s).map((i) => i.key))];
}
