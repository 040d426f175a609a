import { addDays, localDate } from '../calendar/time-zone.ts';
import type { MessageParams } from '../errors/app-error.ts';
import { normalizeFloorLabel } from '../patrol/floors.ts';
import type { PatrolTier } from '../patrol/tiers.ts';
import { isFinished } from '../work-items/lifecycle.ts';
import type { WorkItemKind } from '../work-items/number.ts';
import { isPatrolRule, type PatrolRule, type PatrolRuleSettings } from './settings.ts';

/**
 * The rules themselves: each takes plain facts the worker read, the rule's settings and the
 * clock, and answers the findings that should be open now — one per subject, under a key made of
 * the rule and the subject, so the same condition never opens a second finding while the first is
 * open. Titles and descriptions are locale keys with their values (the service writes them in the
 * tenant's language).
 */
export interface RuleClock {
  now: Date;
  /** The tenant's IANA zone: "today" and dates are local. */
  timezone: string;
}

export type RuleSubject =
  | { kind: 'enterprise'; enterpriseId: string }
  | { kind: 'floor'; buildingId: string; floor: string }
  | { kind: 'round_plan'; planId: string }
  | { kind: 'item'; itemId: string };

export interface RuleMessage {
  key: string;
  params: MessageParams;
}

export interface WantedFinding {
  rule: PatrolRule;
  /** Stable: the rule and its subject (≤ 200 characters). */
  ruleKey: string;
  subject: RuleSubject;
  buildingId: string;
  /** A floor label (B1, 12F …) when the facts name one; the service keeps it only if the building has it. */
  floor: string | null;
  location: string;
  enterpriseId: string | null;
  tier: PatrolTier;
  /** A patrol category key (the service falls back to `other` when the tenant hid it). */
  category: string;
  title: RuleMessage;
  description: RuleMessage;
}

/** The rule a key was made by (null: not a rule's key). */
export function ruleOfKey(ruleKey: string): PatrolRule | null {
  const rule = ruleKey.slice(0, Math.max(0, ruleKey.indexOf(':')));
  return isPatrolRule(rule) ? rule : null;
}

const msg = (key: string, params: MessageParams = {}): RuleMessage => ({ key, params });
const place = (floor: string | null, room: string | null) => [floor, room].filter(Boolean).join(' ');

// ── 1. 一企一档: a licence, lease or fire-safety acceptance expired ─────────────────────────────

/** The documents whose expiry the rule watches (enterprise_documents.doc_type). */
export const watchedDocumentTypes = ['business_licence', 'lease', 'fire_safety'] as const;
export type WatchedDocumentType = (typeof watchedDocumentTypes)[number];

const documentCategory: Record<WatchedDocumentType, string> = {
  business_licence: 'illegal_business',
  lease: 'other',
  fire_safety: 'fire_safety',
};

export interface DocumentFact {
  enterpriseId: string;
  enterpriseName: string;
  buildingId: string;
  buildingName: string;
  /** The enterprise's floor and room as recorded (free text). */
  floor: string | null;
  room: string | null;
  docType: string;
  /** The latest expiry among the enterprise's documents of this type; null when one never expires. */
  latestExpiry: string | null;
}

/**
 * An enterprise whose documents of a watched type have all expired (a renewal is a later expiry
 * on the same or a new document) more than `graceDays` ago.
 */
export function documentExpiredFindings(facts: readonly DocumentFact[], settings: PatrolRuleSettings, clock: RuleClock): WantedFinding[] {
  const today = localDate(clock.now, clock.timezone);
  const grace = settings.thresholds.graceDays ?? 0;
  const out: WantedFinding[] = [];
  for (const f of facts) {
    const docType = watchedDocumentTypes.find((t) => t === f.docType);
    if (!docType || f.latestExpiry === null || addDays(f.latestExpiry, grace) >= today) continue;
    const params = { enterprise: f.enterpriseName, building: f.buildingName, place: place(f.floor, f.room), expiredOn: f.latestExpiry };
    out.push({
      rule: 'document_expired',
      ruleKey: `document_expired:${f.enterpriseId}:${docType}`,
      subject: { kind: 'enterprise', enterpriseId: f.enterpriseId },
      buildingId: f.buildingId,
      floor: f.floor ? normalizeFloorLabel(f.floor) : null,
      location: f.room ?? '',
      enterpriseId: f.enterpriseId,
      tier: settings.tier,
      category: documentCategory[docType],
      title: msg(`patrolRules.finding.document_expired.title.${docType}`, params),
      description: msg(`patrolRules.finding.document_expired.description.${docType}`, params),
    });
  }
  return out;
}

// ── 2. An enterprise leaving with disputes or unpaid wages open ────────────────────────────────

export interface MovingOutFact {
  enterpriseId: string;
  enterpriseName: string;
  buildingId: string;
  buildingName: string;
  floor: string | null;
  room: string | null;
  status: 'active' | 'moving_out' | 'moved_out' | 'deregistered';
  /** Open dispute cases naming the enterprise (as the item's enterprise or a respondent). */
  openDisputes: number;
  /** Of those, wage arrears or social insurance in arrears (欠薪). */
  openWageCases: number;
}

/** An enterprise marked moving out (or gone) while at least `minCases` dispute cases about it are open. */
export function movingOutFindings(facts: readonly MovingOutFact[], settings: PatrolRuleSettings): WantedFinding[] {
  const min = settings.thresholds.minCases ?? 1;
  return facts
    .filter((f) => (f.status === 'moving_out' || f.status === 'moved_out') && f.openDisputes >= min)
    .map((f) => {
      const params = { enterprise: f.enterpriseName, building: f.buildingName, place: place(f.floor, f.room), disputes: f.openDisputes, wageCases: f.openWageCases };
      return {
        rule: 'moving_out_disputes' as const,
        ruleKey: `moving_out_disputes:${f.enterpriseId}`,
        subject: { kind: 'enterprise' as const, enterpriseId: f.enterpriseId },
        buildingId: f.buildingId,
        floor: f.floor ? normalizeFloorLabel(f.floor) : null,
        location: f.room ?? '',
        enterpriseId: f.enterpriseId,
        tier: settings.tier,
        category: 'labour_wages',
        title: msg(`patrolRules.finding.moving_out_disputes.title.${f.status}`, params),
        description: msg(f.openWageCases > 0 ? 'patrolRules.finding.moving_out_disputes.descriptionWages' : 'patrolRules.finding.moving_out_disputes.description', params),
      };
    });
}

// ── 3. Several reports about one enterprise or one floor ───────────────────────────────────────

/** A finding reported by a person or an outside system (not by a rule): what counts as a report. */
export interface ReportFact {
  itemId: string;
  /** When it was reported (ISO instant). */
  at: string;
  buildingId: string;
  buildingName: string;
  floor: string | null;
  enterpriseId: string | null;
  enterpriseName: string | null;
  category: string;
}

/** The category most of the reports name (ties: the first reported). */
function mostReported(reports: readonly ReportFact[]): string {
  const counts = new Map<string, number>();
  for (const r of [...reports].sort((a, b) => a.at.localeCompare(b.at))) counts.set(r.category, (counts.get(r.category) ?? 0) + 1);
  let best = 'other';
  let n = 0;
  for (const [c, k] of counts) if (k > n) [best, n] = [c, k];
  return best;
}

/**
 * `count` or more reports within the last `days` days about one enterprise, or on one floor of a
 * building. A floor whose reports all name the one enterprise is that enterprise's finding only.
 */
export function repeatReportFindings(reports: readonly ReportFact[], settings: PatrolRuleSettings, clock: RuleClock): WantedFinding[] {
  const count = settings.thresholds.count ?? 3;
  const days = settings.thresholds.days ?? 30;
  const since = clock.now.getTime() - days * 86_400_000;
  const recent = reports.filter((r) => Date.parse(r.at) > since && Date.parse(r.at) <= clock.now.getTime());
  const group = (keyOf: (r: ReportFact) => string | null) => {
    const m = new Map<string, ReportFact[]>();
    for (const r of recent) {
      const k = keyOf(r);
      if (k !== null) m.set(k, [...(m.get(k) ?? []), r]);
    }
    return [...m.values()].filter((g) => g.length >= count);
  };
  const latest = (g: ReportFact[]) => g.reduce((a, b) => (b.at > a.at ? b : a));
  const out: WantedFinding[] = [];
  for (const g of group((r) => r.enterpriseId)) {
    const last = latest(g);
    const params = { enterprise: last.enterpriseName ?? '', building: last.buildingName, count: g.length, days };
    out.push({
      rule: 'repeat_reports',
      ruleKey: `repeat_reports:enterprise:${last.enterpriseId}`,
      subject: { kind: 'enterprise', enterpriseId: last.enterpriseId! },
      buildingId: last.buildingId,
      floor: last.floor,
      location: '',
      enterpriseId: last.enterpriseId,
      tier: settings.tier,
      category: mostReported(g),
      title: msg('patrolRules.finding.repeat_reports.titleEnterprise', params),
      description: msg('patrolRules.finding.repeat_reports.descriptionEnterprise', params),
    });
  }
  for (const g of group((r) => (r.floor ? `${r.buildingId}:${r.floor}` : null))) {
    const enterprises = new Set(g.map((r) => r.enterpriseId));
    if (enterprises.size === 1 && !enterprises.has(null)) continue;
    const last = latest(g);
    const params = { building: last.buildingName, floor: last.floor!, count: g.length, days };
    out.push({
      rule: 'repeat_reports',
      ruleKey: `repeat_reports:floor:${last.buildingId}:${last.floor}`,
      subject: { kind: 'floor', buildingId: last.buildingId, floor: last.floor! },
      buildingId: last.buildingId,
      floor: last.floor,
      location: '',
      enterpriseId: null,
      tier: settings.tier,
      category: mostReported(g),
      title: msg('patrolRules.finding.repeat_reports.titleFloor', params),
      description: msg('patrolRules.finding.repeat_reports.descriptionFloor', params),
    });
  }
  return out;
}

// ── 4. A round plan nobody walks ───────────────────────────────────────────────────────────────

export interface RoundPlanFact {
  planId: string;
  planName: string;
  active: boolean;
  /** The first of the plan's buildings (a finding has one place). */
  buildingId: string;
  buildingName: string;
  /** The plan's first day (local date). */
  startsOn: string;
  /** The last day a round of the plan was started (local date), null: never. */
  lastWalkedOn: string | null;
}

/** An active plan with no round started for `days` days (counted from its first day if never walked). */
export function roundNotWalkedFindings(plans: readonly RoundPlanFact[], settings: PatrolRuleSettings, clock: RuleClock): WantedFinding[] {
  const today = localDate(clock.now, clock.timezone);
  const days = settings.thresholds.days ?? 7;
  return plans
    .filter((p) => p.active && addDays(p.lastWalkedOn ?? addDays(p.startsOn, -1), days) <= today)
    .map((p) => {
      const params = { plan: p.planName, building: p.buildingName, days, lastWalkedOn: p.lastWalkedOn ?? '' };
      return {
        rule: 'round_not_walked' as const,
        ruleKey: `round_not_walked:${p.planId}`,
        subject: { kind: 'round_plan' as const, planId: p.planId },
        buildingId: p.buildingId,
        floor: null,
        location: p.planName,
        enterpriseId: null,
        tier: settings.tier,
        category: 'other',
        title: msg('patrolRules.finding.round_not_walked.title', params),
        description: msg(p.lastWalkedOn ? 'patrolRules.finding.round_not_walked.description' : 'patrolRules.finding.round_not_walked.descriptionNever', params),
      };
    });
}

// ── 5. Items left overdue ──────────────────────────────────────────────────────────────────────

export interface OverdueItemFact {
  itemId: string;
  number: string;
  kind: WorkItemKind;
  title: string;
  status: string;
  /** ISO instant, null: no deadline. */
  resolutionDueAt: string | null;
  /** The item's building, or its enterprise's; null: no place to send anyone to. */
  buildingId: string | null;
  buildingName: string | null;
  enterpriseId: string | null;
  enterpriseName: string | null;
}

/**
 * An unfinished item `hours` or more past its resolution deadline, at a building someone can go
 * to. Patrol items are left out: an overdue finding raising a finding about itself would never end.
 */
export function itemOverdueFindings(items: readonly OverdueItemFact[], settings: PatrolRuleSettings, clock: RuleClock): WantedFinding[] {
  const hours = settings.thresholds.hours ?? 72;
  const limit = clock.now.getTime() - hours * 3_600_000;
  return items
    .filter((i) => i.kind !== 'patrol' && !isFinished(i.status) && i.resolutionDueAt !== null && Date.parse(i.resolutionDueAt) <= limit && i.buildingId !== null)
    .map((i) => {
      const params = { number: i.number, title: i.title, hours, dueAt: i.resolutionDueAt!, enterprise: i.enterpriseName ?? '', building: i.buildingName ?? '' };
      return {
        rule: 'item_overdue' as const,
        ruleKey: `item_overdue:${i.itemId}`,
        subject: { kind: 'item' as const, itemId: i.itemId },
        buildingId: i.buildingId!,
        floor: null,
        location: '',
        enterpriseId: i.enterpriseId,
        tier: settings.tier,
        category: 'other',
        title: msg('patrolRules.finding.item_overdue.title', params),
        description: msg(i.enterpriseName ? 'patrolRules.finding.item_overdue.descriptionEnterprise' : 'patrolRules.finding.item_overdue.description', params),
      };
    });
}
