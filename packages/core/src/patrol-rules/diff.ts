import {
  documentExpiredFindings,
  itemOverdueFindings,
  movingOutFindings,
  repeatReportFindings,
  roundNotWalkedFindings,
  ruleOfKey,
  type DocumentFact,
  type MovingOutFact,
  type OverdueItemFact,
  type ReportFact,
  type RoundPlanFact,
  type RuleClock,
  type WantedFinding,
} from './rules.ts';
import type { EffectiveRuleSettings, PatrolRule } from './settings.ts';

/** The facts of the rules that run (a rule turned off is not read at all). */
export interface RuleFacts {
  document_expired?: readonly DocumentFact[];
  moving_out_disputes?: readonly MovingOutFact[];
  repeat_reports?: readonly ReportFact[];
  round_not_walked?: readonly RoundPlanFact[];
  item_overdue?: readonly OverdueItemFact[];
}

/**
 * Every finding the enabled rules want open now, and which rules were evaluated (only those may
 * clear a finding: turning a rule off leaves its open findings as they are, for a person to close).
 */
export function evaluateRules(facts: RuleFacts, settings: readonly EffectiveRuleSettings[], clock: RuleClock): { wanted: WantedFinding[]; evaluated: Set<PatrolRule> } {
  const wanted: WantedFinding[] = [];
  const evaluated = new Set<PatrolRule>();
  for (const s of settings) {
    if (!s.enabled) continue;
    switch (s.rule) {
      case 'document_expired':
        if (facts.document_expired) wanted.push(...documentExpiredFindings(facts.document_expired, s, clock));
        else continue;
        break;
      case 'moving_out_disputes':
        if (facts.moving_out_disputes) wanted.push(...movingOutFindings(facts.moving_out_disputes, s));
        else continue;
        break;
      case 'repeat_reports':
        if (facts.repeat_reports) wanted.push(...repeatReportFindings(facts.repeat_reports, s, clock));
        else continue;
        break;
      case 'round_not_walked':
        if (facts.round_not_walked) wanted.push(...roundNotWalkedFindings(facts.round_not_walked, s, clock));
        else continue;
        break;
      case 'item_overdue':
        if (facts.item_overdue) wanted.push(...itemOverdueFindings(facts.item_overdue, s, clock));
        else continue;
        break;
    }
    evaluated.add(s.rule);
  }
  return { wanted, evaluated };
}

/** An automatic finding that is open (its item not closed), as stored. */
export interface OpenAutomaticFinding {
  itemId: string;
  ruleKey: string;
  /** When the rule last said its condition no longer holds; null while it holds. */
  clearedAt: string | null;
}

export interface FindingsDiff {
  /** Conditions with no open finding: raise one each. */
  raise: WantedFinding[];
  /** Open findings whose condition no longer holds: say so (once). */
  clear: OpenAutomaticFinding[];
  /** Open findings said cleared whose condition holds again: say so. */
  recur: OpenAutomaticFinding[];
}

/**
 * What a run changes: wanted keys against the open automatic findings. A key is raised at most
 * once while a finding with it is open; an unchanged finding is in none of the lists, so a run
 * with nothing new writes nothing.
 */
export function diffAutomaticFindings(wanted: readonly WantedFinding[], open: readonly OpenAutomaticFinding[], evaluated: ReadonlySet<PatrolRule>): FindingsDiff {
  const wantedKeys = new Map<string, WantedFinding>();
  for (const w of wanted) if (!wantedKeys.has(w.ruleKey)) wantedKeys.set(w.ruleKey, w);
  const openKeys = new Set(open.map((o) => o.ruleKey));
  const raise = [...wantedKeys.values()].filter((w) => !openKeys.has(w.ruleKey));
  const clear: OpenAutomaticFinding[] = [];
  const recur: OpenAutomaticFinding[] = [];
  for (const o of open) {
    const rule = ruleOfKey(o.ruleKey);
    if (!rule || !evaluated.has(rule)) continue;
    const holds = wantedKeys.has(o.ruleKey);
    if (!holds && o.clearedAt === null) clear.push(o);
    else if (holds && o.clearedAt !== null) recur.push(o);
  }
  return { raise, clear, recur };
}
