/**
 * 回访 and 整改 (issue 18): what the follow-up desk works through. A resolved item waits for its
 * follow-up (回访) until the enterprise rates it in the portal or staff record the rating of a call.
 * 不满意 or worse opens a rectification (整改) with a deadline (rectificationDueAt in sla.ts): either
 * the item is handled again (重办) — then resolving it again is the rectification — or the loop
 * closes unconfirmed and staff put it right and mark it done (整改完成) with a note. Pure.
 */
import { AppError } from '../errors/app-error.ts';
import { isFinished, type WorkItemStatus } from './lifecycle.ts';

/**
 * 待回访: resolved and neither rated nor visited since. Rating (portal or phone) moves an item on —
 * to visited, or back to work on 重办 — so the status alone says it.
 */
export const awaitingVisitStatus = 'resolved' as const satisfies WorkItemStatus;

export interface RectificationFacts {
  status: string;
  /** The deadline a 不满意 rating (or 重办) set; null: no rectification was ever opened. */
  rectificationDueAt: Date | null;
  /** 整改完成; null while owed. */
  rectifiedAt: Date | null;
}

export const rectificationStates = ['none', 'open', 'overdue', 'done'] as const;
export type RectificationState = (typeof rectificationStates)[number];

/** Where the item's rectification stands at `now`: owed (open, or overdue past its deadline), done, or none. */
export function rectificationState(f: RectificationFacts, now: Date): RectificationState {
  if (!f.rectificationDueAt) return 'none';
  if (f.rectifiedAt) return 'done';
  return f.rectificationDueAt.getTime() < now.getTime() ? 'overdue' : 'open';
}

/** Owed: opened and not done (the KPIs' 整改 open; overdue when past the deadline as well). */
export function rectificationOpen(f: RectificationFacts): boolean {
  return f.rectificationDueAt !== null && f.rectifiedAt === null;
}

/**
 * Why staff may not mark this item's rectification done, or null when they may: there must be one
 * owed, and the item must not be in rework — after 重办, resolving the item again is its
 * rectification (and marks it done by itself), so a mark beside the rework would count it twice.
 */
export function markRectifiedRefusal(f: RectificationFacts): AppError | null {
  if (!f.rectificationDueAt) return new AppError('CONFLICT', 'errors.visit.noRectification');
  if (f.rectifiedAt) return new AppError('CONFLICT', 'errors.visit.alreadyRectified');
  if (!isFinished(f.status)) return new AppError('CONFLICT', 'errors.visit.rectificationInRework');
  return null;
}

/** Resolving an item with a rectification owed is the rectification (the rework after 重办 is done). */
export function resolveRectifies(f: Pick<RectificationFacts, 'rectificationDueAt' | 'rectifiedAt'>): boolean {
  return f.rectificationDueAt !== null && f.rectifiedAt === null;
}
