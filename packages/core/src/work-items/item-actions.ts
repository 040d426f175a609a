/**
 * Everything a member may do on one item now: the lifecycle's steps (`allowedActions`) and the
 * procedures outside the state machine. The services throw these refusals and the item's answer
 * lists what none refuses, so a page offers a button only when pressing it can work.
 */
import type { TenantRole } from '../access/roles.ts';
import { conflict, forbidden, type AppError } from '../errors/app-error.ts';
import { allowedActions, canChase, deadlinePassed, isFinished, workItemActions, type WorkItemAction, type WorkItemStatus } from './lifecycle.ts';
import type { WorkItemKind } from './number.ts';

/** Named as their procedures (workItem.recordContact, …). */
export const extraActions = ['recordContact', 'requestExtension', 'decideExtension', 'chase', 'convertToAgency'] as const;
export type ExtraAction = (typeof extraActions)[number];

export const itemActions = [...workItemActions, ...extraActions] as const;
export type ItemAction = WorkItemAction | ExtraAction;

/** What the rules read of an item. */
export interface ItemFacts {
  kind: WorkItemKind;
  status: WorkItemStatus;
  assigneeId: string | null;
  enterpriseId: string | null;
  /** Someone has contacted the requester (首次联系). */
  contacted: boolean;
  extensionRequested: boolean;
  resolutionDueAt: Date | null;
}

export interface ItemActor {
  role: TenantRole;
  userId: string;
}

/** Why this member may not take this action on the item now, or null when they may. */
export function extraActionRefusal(action: ExtraAction, item: ItemFacts, actor: ItemActor, now: Date): AppError | null {
  const { role } = actor;
  switch (action) {
    case 'recordContact':
      // Once the answer is delivered (resolving counts as the first contact) there is no contact left to record.
      if (role === 'enterprise_admin') return forbidden('errors.roleNotAllowed');
      if (isFinished(item.status)) return conflict('errors.workItem.closed');
      return item.contacted ? conflict('errors.workItem.alreadyContacted') : null;
    case 'requestExtension':
      // More time is asked for by the handler (or a manager) while the station still owes the answer.
      if (role === 'enterprise_admin') return forbidden('errors.roleNotAllowed');
      if (role === 'staff' && item.assigneeId !== actor.userId) return forbidden('errors.workItem.notAssignee');
      if (isFinished(item.status)) return conflict('errors.workItem.closed');
      if (item.extensionRequested) return conflict('errors.workItem.extensionPending');
      if (!item.resolutionDueAt) return conflict('errors.workItem.noDeadline');
      return deadlinePassed(item.resolutionDueAt, now) ? conflict('errors.workItem.extensionAfterDeadline') : null;
    case 'decideExtension':
      if (role !== 'manager') return forbidden('errors.workItem.roleNotAllowed', { action: 'decide_extension' });
      return item.extensionRequested ? null : conflict('errors.workItem.noPendingExtension');
    case 'chase':
      if (canChase(item.status, role)) return null;
      return role === 'manager' ? conflict('errors.workItem.closed') : forbidden('errors.roleNotAllowed');
    case 'convertToAgency':
      // A consultation being worked on becomes an agency case, which belongs to an enterprise; it
      // closes the consultation, which staff may do only to their own.
      if (role === 'enterprise_admin') return forbidden('errors.roleNotAllowed');
      if (role === 'staff' && item.assigneeId !== actor.userId) return forbidden('errors.workItem.notAssignee');
      if (item.kind !== 'consultation') return conflict('errors.workItem.onlyConsultation');
      if (item.status !== 'accepted' && item.status !== 'in_progress') return conflict('errors.workItem.convertNotNow');
      return item.enterpriseId ? null : conflict('errors.agency.needsEnterprise');
  }
}

/** Throws the refusal, if any: what the services call before acting. */
export function assertExtraAction(action: ExtraAction, item: ItemFacts, actor: ItemActor, now: Date): void {
  const refused = extraActionRefusal(action, item, actor, now);
  if (refused) throw refused;
}

/** The item's steps and extra actions this member may take now, in the order of `itemActions`. */
export function allowedItemActions(item: ItemFacts, actor: ItemActor, now: Date): ItemAction[] {
  return [
    ...allowedActions(item.status, actor.role, item.assigneeId === actor.userId),
    ...extraActions.filter((action) => extraActionRefusal(action, item, actor, now) === null),
  ];
}
