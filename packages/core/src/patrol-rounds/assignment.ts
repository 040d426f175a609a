/**
 * Who walks a round: one fixed member, or the plan's staff in turn (round-robin) by the round's
 * place in the plan's sequence of due dates — the n-th round goes to staff[n mod size], so the
 * turn skips holidays and days off instead of skipping people.
 */
export const patrolAssignmentModes = ['fixed', 'round_robin'] as const;
export type PatrolAssignmentMode = (typeof patrolAssignmentModes)[number];

/** Problems with a plan's staff list as locale keys; [] when fine. */
export function staffProblems(mode: PatrolAssignmentMode, staffIds: readonly string[]): string[] {
  if (staffIds.length === 0) return ['errors.patrolRounds.noStaff'];
  if (new Set(staffIds).size !== staffIds.length) return ['errors.patrolRounds.duplicateStaff'];
  if (mode === 'fixed' && staffIds.length !== 1) return ['errors.patrolRounds.fixedNeedsOne'];
  return [];
}

/** The assignee of the round with sequence number `sequence` (0 for the plan's first round). */
export function roundAssignee(mode: PatrolAssignmentMode, staffIds: readonly string[], sequence: number): string {
  if (staffIds.length === 0) throw new Error('roundAssignee: a plan without staff');
  if (mode === 'fixed') return staffIds[0]!;
  const n = staffIds.length;
  return staffIds[((sequence % n) + n) % n]!;
}

export interface PlannedRound {
  date: string;
  assigneeId: string;
  /** Past days a generation only now reaches were never walked: they are recorded as missed. */
  status: 'planned' | 'missed';
}

/**
 * The rounds a generation run writes for a plan: one per due date, numbered on from the rounds
 * the plan already has (`roundsBefore`: its rounds dated before the first of `dates`).
 */
export function planRounds(
  plan: { mode: PatrolAssignmentMode; staffIds: readonly string[] },
  dates: readonly string[],
  roundsBefore: number,
  today: string,
): PlannedRound[] {
  return dates.map((date, i) => ({
    date,
    assigneeId: roundAssignee(plan.mode, plan.staffIds, roundsBefore + i),
    status: date < today ? 'missed' : 'planned',
  }));
}
