import { describe, expect, it } from 'vitest';
import { tenantRoles } from '../src/access/roles.ts';
import {
  allowedActions,
  allowedItemActions,
  assertExtraAction,
  extraActionRefusal,
  extraActions,
  itemActions,
  workItemStatuses,
  type ExtraAction,
  type ItemActor,
  type ItemFacts,
} from '../src/work-items/index.ts';

const handler = '00000000-0000-7000-8000-000000000001';
const other = '00000000-0000-7000-8000-000000000002';
const now = new Date('2026-03-09T15:00:00+08:00');
const item: ItemFacts = {
  kind: 'consultation',
  status: 'in_progress',
  assigneeId: handler,
  enterpriseId: '00000000-0000-7000-8000-0000000000e1',
  contacted: true,
  extensionRequested: false,
  resolutionDueAt: new Date('2026-03-10T09:00:00+08:00'),
};
const staff: ItemActor = { role: 'staff', userId: handler };
const manager: ItemActor = { role: 'manager', userId: other };
const admin: ItemActor = { role: 'enterprise_admin', userId: other };

const refusal = (action: ExtraAction, facts: Partial<ItemFacts>, actor = staff, at = now) => {
  const e = extraActionRefusal(action, { ...item, ...facts }, actor, at);
  return e && { code: e.code, messageKey: e.messageKey };
};

describe('convertToAgency (转为代办)', () => {
  it('is offered on a consultation being worked on, with an enterprise', () => {
    expect(refusal('convertToAgency', {})).toBeNull();
    expect(refusal('convertToAgency', { status: 'accepted' })).toBeNull();
  });

  it('is refused for a consultation without an enterprise — the case belongs to one', () => {
    expect(refusal('convertToAgency', { enterpriseId: null })).toEqual({ code: 'CONFLICT', messageKey: 'errors.agency.needsEnterprise' });
    expect(allowedItemActions({ ...item, enterpriseId: null }, staff, now)).not.toContain('convertToAgency');
  });

  it('only for consultations, only while accepted or in progress, never by the enterprise', () => {
    expect(refusal('convertToAgency', { kind: 'dispute' })).toEqual({ code: 'CONFLICT', messageKey: 'errors.workItem.onlyConsultation' });
    for (const status of workItemStatuses.filter((s) => s !== 'accepted' && s !== 'in_progress')) {
      expect(refusal('convertToAgency', { status }), status).toEqual({ code: 'CONFLICT', messageKey: 'errors.workItem.convertNotNow' });
    }
    expect(refusal('convertToAgency', {}, admin)).toEqual({ code: 'FORBIDDEN', messageKey: 'errors.roleNotAllowed' });
  });

  it('closes the consultation (转办), so staff convert only their own; a manager any', () => {
    expect(refusal('convertToAgency', { assigneeId: other })).toEqual({ code: 'FORBIDDEN', messageKey: 'errors.workItem.notAssignee' });
    expect(allowedItemActions({ ...item, assigneeId: other }, staff, now)).not.toContain('convertToAgency');
    expect(refusal('convertToAgency', { assigneeId: handler }, manager)).toBeNull();
  });
});

describe('requestExtension (延期)', () => {
  it('the handler or a manager, before the deadline, while the station owes the answer', () => {
    expect(refusal('requestExtension', {})).toBeNull();
    expect(refusal('requestExtension', {}, manager)).toBeNull();
    expect(refusal('requestExtension', { status: 'waiting' })).toBeNull();
    expect(refusal('requestExtension', { status: 'returned' })).toBeNull();
  });

  it('refuses, in this order: role, assignee, finished, pending, no deadline, deadline reached', () => {
    expect(refusal('requestExtension', {}, admin)).toEqual({ code: 'FORBIDDEN', messageKey: 'errors.roleNotAllowed' });
    expect(refusal('requestExtension', { assigneeId: other, status: 'closed' })).toEqual({ code: 'FORBIDDEN', messageKey: 'errors.workItem.notAssignee' });
    for (const status of ['resolved', 'visited', 'closed'] as const) {
      expect(refusal('requestExtension', { status, extensionRequested: true }), status).toEqual({ code: 'CONFLICT', messageKey: 'errors.workItem.closed' });
    }
    expect(refusal('requestExtension', { extensionRequested: true, resolutionDueAt: null })).toEqual({ code: 'CONFLICT', messageKey: 'errors.workItem.extensionPending' });
    expect(refusal('requestExtension', { resolutionDueAt: null })).toEqual({ code: 'CONFLICT', messageKey: 'errors.workItem.noDeadline' });
    expect(refusal('requestExtension', {}, staff, item.resolutionDueAt!)).toEqual({ code: 'CONFLICT', messageKey: 'errors.workItem.extensionAfterDeadline' });
    expect(refusal('requestExtension', {}, staff, new Date(item.resolutionDueAt!.getTime() - 1))).toBeNull();
  });
});

describe('decideExtension', () => {
  it('only a manager decides, and only on a pending request', () => {
    expect(refusal('decideExtension', { extensionRequested: true }, manager)).toBeNull();
    expect(refusal('decideExtension', {}, manager)).toEqual({ code: 'CONFLICT', messageKey: 'errors.workItem.noPendingExtension' });
    for (const actor of [staff, admin]) {
      const e = extraActionRefusal('decideExtension', { ...item, extensionRequested: true }, actor, now);
      expect({ code: e?.code, messageKey: e?.messageKey, params: e?.params }).toEqual({
        code: 'FORBIDDEN',
        messageKey: 'errors.workItem.roleNotAllowed',
        params: { action: 'decide_extension' },
      });
    }
  });
});

describe('chase (催办 / 督办)', () => {
  it.each(workItemStatuses)('on %s: managers, until archived', (status) => {
    expect(refusal('chase', { status }, manager)).toEqual(status === 'closed' ? { code: 'CONFLICT', messageKey: 'errors.workItem.closed' } : null);
    expect(refusal('chase', { status }, staff)).toEqual({ code: 'FORBIDDEN', messageKey: 'errors.roleNotAllowed' });
  });
});

describe('recordContact (首次联系)', () => {
  it('desk members, items not yet contacted whose answer is still owed', () => {
    expect(refusal('recordContact', { contacted: false })).toBeNull();
    expect(refusal('recordContact', { contacted: false, status: 'waiting' })).toBeNull();
    expect(refusal('recordContact', { contacted: false }, manager)).toBeNull();
    expect(refusal('recordContact', {})).toEqual({ code: 'CONFLICT', messageKey: 'errors.workItem.alreadyContacted' });
    for (const status of ['resolved', 'visited', 'closed'] as const) {
      expect(refusal('recordContact', { contacted: false, status }), status).toEqual({ code: 'CONFLICT', messageKey: 'errors.workItem.closed' });
    }
    expect(refusal('recordContact', { contacted: false }, admin)).toEqual({ code: 'FORBIDDEN', messageKey: 'errors.roleNotAllowed' });
  });
});

describe('allowedItemActions', () => {
  it('is the lifecycle steps, then every extra action nothing refuses, in the order of itemActions', () => {
    const facts = [
      { ...item, contacted: false },
      { ...item, extensionRequested: true, enterpriseId: null },
      { ...item, kind: 'agency' as const, status: 'waiting' as const },
      { ...item, status: 'closed' as const, resolutionDueAt: null },
    ];
    for (const f of facts) {
      for (const role of tenantRoles) {
        for (const userId of [handler, other]) {
          const actor = { role, userId };
          const allowed = allowedItemActions(f, actor, now);
          expect(allowed).toEqual(itemActions.filter((a) => allowed.includes(a)));
          expect(allowed.filter((a) => !(extraActions as readonly string[]).includes(a))).toEqual(allowedActions(f.status, role, f.assigneeId === userId));
          for (const extra of extraActions) {
            expect(allowed.includes(extra), `${extra} ${role}`).toBe(extraActionRefusal(extra, f, actor, now) === null);
          }
        }
      }
    }
  });

  it('spot checks', () => {
    expect(allowedItemActions(item, staff, now)).toEqual(['request_info', 'resolve', 'withdraw', 'requestExtension', 'convertToAgency']);
    expect(allowedItemActions({ ...item, extensionRequested: true, enterpriseId: null }, manager, now)).toEqual([
      'request_info',
      'resolve',
      'withdraw',
      'decideExtension',
      'chase',
    ]);
    expect(allowedItemActions({ ...item, status: 'waiting' }, admin, now)).toEqual(['resume', 'withdraw']);
  });

  it('assertExtraAction throws the refusal', () => {
    expect(() => assertExtraAction('convertToAgency', item, staff, now)).not.toThrow();
    expect(() => assertExtraAction('convertToAgency', { ...item, enterpriseId: null }, staff, now)).toThrow('errors.agency.needsEnterprise');
  });
});
