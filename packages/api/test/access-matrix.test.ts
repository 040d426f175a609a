import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { appRouter } from '@stationdesk/api';
import { apiDeps, client, makeMember, makeTenant, makeUser, openTestDb, signedIn, type Client } from '@stationdesk/test-utils';

/**
 * Who may call what: every procedure of the router, called as each kind of caller with minimal
 * input, is refused (FORBIDDEN or UNAUTHORIZED) exactly where the table below says. A caller that
 * is let through may still fail on the minimal input (BAD_REQUEST, NOT_FOUND, CONFLICT …): that
 * proves it passed the role checks that come before the input. A procedure missing from the table
 * fails the test, so a new one cannot ship without saying who may call it.
 *
 * Callers: anonymous (no session), an enterprise admin, a staff member and a manager of tenant A,
 * a platform operator (no membership), and a manager of tenant B (`other`). The role checks are
 * the same for B's manager as for A's — B's manager acts in B; that A's rows are out of B's reach is
 * the isolation test's and each domain's test's to prove (ids of A are unknown to this one).
 *
 * Where a use case checks the role itself after reading its input (rather than the router's
 * procedure), the minimal input is refused first: the table then names the roles that reach the
 * input check. `ACCESS_MATRIX_PRINT=1` prints what each caller got, to fill in a new row.
 */

type Who = 'anonymous' | 'admin' | 'staff' | 'manager' | 'platform' | 'other';
const everyone: Who[] = ['anonymous', 'admin', 'staff', 'manager', 'platform', 'other'];

const ANYONE = everyone;
const SIGNED_IN: Who[] = ['admin', 'staff', 'manager', 'platform', 'other'];
const MEMBERS: Who[] = ['admin', 'staff', 'manager', 'other'];
const STAFF: Who[] = ['staff', 'manager', 'other'];
const MANAGER: Who[] = ['manager', 'other'];
const ADMIN: Who[] = ['admin'];
const PLATFORM: Who[] = ['platform'];

/** Procedure → the callers let through. */
const matrix: Record<string, Who[]> = {
  'auth.signIn': ANYONE,
  'auth.me': SIGNED_IN,
  'auth.switchTenant': SIGNED_IN,
  'auth.setLocale': SIGNED_IN,
  'auth.changePassword': SIGNED_IN,
  'auth.confirmContacts': ADMIN,
  'auth.requestPasswordReset': ANYONE,
  'auth.resetPassword': ANYONE,
  'station.list': MEMBERS,
  'station.get': MANAGER,
  'station.create': MANAGER,
  'station.update': MANAGER,
  'station.deactivate': MANAGER,
  'station.reactivate': MANAGER,
  'building.list': MEMBERS,
  'building.get': MANAGER,
  'building.create': MANAGER,
  'building.update': MANAGER,
  'building.movePreview': MANAGER,
  'building.move': MANAGER,
  'platform.tenants': PLATFORM,
  'enterprise.list': MEMBERS,
  'enterprise.search': STAFF,
  'enterprise.get': MEMBERS,
  'enterprise.create': STAFF,
  'enterprise.update': STAFF,
  'enterprise.setTags': STAFF,
  'enterprise.timeline': MEMBERS,
  'enterprise.proposeChange': ADMIN,
  'enterprise.reviewChange': STAFF,
  'enterprise.changes': MEMBERS,
  'enterprise.contact.save': STAFF,
  'enterprise.contact.remove': STAFF,
  'enterprise.document.save': STAFF,
  'enterprise.document.remove': STAFF,
  'enterprise.import.preview': STAFF,
  'enterprise.import.commit': STAFF,
  'enterprise.import.status': STAFF,
  'enterprise.export': STAFF,
  'tag.list': MEMBERS,
  'tag.save': MANAGER,
  'tag.delete': MANAGER,
  'workItem.create': MEMBERS,
  'workItem.get': MEMBERS,
  'workItem.list': MEMBERS,
  'workItem.transition': MEMBERS,
  'workItem.assign': STAFF,
  'workItem.assignees': STAFF,
  'workItem.reply': MEMBERS,
  'workItem.recordContact': STAFF,
  'workItem.rate': ADMIN,
  'workItem.recordVisit': STAFF,
  'workItem.chase': MANAGER,
  'workItem.requestExtension': STAFF,
  'workItem.decideExtension': MANAGER,
  'workItem.convertToAgency': STAFF,
  'workItem.cannedReply.list': STAFF,
  'workItem.cannedReply.save': MANAGER,
  'workItem.cannedReply.delete': MANAGER,
  'agencyType.list': STAFF,
  'agencyType.portalList': ADMIN,
  'agencyType.create': MANAGER,
  'agencyType.update': MANAGER,
  'agencyCase.create': MEMBERS,
  'agencyCase.get': MEMBERS,
  'agencyCase.queue': MEMBERS,
  'agencyCase.handover': STAFF,
  'agencyCase.uploadMaterial': MEMBERS,
  'agencyCase.reviewMaterial': STAFF,
  'agencyCase.advance': STAFF,
  'agencyCase.batchSubmit': STAFF,
  'agencyCase.markPickedUp': STAFF,
  'agencyCase.portalList': ADMIN,
  'agencyCase.createDraft': ADMIN,
  'agencyCase.getDraft': ADMIN,
  'agencyCase.saveDraft': ADMIN,
  'agencyCase.uploadDraftMaterial': ADMIN,
  'agencyCase.removeDraftMaterial': ADMIN,
  'agencyCase.submit': ADMIN,
  'portal.home': ADMIN,
  'dispute.create': STAFF,
  'dispute.get': STAFF,
  'dispute.list': STAFF,
  'dispute.portalGet': ADMIN,
  'dispute.portalList': ADMIN,
  'dispute.updateFacts': STAFF,
  'dispute.addSession': STAFF,
  'dispute.addEvidence': STAFF,
  'dispute.recordOutcome': STAFF,
  'dispute.attachSignedAgreement': STAFF,
  'dispute.recordVisit': STAFF,
  'dispute.revealParty': MEMBERS,
  'dispute.counts': STAFF,
  'dispute.exportCounts': STAFF,
  'dispute.agreementDocument': STAFF,
  'dispute.enterpriseRisk': STAFF,
  'dispute.settings': STAFF,
  'dispute.updateSettings': MANAGER,
  'warning.list': STAFF,
  'warning.openCount': STAFF,
  'warning.acknowledge': MANAGER,
  'calendar.get': STAFF,
  'calendar.update': MANAGER,
  'calendar.setDays': MANAGER,
  'calendar.importYear': MANAGER,
  'calendar.importOfficial': MANAGER,
  'slaPolicy.list': STAFF,
  'slaPolicy.update': MANAGER,
  'duty.list': STAFF,
  'duty.update': STAFF,
  'notification.list': MEMBERS,
  'notification.unreadCount': MEMBERS,
  'notification.markRead': MEMBERS,
  'webhook.list': MANAGER,
  'webhook.save': MANAGER,
  'webhook.delete': MANAGER,
  'webhook.test': MANAGER,
  'delivery.list': MANAGER,
  'delivery.attention': MANAGER,
  'delivery.retry': MANAGER,
  'outbox.list': MANAGER,
  'ops.queues': PLATFORM,
  'kpi.summary': STAFF,
  'kpi.trend': STAFF,
  'kpi.byStation': STAFF,
  'kpi.byStaff': MANAGER,
  'kpi.durations': STAFF,
  'kpi.drill': STAFF,
  'kpi.export': STAFF,
  'patrolPlan.list': MANAGER,
  'patrolPlan.options': MANAGER,
  'patrolPlan.create': MANAGER,
  'patrolPlan.update': MANAGER,
  'patrolRound.today': STAFF,
  'patrolRound.get': STAFF,
  'patrolRound.start': STAFF,
  'patrolRound.check': STAFF,
  'patrolRound.finish': STAFF,
  'patrolRound.list': MANAGER,
  'kpiTarget.get': STAFF,
  'kpiTarget.update': MANAGER,
  'wallDisplay.list': MANAGER,
  'wallDisplay.create': MANAGER,
  'wallDisplay.revoke': MANAGER,
  'wallDisplay.view': ANYONE,
  'visit.queue': STAFF,
  'visit.rectifications': STAFF,
  'visit.markRectified': STAFF,
  'visit.exportSatisfaction': STAFF,
  'report.year': STAFF,
  'report.exportYear': STAFF,
  'patrolFinding.create': STAFF,
  'patrolFinding.get': STAFF,
  'patrolFinding.list': STAFF,
  'patrolFinding.verify': STAFF,
  'patrolFinding.convertToDispute': STAFF,
  'patrolFinding.suggestEnterprises': STAFF,
  'patrolFinding.places': STAFF,
  'patrolCategory.list': STAFF,
  'patrolCategory.update': MANAGER,
  'patrolCategory.create': MANAGER,
  'partyOrg.list': STAFF,
  'partyOrg.get': STAFF,
  'partyOrg.options': STAFF,
  'partyOrg.create': STAFF,
  'partyOrg.update': STAFF,
  'partyOrg.revealContact': MEMBERS,
  'partyOrg.export': STAFF,
  'servicePost.list': MEMBERS,
  'servicePost.create': STAFF,
  'servicePost.update': STAFF,
  'servicePost.issueCheckInCode': STAFF,
  'servicePost.services': MEMBERS,
  'servicePost.updateService': MANAGER,
  'servicePost.createService': MANAGER,
  'dutyShift.list': MEMBERS,
  'dutyShift.get': MEMBERS,
  'dutyShift.create': STAFF,
  'dutyShift.update': STAFF,
  'dutyShift.signUp': MEMBERS,
  'dutyShift.cancel': MEMBERS,
  'dutyShift.checkIn': STAFF,
  'dutyShift.checkOut': STAFF,
  'dutyShift.recordServed': STAFF,
  'dutyShift.scan': MEMBERS,
  'dutyShift.checkInByCode': MEMBERS,
  'dutyShift.checkOutByCode': MEMBERS,
  'patrolRule.list': MANAGER,
  'patrolRule.update': MANAGER,
  'intakeToken.list': MANAGER,
  'intakeToken.create': MANAGER,
  'intakeToken.revoke': MANAGER,
  'activity.list': MEMBERS,
  'activity.get': MEMBERS,
  'activity.create': STAFF,
  'activity.update': STAFF,
  'activity.publish': STAFF,
  'activity.cancel': STAFF,
  'activity.participants': MEMBERS,
  'activity.signUp': MEMBERS,
  'activity.cancelSignUp': MEMBERS,
  'activity.revealPhone': STAFF,
  'activity.checkIn': STAFF,
  'activity.checkInCode': STAFF,
  'activity.scan': MEMBERS,
  'activity.checkInByCode': MEMBERS,
  'activity.feedback': MEMBERS,
  'member.list': MANAGER,
  'member.invite': MANAGER,
  'member.inviteColleague': ADMIN,
  'member.resendInvite': MANAGER,
  'member.approveInvite': MANAGER,
  'member.revokeInvite': MANAGER,
  'member.update': MANAGER,
  'member.deactivate': MANAGER,
  'invitation.get': ANYONE,
  'invitation.accept': ANYONE,
  'party.stats': STAFF,
  'party.exportStats': STAFF,
  'patrol.stats': STAFF,
  'patrol.exportStats': STAFF,
  'tenant.create': PLATFORM,
  'tenant.suspend': PLATFORM,
  'tenant.resume': PLATFORM,
  'tenant.usage': PLATFORM,
  'supportAccess.grant': MANAGER,
  'supportAccess.revoke': MANAGER,
  'supportAccess.list': MANAGER,
  'supportAccess.available': PLATFORM,
  'supportAccess.enter': PLATFORM,
  'supportAccess.leave': PLATFORM,
  'audit.list': MANAGER,
  'audit.people': MANAGER,
  'audit.export': MANAGER,
  'tenantExport.request': MANAGER,
  'tenantExport.list': MANAGER,
  'tenantExport.link': MANAGER,
  'knowledge.list': MEMBERS,
  'knowledge.search': MEMBERS,
  'knowledge.get': MEMBERS,
  'knowledge.suggest': MEMBERS,
  'knowledge.create': STAFF,
  'knowledge.update': STAFF,
  'knowledge.publish': STAFF,
  'knowledge.revisions': STAFF,
  'knowledge.draftFromItem': STAFF,
  'knowledge.deflect': ADMIN,
  'knowledge.deflectionRate': STAFF,
  'notice.list': MEMBERS,
  'notice.get': MEMBERS,
  'notice.create': MANAGER,
  'notice.update': MANAGER,
  'notice.publish': MANAGER,
  'notice.archive': MANAGER,
  'notice.readReceipts': STAFF,
  'notice.exportReceipts': STAFF,
  'notice.markRead': ADMIN,
  'auth.signOut': SIGNED_IN,
};

type Proc = { _def: { type: 'query' | 'mutation' | 'subscription' } };
const procedures = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, Proc> } })._def.procedures)
  .map(([path, p]) => ({ path, type: p._def.type }))
  // Signing out ends the caller's session: last, so every other call still has it.
  .sort((x, y) => Number(x.path === 'auth.signOut') - Number(y.path === 'auth.signOut'));

let t: ReturnType<typeof openTestDb>;
const callers = {} as Record<Who, Client>;

beforeAll(async () => {
  t = openTestDb();
  const a = await makeTenant(t.owner);
  const b = await makeTenant(t.owner, { stations: 1 });
  const deps = apiDeps(t.db, { queue: null });
  callers.anonymous = client(deps);
  callers.admin = await signedIn(deps, (await makeMember(t.owner, a, 'enterprise_admin')).email);
  callers.staff = await signedIn(deps, (await makeMember(t.owner, a, 'staff')).email);
  callers.manager = await signedIn(deps, (await makeMember(t.owner, a, 'manager')).email);
  callers.platform = await signedIn(deps, (await makeUser(t.owner, { platformAdmin: true })).email);
  callers.other = await signedIn(deps, (await makeMember(t.owner, b, 'manager')).email);
}, 120_000);
afterAll(() => t.close());

/** 'refused' (FORBIDDEN / UNAUTHORIZED) or what else the call answered. */
async function outcome(who: Who, path: string): Promise<string> {
  try {
    await callers[who].call((api) => path.split('.').reduce<any>((node, key) => node[key], api)(undefined));
    return 'ok';
  } catch (e) {
    if (!(e instanceof TRPCError)) return `threw ${(e as Error).message}`;
    return e.code === 'FORBIDDEN' || e.code === 'UNAUTHORIZED' ? 'refused' : e.code;
  }
}

describe('access matrix', () => {
  it('names every procedure of the router', () => {
    const missing = procedures.map((p) => p.path).filter((p) => !(p in matrix));
    const stale = Object.keys(matrix).filter((p) => !procedures.some((x) => x.path === p));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('refuses exactly the callers the table does not name', async () => {
    const observed: Record<string, Who[]> = {};
    const wrong: string[] = [];
    for (const { path } of procedures) {
      const passed: Who[] = [];
      for (const who of everyone) {
        const o = await outcome(who, path);
        if (o.startsWith('threw') || o === 'INTERNAL_SERVER_ERROR') wrong.push(`${path} as ${who}: ${o}`);
        if (o !== 'refused') passed.push(who);
      }
      observed[path] = passed;
      const expected = matrix[path];
      if (expected && [...expected].sort().join() !== [...passed].sort().join()) wrong.push(`${path}: expected ${expected.join('/')} got ${passed.join('/') || 'nobody'}`);
    }
    if (process.env.ACCESS_MATRIX_PRINT) {
      const name = (w: Who[]) =>
        ({ [ANYONE.join()]: 'ANYONE', [SIGNED_IN.join()]: 'SIGNED_IN', [MEMBERS.join()]: 'MEMBERS', [STAFF.join()]: 'STAFF', [MANAGER.join()]: 'MANAGER', [ADMIN.join()]: 'ADMIN', [PLATFORM.join()]: 'PLATFORM' })[w.join()] ??
        JSON.stringify(w);
      console.log(Object.entries(observed).map(([p, w]) => `  '${p}': ${name(w)},`).join('\n'));
    }
    expect(wrong).toEqual([]);
  }, 600_000);
});
