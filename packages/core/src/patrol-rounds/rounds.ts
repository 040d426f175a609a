import type { TenantRole } from '../access/roles.ts';

/**
 * A round (巡查轮次): planned by the generator, started by its first check, done when finished;
 * a day that passed without it being started is missed. Every checklist point of every planned
 * floor is ticked OK or turned into a finding (发现问题).
 *
 *   planned → in_progress (the first check, or start) → done (finish)
 *   planned → missed (its day passed)
 *
 * A round in progress on a past day stays in progress: it can still be finished, and the managers
 * see it as unfinished.
 */
export const roundStatuses = ['planned', 'in_progress', 'done', 'missed'] as const;
export type RoundStatus = (typeof roundStatuses)[number];
export const checkResults = ['ok', 'finding'] as const;
export type CheckResult = (typeof checkResults)[number];

/** The checklist a new plan starts with (editable by managers). */
export const defaultPatrolChecklist = ['消防通道畅通', '无群租迹象', '无无证经营', '消防设施完好', '环境卫生整洁', '无安全隐患'] as const;

/** A floor of a building, by its label (B1, 1F … RF — core's patrol floors). */
export interface RoundFloor {
  buildingId: string;
  floor: string;
}

export interface RoundCheckKey extends RoundFloor {
  pointId: string;
}

const keyOf = (c: RoundCheckKey) => `${c.buildingId}:${c.floor}:${c.pointId}`;

export interface RoundProgress {
  /** Points to tick: every point on every planned floor. */
  total: number;
  checked: number;
  findings: number;
  /** The planned floors with at least one point ticked. */
  floorsCovered: RoundFloor[];
  /** What is still to tick, in the round's order. */
  missing: RoundCheckKey[];
}

/** How far a round has got, from its planned floors and points and the checks made. */
export function roundProgress(
  round: { floors: readonly RoundFloor[]; pointIds: readonly string[] },
  checks: readonly (RoundCheckKey & { result: CheckResult })[],
): RoundProgress {
  const made = new Map(checks.map((c) => [keyOf(c), c.result]));
  const missing: RoundCheckKey[] = [];
  const floorsCovered: RoundFloor[] = [];
  let checked = 0;
  let findings = 0;
  for (const f of round.floors) {
    let any = false;
    for (const pointId of round.pointIds) {
      const result = made.get(keyOf({ ...f, pointId }));
      if (result === undefined) missing.push({ ...f, pointId });
      else {
        any = true;
        checked++;
        if (result === 'finding') findings++;
      }
    }
    if (any) floorsCovered.push({ buildingId: f.buildingId, floor: f.floor });
  }
  return { total: round.floors.length * round.pointIds.length, checked, findings, floorsCovered, missing };
}

/** Whether a floor and point belong to the round (a check elsewhere is refused). */
export function inRound(round: { floors: readonly RoundFloor[]; pointIds: readonly string[] }, c: RoundCheckKey): boolean {
  return round.pointIds.includes(c.pointId) && round.floors.some((f) => f.buildingId === c.buildingId && f.floor === c.floor);
}

export const roundActions = ['start', 'check', 'finish'] as const;
export type RoundAction = (typeof roundActions)[number];

/**
 * Why the member may not do `action` on the round now (a locale key), or null. Only the assignee
 * or a manager walks a round; a check starts a planned round by itself (the phone may have queued
 * it without signal).
 */
export function roundActionRefusal(
  action: RoundAction,
  round: { status: RoundStatus; assigneeId: string; roundDate: string },
  actor: { userId: string; role: TenantRole },
  today: string,
): string | null {
  if (actor.role === 'enterprise_admin') return 'errors.roleNotAllowed';
  if (actor.role !== 'manager' && actor.userId !== round.assigneeId) return 'errors.patrolRounds.notYourRound';
  if (round.status === 'done') return 'errors.patrolRounds.roundDone';
  if (round.status === 'missed') return 'errors.patrolRounds.roundMissed';
  if (round.roundDate > today) return 'errors.patrolRounds.notYet';
  if (action === 'finish' && round.status !== 'in_progress') return 'errors.patrolRounds.notStarted';
  return null;
}

/**
 * Finishing: every point ticked, or — a floor locked, a building closed — a reason for what was
 * not walked, kept with the round. Returns the refusal's locale key, or null.
 */
export function finishRefusal(progress: RoundProgress, reason: string | null | undefined): string | null {
  if (progress.missing.length === 0) return null;
  return reason && reason.trim() ? null : 'errors.patrolRounds.pointsUnchecked';
}

/** Monday of the week `date` falls in (weeks run Monday to Sunday, as the managers count them). */
export function weekStart(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/** The afternoon reminder to the assignee and the evening one to the managers, in local minutes of the day. */
export const ROUND_REMINDER_MINUTES = { assignee: 15 * 60, managers: 17 * 60 + 30 } as const;
