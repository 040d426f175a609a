import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { withTenant } from '@stationdesk/db';
import { createSmtpMailer } from '@stationdesk/services';
import {
  apiDeps,
  client,
  error,
  keyOf,
  makeMember,
  makeTenant,
  openTestDb,
  PASSWORD,
  processReads,
  signedIn,
  type Client,
  type TestTenant,
} from '@stationdesk/test-utils';
import { startSmtpServer, waitFor, type LocalSmtpServer } from '@stationdesk/test-utils/worker';

/**
 * People and invitations (issue 21) through the tRPC caller against Postgres: invite, accept (new
 * and existing accounts), the refusals (used, expired, revoked, already a member, no station, last
 * manager, wrong tenant, wrong role), the colleague an enterprise admin asks for, and deactivation
 * ending every session of the person in the tenant at once.
 */
let t: ReturnType<typeof openTestDb>;
let reads: Awaited<ReturnType<typeof processReads>>;
let deps: ReturnType<typeof apiDeps>;
let tenant: TestTenant;
let other: TestTenant;
let manager: Client;

const STRONG = 'velvet harbour orange tram';
const tokenOf = (link: string) => link.split('/invite/')[1]!;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await t.owner.pool.query<{ n: number }>(`select count(*)::int as n from (${sql}) x`, params);
  return rows[0]!.n;
}
const audits = (tenantId: string, action: string) => count('select 1 from audit_log where tenant_id = $1 and action = $2', [tenantId, action]);

beforeAll(async () => {
  t = openTestDb();
  reads = await processReads(t.owner);
  // The read cache on, as in the server: deactivation must beat a cached session scope.
  deps = apiDeps(t.db, { reads: reads.reads });
  tenant = await makeTenant(t.owner, { name: '测试街道人员' });
  other = await makeTenant(t.owner);
  const m = await makeMember(t.owner, tenant, 'manager');
  manager = await signedIn(deps, m.email);
});

afterAll(async () => {
  await reads.close();
  await t.close();
});

describe('member.invite and invitation.accept (no SMTP: the link is answered)', () => {
  it('invites staff, shows only tenant, role and e-mail, refuses a weak password with nothing written, then signs the person in', async () => {
    const email = `new-${Date.now()}@example.test`;
    const { invitationId, link } = await manager.call((api) => api.member.invite({ email, role: 'staff', stationIds: [tenant.stations[1]!.id] }));
    expect(link).toMatch(/\/invite\/[a-z2-7]{32}$/);
    const token = tokenOf(link!);
    // Only the hash is stored; the message went to the tenant's outbox.
    const { rows } = await t.owner.pool.query('select token_hash, to_jsonb(i)::text as all from invitations i where id = $1', [invitationId]);
    expect(rows[0].token_hash).toBe(hash(token));
    expect(rows[0].all).not.toContain(token);
    expect(await count('select 1 from email_outbox where tenant_id = $1 and to_address = $2 and body_text like $3', [tenant.tenantId, email, `%${token}%`])).toBe(1);

    const anon = client(deps);
    const preview = await anon.call((api) => api.invitation.get({ token }));
    expect(preview).toEqual({ tenantName: '测试街道人员', tenantNameEn: null, role: 'staff', email, hasAccount: false });

    const weak = await error(anon.call((api) => api.invitation.accept({ token, displayName: '王小明', password: 'password1234' })));
    expect(keyOf(weak)).toBe('errors.password.weak');
    const personal = await error(anon.call((api) => api.invitation.accept({ token, displayName: '王小明', password: `${email.split('@')[0]}!` })));
    expect(keyOf(personal)).toBe('errors.password.personal');
    expect(await count('select 1 from users where email = $1', [email])).toBe(0);

    const accepted = await anon.call((api) => api.invitation.accept({ token, displayName: '王小明', password: STRONG }));
    expect(accepted.activeTenantId).toBe(tenant.tenantId);
    const me = await anon.call((api) => api.auth.me());
    expect(me).toMatchObject({ activeTenantId: tenant.tenantId, role: 'staff', stationIds: [tenant.stations[1]!.id] });
    // And the queue answers.
    await anon.call((api) => api.workItem.list({}));
    expect(await audits(tenant.tenantId, 'member.joined')).toBeGreaterThan(0);
    // Signing in afterwards works with the password set.
    await signedIn(deps, email, STRONG);

    // The same link again: refused, audited, nothing written.
    const memberships = await count('select 1 from memberships where tenant_id = $1', [tenant.tenantId]);
    const refusedBefore = await audits(tenant.tenantId, 'invitation.refused');
    const again = await error(client(deps).call((api) => api.invitation.accept({ token, displayName: '王小明', password: STRONG })));
    expect(keyOf(again)).toBe('errors.invitation.used');
    expect(await count('select 1 from memberships where tenant_id = $1', [tenant.tenantId])).toBe(memberships);
    expect(await audits(tenant.tenantId, 'invitation.refused')).toBe(refusedBefore + 1);
    // Already a member now.
    const dup = await error(manager.call((api) => api.member.invite({ email, role: 'manager' })));
    expect(keyOf(dup)).toBe('errors.member.alreadyMember');
  });

  it('refuses an expired, a revoked and a guessed link with a clear error', async () => {
    const a = await manager.call((api) => api.member.invite({ email: `exp-${Date.now()}@example.test`, role: 'manager' }));
    await withTenant(t.owner, tenant.tenantId, (trx) => trx.updateTable('invitations').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', a.invitationId).execute());
    expect(keyOf(await error(client(deps).call((api) => api.invitation.get({ token: tokenOf(a.link!) }))))).toBe('errors.invitation.expired');
    expect(keyOf(await error(client(deps).call((api) => api.invitation.accept({ token: tokenOf(a.link!), displayName: '过期', password: STRONG }))))).toBe('errors.invitation.expired');

    const b = await manager.call((api) => api.member.invite({ email: `rev-${Date.now()}@example.test`, role: 'manager' }));
    await manager.call((api) => api.member.revokeInvite({ invitationId: b.invitationId }));
    expect(keyOf(await error(client(deps).call((api) => api.invitation.accept({ token: tokenOf(b.link!), displayName: '撤销', password: STRONG }))))).toBe('errors.invitation.revoked');

    const guessed = 'a'.repeat(32);
    expect(keyOf(await error(client(deps).call((api) => api.invitation.get({ token: guessed }))))).toBe('errors.invitation.unknown');
  });

  it('a resent invitation has a new link; the old one stops working', async () => {
    const email = `resend-${Date.now()}@example.test`;
    const first = await manager.call((api) => api.member.invite({ email, role: 'staff', stationIds: [tenant.stations[0]!.id] }));
    const second = await error(manager.call((api) => api.member.invite({ email, role: 'staff', stationIds: [tenant.stations[0]!.id] })));
    expect(keyOf(second)).toBe('errors.member.alreadyInvited');
    const { link } = await manager.call((api) => api.member.resendInvite({ invitationId: first.invitationId }));
    expect(link).not.toBe(first.link);
    expect(keyOf(await error(client(deps).call((api) => api.invitation.get({ token: tokenOf(first.link!) }))))).toBe('errors.invitation.unknown');
    await client(deps).call((api) => api.invitation.get({ token: tokenOf(link!) }));
    const list = await manager.call((api) => api.member.list());
    expect(list.smtp).toBe(false);
    expect(list.invitations.find((i) => i.id === first.invitationId)).toMatchObject({ email, state: 'open', role: 'staff' });
  });

  it('refuses staff without a station, an unknown station, wrong roles and another tenant', async () => {
    expect(keyOf(await error(manager.call((api) => api.member.invite({ email: `x-${Date.now()}@example.test`, role: 'staff', stationIds: [] }))))).toBe('errors.member.stationRequired');
    expect(keyOf(await error(manager.call((api) => api.member.invite({ email: `y-${Date.now()}@example.test`, role: 'staff', stationIds: [other.stations[0]!.id] }))))).toBe('errors.member.unknownStation');
    const staff = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff')).email);
    expect(keyOf(await error(staff.call((api) => api.member.invite({ email: `z-${Date.now()}@example.test`, role: 'manager' }))))).toBe('errors.roleNotAllowed');
    expect(keyOf(await error(staff.call((api) => api.member.list())))).toBe('errors.roleNotAllowed');
    // A manager of another tenant neither sees nor revokes this tenant's invitation.
    const inv = await manager.call((api) => api.member.invite({ email: `w-${Date.now()}@example.test`, role: 'manager' }));
    const otherManager = await signedIn(deps, (await makeMember(t.owner, other, 'manager')).email);
    expect(keyOf(await error(otherManager.call((api) => api.member.revokeInvite({ invitationId: inv.invitationId }))))).toBe('errors.notFound');
    expect((await otherManager.call((api) => api.member.list())).invitations.map((i) => i.id)).not.toContain(inv.invitationId);
  });
});

describe('enterprise admins', () => {
  it('are tied to an enterprise by its credit code (several per enterprise); a colleague they ask for waits for a manager', async () => {
    const { rows } = await t.owner.pool.query<{ credit_code: string; id: string }>('select credit_code, id from enterprises where id = $1', [tenant.enterpriseIds[1]]);
    const creditCode = rows[0]!.credit_code;
    expect(keyOf(await error(manager.call((api) => api.member.invite({ email: `e0-${Date.now()}@example.test`, role: 'enterprise_admin' }))))).toBe('errors.member.enterpriseRequired');
    const first = await manager.call((api) => api.member.invite({ email: `e1-${Date.now()}@example.test`, role: 'enterprise_admin', creditCode }));
    const anon = client(deps);
    await anon.call((api) => api.invitation.accept({ token: tokenOf(first.link!), displayName: '企业甲', password: STRONG }));
    expect(await anon.call((api) => api.auth.me())).toMatchObject({ role: 'enterprise_admin', enterpriseId: tenant.enterpriseIds[1] });

    // The admin asks for a colleague: no link, pending approval.
    const colleagueEmail = `e2-${Date.now()}@example.test`;
    const asked = await anon.call((api) => api.member.inviteColleague({ email: colleagueEmail, displayName: '企业乙' }));
    const pending = (await manager.call((api) => api.member.list())).invitations.find((i) => i.id === asked.invitationId);
    expect(pending).toMatchObject({ state: 'awaiting_approval', enterpriseId: tenant.enterpriseIds[1], requestedByName: '企业甲' });
    // Staff may not invite a colleague; the admin may not approve.
    expect(keyOf(await error(anon.call((api) => api.member.approveInvite({ invitationId: asked.invitationId }))))).toBe('errors.roleNotAllowed');
    const { link } = await manager.call((api) => api.member.approveInvite({ invitationId: asked.invitationId }));
    const colleague = client(deps);
    await colleague.call((api) => api.invitation.accept({ token: tokenOf(link!), password: STRONG }));
    expect(await colleague.call((api) => api.auth.me())).toMatchObject({ role: 'enterprise_admin', enterpriseId: tenant.enterpriseIds[1] });
    expect(await count('select 1 from memberships where tenant_id = $1 and enterprise_id = $2', [tenant.tenantId, tenant.enterpriseIds[1]])).toBe(2);
  });
});

describe('a person of several tenants', () => {
  it('joins with their existing password; a wrong one is refused and audited', async () => {
    const existing = await makeMember(t.owner, other, 'staff');
    const { link } = await manager.call((api) => api.member.invite({ email: existing.email, role: 'staff', stationIds: [tenant.stations[0]!.id] }));
    const token = tokenOf(link!);
    const anon = client(deps);
    expect((await anon.call((api) => api.invitation.get({ token }))).hasAccount).toBe(true);
    const before = await audits(tenant.tenantId, 'invitation.refused');
    expect(keyOf(await error(anon.call((api) => api.invitation.accept({ token, password: 'not-the-password-9' }))))).toBe('errors.invalidCredentials');
    expect(await audits(tenant.tenantId, 'invitation.refused')).toBe(before + 1);
    const joined = await anon.call((api) => api.invitation.accept({ token, password: PASSWORD }));
    expect(joined.memberships.map((m) => m.tenantId).sort()).toEqual([tenant.tenantId, other.tenantId].sort());
    await anon.call((api) => api.auth.switchTenant({ tenantId: other.tenantId }));
    expect((await anon.call((api) => api.auth.me())).activeTenantId).toBe(other.tenantId);
  });
});

describe('member.update and member.deactivate', () => {
  it('refuses demoting or deactivating the last manager and deactivating oneself; audits role and station changes', async () => {
    const t2 = await makeTenant(t.owner);
    const m = await makeMember(t.owner, t2, 'manager');
    const mgr = await signedIn(deps, m.email);
    const mine = (await mgr.call((api) => api.member.list())).members.find((x) => x.userId === m.id)!;
    expect(keyOf(await error(mgr.call((api) => api.member.update({ id: mine.id, role: 'staff', stationIds: [t2.stations[0]!.id] }))))).toBe('errors.member.lastManager');
    expect(keyOf(await error(mgr.call((api) => api.member.deactivate({ id: mine.id }))))).toBe('errors.member.cannotDeactivateSelf');
    const second = await makeMember(t.owner, t2, 'manager');
    const secondRow = (await mgr.call((api) => api.member.list())).members.find((x) => x.userId === second.id)!;
    await mgr.call((api) => api.member.update({ id: secondRow.id, role: 'staff', stationIds: [t2.stations[0]!.id] }));
    expect(await audits(t2.tenantId, 'member.roleChanged')).toBe(1);
    expect(await audits(t2.tenantId, 'member.stationsChanged')).toBe(1);
    // Now the only manager again: the staff member cannot be made to leave the manager alone, but may lose no station.
    expect(keyOf(await error(mgr.call((api) => api.member.update({ id: secondRow.id, role: 'staff', stationIds: [] }))))).toBe('errors.member.stationRequired');
    await mgr.call((api) => api.member.update({ id: secondRow.id, role: 'staff', stationIds: [t2.stations[1]!.id] }));
    expect(await audits(t2.tenantId, 'member.stationsChanged')).toBe(2);
    expect(await audits(t2.tenantId, 'member.roleChanged')).toBe(1);
  });

  it('ends every session of the person in the tenant at once and sends every open item they hold back to dispatch', async () => {
    const s = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
    const staff = await signedIn(deps, s.email);
    const second = await signedIn(deps, s.email);
    // Cached scopes: both sessions answered once already.
    await staff.call((api) => api.auth.me());
    await second.call((api) => api.auth.me());
    const consultation = async (title: string) => {
      const { id } = await manager.call((api) => api.workItem.create({ kind: 'consultation', title, channel: 'walk_in', stationId: tenant.stations[0]!.id }));
      await manager.call((api) => api.workItem.assign({ id, assigneeId: s.id }));
      return id;
    };
    const step = async (id: string, action: 'accept' | 'start' | 'request_info', note?: string) => {
      const { version } = await staff.call((api) => api.workItem.get({ id }));
      await staff.call((api) => api.workItem.transition({ id, action, note, version }));
    };
    // 派单: assigned only.
    const itemId = await consultation('社保转移咨询');
    // 办理中: accepted and started.
    const underWay = await consultation('公积金缴存基数调整');
    await step(underWay, 'accept');
    await step(underWay, 'start');
    // 待补充: waiting on the enterprise for two weeks (any two weeks hold working time, holidays or not).
    const waiting = await consultation('人才引进落户材料');
    await step(waiting, 'accept');
    await step(waiting, 'request_info', '请补充劳动合同复印件');
    await t.owner.pool.query("update work_items set waiting_since = now() - interval '14 days' where id = $1", [waiting]);
    // A dispute the staff member took on themselves (调解: the same engine, the same assignee).
    const { id: dispute } = await staff.call((api) =>
      api.dispute.create({
        source: 'party_application',
        disputeType: 'wage_arrears',
        enterpriseId: tenant.enterpriseIds[0]!,
        title: '拖欠工资纠纷',
        facts: '公司拖欠 2 名员工 1 个月工资，员工多次催讨未果。',
        amountYuan: 12000,
        peopleInvolved: 2,
        parties: [
          { side: 'applicant', kind: 'person', name: '王建国', phone: '13812341234' },
          { side: 'respondent', kind: 'organisation', name: '上海某某科技有限公司', enterpriseId: tenant.enterpriseIds[0]! },
        ],
        assign: { mode: 'self' },
      }),
    );
    const ids = [itemId, underWay, waiting, dispute];
    const clocks = async () => {
      const { rows } = await t.owner.pool.query<{ id: string; status: string; assignee_id: string | null; resolution_due_at: string; waiting_since: string | null; paused_minutes: number }>(
        'select id, status, assignee_id, resolution_due_at, waiting_since, paused_minutes from work_items where id = any($1)',
        [ids],
      );
      return Object.fromEntries(rows.map((r) => [r.id, r]));
    };
    const before = await clocks();
    expect(before[underWay]!.status).toBe('in_progress');
    expect(before[waiting]!.status).toBe('waiting');
    expect(before[dispute]!.assignee_id).toBe(s.id);
    const row = (await manager.call((api) => api.member.list())).members.find((x) => x.userId === s.id)!;
    // The page's confirmation says how many go back.
    expect(row.openItems).toBe(4);

    const done = await manager.call((api) => api.member.deactivate({ id: row.id }));
    expect(done).toEqual({ ok: true, endedSessions: 2, returnedItems: 4 });
    // The old cookie is refused at the very next call (no wait for the change feed).
    expect(keyOf(await error(staff.call((api) => api.workItem.list({}))))).toBe('errors.signInRequired');
    expect(keyOf(await error(second.call((api) => api.auth.me())))).toBe('errors.signInRequired');
    expect(await count('select 1 from sessions where user_id = $1', [s.id])).toBe(0);
    // Signing in again: no longer in this tenant.
    const back = await signedIn(deps, s.email);
    expect((await back.call((api) => api.auth.me())).memberships.map((m) => m.tenantId)).not.toContain(tenant.tenantId);
    expect(keyOf(await error(back.call((api) => api.auth.switchTenant({ tenantId: tenant.tenantId }))))).toBe('errors.notMemberOfTenant');
    // Every one is back for dispatch, nobody's, with the note in its history (internal: a personnel matter).
    const after = await clocks();
    for (const id of ids) {
      expect(after[id]).toMatchObject({ status: 'returned', assignee_id: null });
      expect((await manager.call((api) => api.workItem.get({ id }))).allowedActions).toContain('assign');
    }
    expect(await count("select 1 from work_item_events where item_id = any($1) and action = 'release' and internal and note like '%已被停用%'", [ids])).toBe(4);
    // Not a 退单: the station's return rate does not count it.
    expect(await count("select 1 from work_item_events where item_id = any($1) and action = 'return'", [ids])).toBe(0);
    // The clock runs on: the in-progress item keeps its deadline; the waiting item's pause ended,
    // its two weeks' wait added to the paused time and its deadline pushed back.
    expect(after[underWay]!.resolution_due_at).toEqual(before[underWay]!.resolution_due_at);
    expect(after[waiting]!.waiting_since).toBeNull();
    expect(after[waiting]!.paused_minutes).toBeGreaterThan(before[waiting]!.paused_minutes);
    expect(new Date(after[waiting]!.resolution_due_at).getTime()).toBeGreaterThan(new Date(before[waiting]!.resolution_due_at).getTime());
    const { rows: ev } = await t.owner.pool.query("select data from work_item_events where item_id = $1 and action = 'release'", [waiting]);
    expect(ev[0].data).toMatchObject({ deactivatedUserId: s.id, pausedMinutes: after[waiting]!.paused_minutes - before[waiting]!.paused_minutes });
    // Nothing left in their name.
    expect((await manager.call((api) => api.member.list({ includeInactive: true }))).members.find((x) => x.userId === s.id)).toMatchObject({ openItems: 0 });
    // Listed as deactivated, kept.
    const list = await manager.call((api) => api.member.list({ includeInactive: true }));
    expect(list.members.find((x) => x.userId === s.id)).toMatchObject({ active: false });
    expect(await audits(tenant.tenantId, 'member.deactivated')).toBeGreaterThan(0);
    // Invited again, they come back.
    const { link } = await manager.call((api) => api.member.invite({ email: s.email, role: 'staff', stationIds: [tenant.stations[1]!.id] }));
    await back.call((api) => api.invitation.accept({ token: tokenOf(link!), password: PASSWORD }));
    expect(await back.call((api) => api.auth.me())).toMatchObject({ activeTenantId: tenant.tenantId, role: 'staff', stationIds: [tenant.stations[1]!.id] });
  });

  it('a manager is refused deactivating the last manager of the tenant', async () => {
    const t3 = await makeTenant(t.owner);
    const a = await makeMember(t.owner, t3, 'manager');
    const b = await makeMember(t.owner, t3, 'manager');
    const ma = await signedIn(deps, a.email);
    const rowB = (await ma.call((api) => api.member.list())).members.find((x) => x.userId === b.id)!;
    await ma.call((api) => api.member.deactivate({ id: rowB.id }));
    // b is gone; a is the last manager and cannot be demoted by anyone.
    const rowA = (await ma.call((api) => api.member.list())).members.find((x) => x.userId === a.id)!;
    expect(keyOf(await error(ma.call((api) => api.member.update({ id: rowA.id, role: 'staff', stationIds: [t3.stations[0]!.id] }))))).toBe('errors.member.lastManager');
  });
});

describe('a suspended tenant', () => {
  it('refuses its invitation links (when tenants.status exists)', async () => {
    const { rows } = await t.owner.pool.query("select 1 from information_schema.columns where table_name = 'tenants' and column_name = 'status'");
    if (rows.length === 0) return; // 0037 not there: nothing to suspend.
    const t4 = await makeTenant(t.owner);
    const mgr = await signedIn(deps, (await makeMember(t.owner, t4, 'manager')).email);
    const { link } = await mgr.call((api) => api.member.invite({ email: `s-${Date.now()}@example.test`, role: 'manager' }));
    await t.owner.pool.query("update tenants set status = 'suspended' where id = $1", [t4.tenantId]);
    expect(keyOf(await error(client(deps).call((api) => api.invitation.accept({ token: tokenOf(link!), displayName: '暂停', password: STRONG }))))).toBe('errors.invitation.tenantSuspended');
    expect(await audits(t4.tenantId, 'invitation.refused')).toBe(1);
  });
});

describe('with SMTP', () => {
  let smtp: LocalSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('e-mails the link (none answered, nothing in the outbox) and the link works', async () => {
    const mailer = createSmtpMailer({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'StationDesk <noreply@example.test>' });
    const smtpDeps = apiDeps(t.db, { mailer, publicUrl: 'https://desk.example.test' } as Partial<ReturnType<typeof apiDeps>>);
    const m = await makeMember(t.owner, tenant, 'manager');
    const mgr = await signedIn(smtpDeps, m.email);
    expect((await mgr.call((api) => api.member.list())).smtp).toBe(true);
    const email = `mail-${Date.now()}@example.test`;
    const { link } = await mgr.call((api) => api.member.invite({ email, role: 'staff', stationIds: [tenant.stations[0]!.id] }));
    expect(link).toBeNull();
    const mail = await waitFor(() => smtp.to(email)[0], { timeoutMs: 10_000, what: 'the invitation mail' });
    expect(mail.subject).toContain('测试街道人员');
    const url = /https:\/\/desk\.example\.test\/invite\/([a-z2-7]+)/.exec(mail.text.replace(/=\r?\n/g, ''));
    expect(url).not.toBeNull();
    expect(await count('select 1 from email_outbox where to_address = $1', [email])).toBe(0);
    const anon = client(smtpDeps);
    await anon.call((api) => api.invitation.accept({ token: url![1]!, displayName: '邮件用户', password: STRONG }));
    expect((await anon.call((api) => api.auth.me())).role).toBe('staff');
  });
});
