import type { RouterInputs } from '@stationdesk/api';
import { patrolAssignmentModes, patrolFrequencies } from '@stationdesk/core';
import { text } from './work-items.server.ts';

type PlanFields = Omit<RouterInputs['patrolPlan']['create'], 'stationId' | 'startsOn' | 'idempotencyKey' | 'checklist'>;

const oneOf = <T extends string>(list: readonly T[], v: string, fallback: T): T => ((list as readonly string[]).includes(v) ? (v as T) : fallback);

/**
 * The plan form (components/patrol-rounds/plan-form.tsx) as the procedures take it: floors as
 * `buildingId|label` checkboxes (or typed, comma-separated, for a building without a floor list),
 * staff in the order listed, the checklist as `point` lines beside their `pointId` (empty: new).
 */
export function readPlanForm(form: FormData): PlanFields & { checklist: { id?: string; label: string }[] } {
  const floors = new Map<string, string[]>();
  const addFloor = (buildingId: string, floor: string) => {
    if (!buildingId || !floor) return;
    floors.set(buildingId, [...(floors.get(buildingId) ?? []), floor]);
  };
  for (const v of form.getAll('floors')) {
    const [buildingId, floor] = String(v).split('|');
    addFloor(buildingId ?? '', floor ?? '');
  }
  for (const [k, v] of form.entries()) {
    if (!k.startsWith('floorsText:')) continue;
    for (const floor of String(v).split(/[,，、\s]+/)) addFloor(k.slice('floorsText:'.length), floor.trim());
  }
  const ids = form.getAll('pointId').map(String);
  const checklist = form
    .getAll('point')
    .map((label, i) => ({ label: String(label).trim(), id: ids[i] ?? '' }))
    .filter((p) => p.label)
    .map((p) => (p.id ? { id: p.id, label: p.label } : { label: p.label }));
  const frequency = oneOf(patrolFrequencies, text(form, 'frequency'), 'daily');
  return {
    name: text(form, 'name'),
    frequency,
    weekdays: frequency === 'weekly' ? form.getAll('weekdays').map(Number) : [],
    assignment: oneOf(patrolAssignmentModes, text(form, 'assignment'), 'fixed'),
    staffIds: form.getAll('staffIds').map(String),
    buildings: [...floors].map(([buildingId, list]) => ({ buildingId, floors: list })),
    checklist,
  };
}

/** Where a plan form's refusals show: the zod paths and the use cases' keys, by field. */
export const planFormFields = ['stationId', 'name', 'weekdays', 'staffIds', 'buildings', 'checklist', 'startsOn'] as const;
export const planRefusalFields: Record<string, string> = {
  'errors.patrolRounds.noWeekdays': 'weekdays',
  'errors.patrolRounds.badWeekdays': 'weekdays',
  'errors.patrolRounds.noStaff': 'staffIds',
  'errors.patrolRounds.duplicateStaff': 'staffIds',
  'errors.patrolRounds.fixedNeedsOne': 'staffIds',
  'errors.patrolRounds.staffNotInStation': 'staffIds',
  'errors.patrolRounds.buildingNotInStation': 'buildings',
  'errors.patrolRounds.floorNotInBuilding': 'buildings',
  'errors.patrolRounds.noFloors': 'buildings',
  'errors.patrolRounds.duplicatePoint': 'checklist',
  'errors.patrolRounds.unknownPoint': 'checklist',
  'errors.patrolRounds.startsInPast': 'startsOn',
};
