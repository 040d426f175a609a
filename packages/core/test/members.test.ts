import { describe, expect, it } from 'vitest';
import { invitationRefusal, invitationState, lastManagerRefusal, memberShapeProblem } from '../src/members/index.ts';

const now = new Date('2026-12-07T10:00:00Z');
const base = { acceptedAt: null, revokedAt: null, expiresAt: new Date('2026-12-08T10:00:00Z'), requestedBy: null, approvedBy: null };

describe('invitations', () => {
  it('tells the states apart, used and revoked before expired', () => {
    expect(invitationState(base, now)).toBe('open');
    expect(invitationState({ ...base, expiresAt: now }, now)).toBe('expired');
    expect(invitationState({ ...base, expiresAt: now, acceptedAt: now }, now)).toBe('accepted');
    expect(invitationState({ ...base, revokedAt: now }, now)).toBe('revoked');
    expect(invitationState({ ...base, requestedBy: 'u' }, now)).toBe('awaiting_approval');
    expect(invitationState({ ...base, requestedBy: 'u', approvedBy: 'm' }, now)).toBe('open');
  });

  it('refuses every state but open, and every link of a suspended tenant', () => {
    expect(invitationRefusal('open', false)).toBeNull();
    expect(invitationRefusal('accepted', false)?.messageKey).toBe('errors.invitation.used');
    expect(invitationRefusal('expired', false)?.messageKey).toBe('errors.invitation.expired');
    expect(invitationRefusal('revoked', false)?.messageKey).toBe('errors.invitation.revoked');
    expect(invitationRefusal('awaiting_approval', false)?.messageKey).toBe('errors.invitation.awaitingApproval');
    expect(invitationRefusal('open', true)?.messageKey).toBe('errors.invitation.tenantSuspended');
  });
});

describe('people', () => {
  it('staff need a station, enterprise admins an enterprise', () => {
    expect(memberShapeProblem('staff', [], null)?.messageKey).toBe('errors.member.stationRequired');
    expect(memberShapeProblem('staff', ['s'], null)).toBeNull();
    expect(memberShapeProblem('enterprise_admin', [], null)?.messageKey).toBe('errors.member.enterpriseRequired');
    expect(memberShapeProblem('manager', [], null)).toBeNull();
  });

  it('the last manager is neither demoted nor deactivated', () => {
    expect(lastManagerRefusal('manager', 'staff', 1)?.messageKey).toBe('errors.member.lastManager');
    expect(lastManagerRefusal('manager', 'deactivated', 1)?.messageKey).toBe('errors.member.lastManager');
    expect(lastManagerRefusal('manager', 'staff', 2)).toBeNull();
    expect(lastManagerRefusal('manager', 'manager', 1)).toBeNull();
    expect(lastManagerRefusal('staff', 'deactivated', 0)).toBeNull();
  });
});
