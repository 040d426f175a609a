/**
 * People of a tenant and their invitations (issue 21). Pure: the states of an invitation, why a
 * link is refused, and the changes a manager may not make to the people of a tenant.
 */
import type { TenantRole } from '../access/roles.ts';
import { AppError } from '../errors/app-error.ts';

/** How long an invitation link works. */
export const invitationTtlMs = 7 * 24 * 60 * 60 * 1000;

export const invitationStates = ['awaiting_approval', 'open', 'accepted', 'revoked', 'expired'] as const;
export type InvitationState = (typeof invitationStates)[number];

export interface InvitationFacts {
  acceptedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date;
  requestedBy: string | null;
  approvedBy: string | null;
}

export function invitationState(inv: InvitationFacts, now: Date): InvitationState {
  if (inv.acceptedAt) return 'accepted';
  if (inv.revokedAt) return 'revoked';
  if (inv.requestedBy && !inv.approvedBy) return 'awaiting_approval';
  if (inv.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'open';
}

/** Why a link in this state cannot be accepted (null: it can). A suspended tenant refuses every link. */
export function invitationRefusal(state: InvitationState, tenantSuspended: boolean): AppError | null {
  if (tenantSuspended) return new AppError('FORBIDDEN', 'errors.invitation.tenantSuspended');
  switch (state) {
    case 'open':
      return null;
    case 'accepted':
      return new AppError('CONFLICT', 'errors.invitation.used');
    case 'revoked':
      return new AppError('FORBIDDEN', 'errors.invitation.revoked');
    case 'expired':
      return new AppError('FORBIDDEN', 'errors.invitation.expired');
    case 'awaiting_approval':
      return new AppError('FORBIDDEN', 'errors.invitation.awaitingApproval');
  }
}

/** What a role needs: staff at least one station, an enterprise admin their enterprise. */
export function memberShapeProblem(role: TenantRole, stationIds: readonly string[], enterpriseId: string | null): AppError | null {
  if (role === 'staff' && stationIds.length === 0) return new AppError('BAD_REQUEST', 'errors.member.stationRequired');
  if (role === 'enterprise_admin' && !enterpriseId) return new AppError('BAD_REQUEST', 'errors.member.enterpriseRequired');
  return null;
}

/**
 * A change that would leave the tenant without an active manager is refused: demoting or
 * deactivating the last one. `activeManagers` counts the active managers before the change.
 */
export function lastManagerRefusal(current: TenantRole, next: TenantRole | 'deactivated', activeManagers: number): AppError | null {
  if (current === 'manager' && next !== 'manager' && activeManagers <= 1) return new AppError('CONFLICT', 'errors.member.lastManager');
  return null;
}
