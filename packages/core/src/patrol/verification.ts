/**
 * 复查: a patrol finding is verified on site after it was handled. The lifecycle's follow-up step
 * (visit 回访) stands for a passed verification and its redo (重办) for a failed one, so:
 *
 *   resolved ── verify passed (≥ 1 "after" photo) ──▶ visited ── close ──▶ closed
 *   resolved ── verify failed (a note: what is still wrong) ──▶ in_progress (due again)
 *
 * A finding is never closed without a passed verification made since its last resolution (a
 * finding resolved again after a failed one, or reopened, needs a new one); the portal's rating
 * and a phone follow-up do not apply. Withdrawing a finding (raised by mistake, a duplicate) is a
 * manager's call, with a note.
 */
import type { TenantRole } from '../access/roles.ts';
import { badRequest, conflict, forbidden, type AppError } from '../errors/app-error.ts';
import type { DisputeType } from '../disputes/risk.ts';
import { isFinished, type WorkItemAction, type WorkItemStatus } from '../work-items/lifecycle.ts';

export const verificationResults = ['passed', 'failed'] as const;
export type VerificationResult = (typeof verificationResults)[number];

/** What the rules read of a finding. */
export interface PatrolFindingFacts {
  status: WorkItemStatus;
  resolvedAt: Date | null;
  /** The last verification's result and time (null: never verified). */
  verification: VerificationResult | null;
  verifiedAt: Date | null;
  /** "After" photos added since the last resolution. */
  afterPhotosSinceResolved: number;
}

/** The result of a verification made since the finding was last resolved, or null. */
export function currentVerification(f: PatrolFindingFacts): VerificationResult | null {
  if (!f.verification || !f.verifiedAt || !f.resolvedAt) return null;
  return f.verifiedAt.getTime() >= f.resolvedAt.getTime() ? f.verification : null;
}

export interface VerificationRequest {
  result: VerificationResult;
  /** "After" photos this verification brings. */
  afterPhotos: number;
  note: string | null | undefined;
}

/** Why this verification may not be recorded now, or null. Enterprise admins never verify. */
export function verificationRefusal(status: WorkItemStatus, role: TenantRole, req: VerificationRequest): AppError | null {
  if (role === 'enterprise_admin') return forbidden('errors.roleNotAllowed');
  if (status !== 'resolved') return conflict('errors.patrol.verifyNotNow');
  if (req.result === 'passed' && req.afterPhotos < 1) return badRequest('errors.patrol.afterPhotoRequired');
  if (req.result === 'failed' && !req.note?.trim()) return badRequest('errors.patrol.failureNoteRequired');
  return null;
}

/** The lifecycle step a verification takes. */
export function verificationStep(result: VerificationResult): 'visit' | 'redo' {
  return result === 'passed' ? 'visit' : 'redo';
}

/**
 * The lifecycle's steps on a patrol item, beyond the common table: visit and close only after a
 * passed verification with an "after" photo, redo only by a failed one, withdraw by managers.
 */
export function patrolStepRefusal(action: WorkItemAction, f: PatrolFindingFacts, role: TenantRole): AppError | null {
  const current = currentVerification(f);
  switch (action) {
    case 'visit':
    case 'close':
      return current === 'passed' && f.afterPhotosSinceResolved > 0 ? null : conflict('errors.patrol.verificationRequired');
    case 'redo':
      return current === 'failed' ? null : conflict('errors.patrol.verifyOnSite');
    case 'withdraw':
      return role === 'manager' ? null : forbidden('errors.patrol.withdrawManagersOnly');
    default:
      return null;
  }
}

/** The common steps a member may take, less those the patrol rules refuse now. */
export function patrolAllowedSteps<A extends string>(actions: readonly A[], f: PatrolFindingFacts, role: TenantRole): A[] {
  return actions.filter((a) => !isLifecycleAction(a) || patrolStepRefusal(a, f, role) === null);
}

const stepsChecked: readonly string[] = ['visit', 'close', 'redo', 'withdraw'];
const isLifecycleAction = (a: string): a is WorkItemAction => stepsChecked.includes(a);

/** The dispute types a labour finding may become (调解 of wages, a labour contract, social insurance). */
export const labourDisputeTypes = ['wage_arrears', 'labour_contract', 'social_insurance'] as const satisfies readonly DisputeType[];

/** May this finding become a dispute case (劳资风险 → 调解)? */
export interface ConversionFacts {
  status: WorkItemStatus;
  /** Its category is a labour / wage one. */
  labour: boolean;
  disputeItemId: string | null;
  enterpriseId: string | null;
}

/**
 * A labour or wage finding, not yet finished nor converted, about an enterprise (the respondent)
 * becomes a dispute case; staff and managers only.
 */
export function disputeConversionRefusal(f: ConversionFacts, role: TenantRole): AppError | null {
  if (role === 'enterprise_admin') return forbidden('errors.roleNotAllowed');
  if (!f.labour) return conflict('errors.patrol.notLabour');
  if (f.disputeItemId) return conflict('errors.patrol.alreadyConverted');
  if (isFinished(f.status)) return conflict('errors.patrol.convertNotNow');
  return f.enterpriseId ? null : conflict('errors.patrol.needsEnterprise');
}
