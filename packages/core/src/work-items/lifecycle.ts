/**
 * Work-item lifecycle: one engine for the four kinds (consultation ZX, agency DB, dispute TJ,
 * patrol XC), modelled on the 12345 hotline closed loop. Pure: no I/O, no clock reads.
 *
 * Statuses
 *   received 受理 · assigned 派单 · accepted 签收 · in_progress 办理 · waiting 待补充
 *   resolved 办结 · visited 回访 · returned 退单 · closed 归档
 *
 * Transitions (action: from → to · roles · * = staff must be the assignee · ✎ = note required)
 *   assign        received | returned | assigned → assigned   staff, manager (dispatch, re-assign)
 *   accept        assigned → accepted                         staff*, manager
 *   return     ✎  assigned | accepted → returned              staff*, manager (reason: wrong station or kind)
 *   start         accepted → in_progress                      staff*, manager
 *   request_info ✎ accepted | in_progress → waiting           staff*, manager (what is missing)
 *   resume        waiting → in_progress                       staff*, manager, enterprise_admin (answers)
 *   resolve    ✎  accepted | in_progress → resolved           staff*, manager (the answer)
 *   visit         resolved → visited                          staff, manager, enterprise_admin (rating)
 *   redo       ✎  resolved | visited → in_progress            staff, manager, enterprise_admin
 *                 (重办: due again by the rectification rule from now — rectificationDueAt in sla.ts)
 *   close         visited → closed                            staff, manager
 *   reopen     ✎  closed → in_progress                        manager (due again, as after redo)
 *   withdraw   ✎  received | returned | assigned | accepted | in_progress | waiting → closed
 *                                                             staff, manager, enterprise_admin
 *
 * Converting a consultation to an agency case (转办, convertToAgency in item-actions.ts) closes it
 * from accepted | in_progress with the closed reason 'converted': its own outcome, neither
 * resolved nor rated — the agency case carries the request on.
 *
 * Not statuses: extension 延期 (a request on the item that moves the due time) and the
 * chased 催办 / supervised 督办 marks. Their rules are below the table; who may ask for them on
 * which item, with first contact and conversion to an agency case, is in item-actions.ts.
 *
 * SLA clock: runs while the station owes work (received … in_progress, returned), pauses while
 * waiting on the enterprise or a third party, stops once resolved.
 *
 * Roles here are only "who may press the button"; whether the member can see this item at all
 * (station scope, the enterprise's own items) is checked by the service layer.
 */
import type { TenantRole } from '../access/roles.ts';
import { AppError } from '../errors/app-error.ts';

export const workItemStatuses = [
  'received',
  'assigned',
  'accepted',
  'in_progress',
  'waiting',
  'resolved',
  'visited',
  'returned',
  'closed',
] as const;
export type WorkItemStatus = (typeof workItemStatuses)[number];

export const workItemActions = [
  'assign',
  'accept',
  'return',
  'start',
  'request_info',
  'resume',
  'resolve',
  'visit',
  'redo',
  'close',
  'reopen',
  'withdraw',
] as const;
export type WorkItemAction = (typeof workItemActions)[number];

export interface TransitionRule {
  from: readonly WorkItemStatus[];
  to: WorkItemStatus;
  roles: readonly TenantRole[];
  noteRequired: boolean;
  /** Staff must be the assignee; managers may always act; enterprise admins are never assignees. */
  assigneeOnly?: boolean;
}

const desk = ['staff', 'manager'] as const;
const everyone = ['staff', 'manager', 'enterprise_admin'] as const;

export const transitions: Record<WorkItemAction, TransitionRule> = {
  assign: { from: ['received', 'returned', 'assigned'], to: 'assigned', roles: desk, noteRequired: false },
  accept: { from: ['assigned'], to: 'accepted', roles: desk, noteRequired: false, assigneeOnly: true },
  return: { from: ['assigned', 'accepted'], to: 'returned', roles: desk, noteRequired: true, assigneeOnly: true },
  start: { from: ['accepted'], to: 'in_progress', roles: desk, noteRequired: false, assigneeOnly: true },
  request_info: {
    from: ['accepted', 'in_progress'],
    to: 'waiting',
    roles: desk,
    noteRequired: true,
    assigneeOnly: true,
  },
  // The enterprise resumes by answering the request in the portal.
  resume: { from: ['waiting'], to: 'in_progress', roles: everyone, noteRequired: false, assigneeOnly: true },
  resolve: {
    from: ['accepted', 'in_progress'],
    to: 'resolved',
    roles: desk,
    noteRequired: true,
    assigneeOnly: true,
  },
  // Follow-up visits are done by whoever calls back (often not the handler), or rated in the portal.
  visit: { from: ['resolved'], to: 'visited', roles: everyone, noteRequired: false },
  redo: { from: ['resolved', 'visited'], to: 'in_progress', roles: everyone, noteRequired: true },
  close: { from: ['visited'], to: 'closed', roles: desk, noteRequired: false },
  reopen: { from: ['closed'], to: 'in_progress', roles: ['manager'], noteRequired: true },
  // A returned item waits for re-dispatch, so the enterprise may still withdraw it.
  withdraw: {
    from: ['received', 'returned', 'assigned', 'accepted', 'in_progress', 'waiting'],
    to: 'closed',
    roles: everyone,
    noteRequired: true,
  },
};

/**
 * System steps: taken by the application on an event, never by a person's button — they are not
 * in workItemActions, so allowedActions never offers them and workItem.transition refuses them.
 *
 *   release   assigned | accepted | in_progress | waiting → returned
 *             The handler was deactivated (member.deactivate): the item goes back to dispatch
 *             (待派单, where a 退单 lands) with no assignee, whatever stage it had reached. It is not
 *             a 退单 — nobody refused the item — so the return rate (退单率) does not count it.
 *             SLA: the resolution clock keeps running (a returned item's clock runs); a waiting
 *             item's pause ends here as on resume, the time waited pushing its deadline back.
 */
export const systemActions = ['release'] as const;
export type SystemAction = (typeof systemActions)[number];

export const systemTransitions: Record<SystemAction, { from: readonly WorkItemStatus[]; to: WorkItemStatus }> = {
  release: { from: ['assigned', 'accepted', 'in_progress', 'waiting'], to: 'returned' },
};

export function isSystemAction(action: string): action is SystemAction {
  return (systemActions as readonly string[]).includes(action);
}

/** The status a system step leads to; refused (as a person's step would be) from any other status. */
export function systemNextStatus(status: WorkItemStatus, action: SystemAction): WorkItemStatus {
  const rule = Object.hasOwn(systemTransitions, action) ? systemTransitions[action] : null;
  if (!rule || !rule.from.includes(status)) throw new AppError('CONFLICT', 'errors.workItem.transitionNotAllowed', { action, status });
  return rule.to;
}

/** Whether a step from `from` to `to` ends the clock's pause (waiting on the enterprise): resume, release. */
export function pauseEnds(from: WorkItemStatus, to: WorkItemStatus): boolean {
  return !clockRunning(from) && !isFinished(from) && clockRunning(to);
}

export interface TransitionRequest {
  status: WorkItemStatus;
  action: WorkItemAction;
  role: TenantRole;
  isAssignee: boolean;
  note?: string | null;
}

const isBlank = (s: string | null | undefined) => !s || s.trim() === '';

/** The rule if the action exists and may start from this status (guards untyped input too). */
function ruleFrom(status: WorkItemStatus, action: WorkItemAction): TransitionRule | null {
  if (!Object.hasOwn(transitions, action)) return null;
  const rule = transitions[action];
  return rule.from.includes(status) ? rule : null;
}

/** Status, role and assignee checks — everything except the note. */
function refusal(
  status: WorkItemStatus,
  action: WorkItemAction,
  role: TenantRole,
  isAssignee: boolean,
): AppError | null {
  const rule = ruleFrom(status, action);
  if (!rule) return new AppError('CONFLICT', 'errors.workItem.transitionNotAllowed', { action, status });
  if (!rule.roles.includes(role)) return new AppError('FORBIDDEN', 'errors.workItem.roleNotAllowed', { action });
  if (rule.assigneeOnly && role === 'staff' && !isAssignee)
    return new AppError('FORBIDDEN', 'errors.workItem.notAssignee');
  return null;
}

/** Applies the table. Checks status, then role, then assignee, then note. */
export function nextStatus(req: TransitionRequest): WorkItemStatus {
  const refused = refusal(req.status, req.action, req.role, req.isAssignee);
  if (refused) throw refused;
  const rule = transitions[req.action];
  if (rule.noteRequired && isBlank(req.note)) {
    throw new AppError('BAD_REQUEST', 'errors.workItem.noteRequired', { action: req.action });
  }
  return rule.to;
}

/** Actions this member may take now; the UI asks for a note where the rule requires one. */
export function allowedActions(status: WorkItemStatus, role: TenantRole, isAssignee: boolean): WorkItemAction[] {
  return workItemActions.filter((action) => refusal(status, action, role, isAssignee) === null);
}

/** Whether a transition requires a note (the page asks for one before calling); false for an unknown action. */
export function noteRequired(action: string): boolean {
  return Object.hasOwn(transitions, action) && transitions[action as WorkItemAction].noteRequired;
}

/**
 * Why an item closed, where it is not the ordinary end (archived after the follow-up, or withdrawn:
 * told apart by resolved_at): 转办 — converted into another item that carries the request on.
 */
export const closedReasons = ['converted'] as const;
export type ClosedReason = (typeof closedReasons)[number];

export function isOpen(status: WorkItemStatus): boolean {
  return status !== 'closed';
}

/**
 * 已办结 and after: the station has delivered its answer (resolved), the enterprise confirmed it
 * (visited) or it is archived (closed). Disputes count these as closed cases.
 */
export const finishedStatuses = ['resolved', 'visited', 'closed'] as const satisfies readonly WorkItemStatus[];

export function isFinished(status: string): boolean {
  return (finishedStatuses as readonly string[]).includes(status);
}

/** Paused while waiting on the enterprise; stopped once the station has delivered its answer. */
export function clockRunning(status: WorkItemStatus): boolean {
  return status !== 'waiting' && !isFinished(status);
}

/**
 * 待办: what the to-do queue holds — the items the station owes work on, exactly while their clock
 * runs. Waiting items come back when the enterprise answers (resume); resolved and visited ones
 * need only a follow-up, which their own reminders and the dispute page carry.
 */
export const toDoStatuses: readonly WorkItemStatus[] = workItemStatuses.filter(clockRunning);

// ── Marks (催办 / 督办) ─────────────────────────────────────────────────────────────────────

/** 催办 and 督办 are management marks: managers only, and only on items not yet archived. */
export function canChase(status: WorkItemStatus, role: TenantRole): boolean {
  return role === 'manager' && isOpen(status);
}

// ── Extensions (延期) ──────────────────────────────────────────────────────────────────────

export interface ExtensionRequest {
  requestedDueAt: Date;
  currentDueAt: Date;
  now: Date;
  reason: string;
}

function assertValidDate(d: Date, name: string): void {
  // Dates come from validated input; an invalid one is a programming error, not a user error.
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new TypeError(`invalid date: ${name}`);
}

/** An extension must be asked for before the deadline passes (reaching it counts as passed). */
export function deadlinePassed(dueAt: Date, now: Date): boolean {
  return now.getTime() >= dueAt.getTime();
}

/** The requested date and reason, checked against the current deadline. */
export function checkExtensionRequest(r: ExtensionRequest): void {
  assertValidDate(r.requestedDueAt, 'requestedDueAt');
  assertValidDate(r.currentDueAt, 'currentDueAt');
  assertValidDate(r.now, 'now');
  if (deadlinePassed(r.currentDueAt, r.now)) {
    throw new AppError('CONFLICT', 'errors.workItem.extensionAfterDeadline');
  }
  if (r.requestedDueAt.getTime() <= r.currentDueAt.getTime()) {
    throw new AppError('BAD_REQUEST', 'errors.workItem.extensionNotLater');
  }
  if (isBlank(r.reason)) throw new AppError('BAD_REQUEST', 'errors.workItem.noteRequired', { action: 'extend' });
}

// ── Follow-up rating (回访满意度, five levels) ──────────────────────────────────────────────

export const ratings = [
  'very_satisfied',
  'satisfied',
  'basically_satisfied',
  'dissatisfied',
  'very_dissatisfied',
] as const;
export type Rating = (typeof ratings)[number];

/** 非常满意 / 满意 / 基本满意 count as satisfied. */
export function isSatisfied(rating: Rating): boolean {
  return rating === 'very_satisfied' || rating === 'satisfied' || rating === 'basically_satisfied';
}

/** 不满意 or worse opens a rectification (整改). Any string: a form's choice is read before it is known to be a rating. */
export function needsRectification(rating: string): boolean {
  return rating === 'dissatisfied' || rating === 'very_dissatisfied';
}

/**
 * The step a follow-up rating (回访) takes on a resolved item. Satisfied closes the loop (visit).
 * 不满意 or worse always opens a rectification (整改, with its deadline); it sends the item back for
 * rework (redo 重办) only when the enterprise confirmed it wants that (`reopen`) — otherwise the
 * rating is recorded and the loop closed (visit), the rectification still owed. Asking to reopen
 * after a satisfied rating is refused.
 */
export function ratingStep(rating: Rating, reopen: boolean): 'visit' | 'redo' {
  if (!needsRectification(rating)) {
    if (reopen) throw new AppError('BAD_REQUEST', 'errors.workItem.reopenNeedsBadRating');
    return 'visit';
  }
  return reopen ? 'redo' : 'visit';
}
