import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDeps, error, keyOf, makeMember, makeTenant, openTestDb, signedIn, uid, type Client, type TestTenant } from '@stationdesk/test-utils';
import { withTenant } from '@stationdesk/db';
import { portalView, staffView } from '@stationdesk/core';
import { createSenders, sendNoticeEmails } from '@stationdesk/services';

/**
 * 政策推送 (issue 22): a manager publishes a notice to a tag; the audience is frozen into its
 * recipients; the tagged enterprises' admins get an inbox note, read it in the portal (one receipt
 * per enterprise, the first read counts), and staff see the receipts of their stations' enterprises
 * and who has not read it. Another tenant's tag, a wrong role and an admin outside the audience are
 * refused with nothing written.
 */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let foreign: TestTenant;
let manager: Client;
let staff0: Client; // station 0: enterprises 0 and 1
let admin0: Client; // enterprise 0 (tagged, station 0)
let admin0b: Client; // a second admin of enterprise 0
let admin1: Client; // enterprise 1 (not tagged)
let admin2: Client; // enterprise 2 (tagged, station 1)
let foreignManager: Client;
let admin0Id: string;
let tagId: string;
let foreignTagId: string;

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];
const count = async (text: string, params: unknown[]) => Number((await q<{ n: string }>(text, params))[0]!.n);

async function draft(extra: Record<string, unknown> = {}) {
  return manager.call((api) =>
    api.notice.create({ title: `稳岗补贴申领通知 ${uid()}`, body: '符合条件的企业请于 12 月 31 日前申领。\n详见附件。', effectiveOn: '2026-12-01', audience: 'tag', audienceTagId: tagId, ...extra }),
  );
}

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  foreign = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  staff0 = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
  const a0 = await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 });
  admin0Id = a0.id;
  admin0 = await signedIn(deps, a0.email);
  admin0b = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 })).email);
  admin1 = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 1 })).email);
  admin2 = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 2 })).email);
  foreignManager = await signedIn(deps, (await makeMember(t.owner, foreign, 'manager')).email);
  tagId = await withTenant(t.owner, tenant.tenantId, async (trx) => {
    const tag = await trx.insertInto('tags').values({ tenant_id: tenant.tenantId, name: '重点企业' }).returning('id').executeTakeFirstOrThrow();
    await trx
      .insertInto('enterprise_tags')
      .values([0, 2].map((i) => ({ tenant_id: tenant.tenantId, enterprise_id: tenant.enterpriseIds[i]!, tag_id: tag.id })))
      .execute();
    return tag.id;
  });
  foreignTagId = await withTenant(t.owner, foreign.tenantId, async (trx) => (await trx.insertInto('tags').values({ tenant_id: foreign.tenantId, name: '两新组织' }).returning('id').executeTakeFirstOrThrow()).id);
});

afterAll(() => t.close());

describe('publishing to a tag', () => {
  it('resolves the recipients once, notifies their admins, and receipts follow the reads', async () => {
    const { id, version } = await draft();
    // A draft is the managers' own: staff and admins do not see it.
    expect((await error(staff0.call((api) => api.notice.get({ id })))).code).toBe('NOT_FOUND');
    const published = await manager.call((api) => api.notice.publish({ id, version }));
    expect(published).toMatchObject({ status: 'published', recipients: 2 });
    expect(await count('select count(*) as n from notice_recipients where notice_id = $1', [id])).toBe(2);
    // Inbox: the three admins of the two tagged enterprises, none for enterprise 1.
    expect(await count(`select count(*) as n from notifications where kind = 'notice_published' and items->0->>'id' = $1`, [id])).toBe(3);
    expect(await count(`select count(*) as n from audit_log where action = 'notice.published' and subject_id = $1`, [id])).toBe(1);

    // A tag taken off later does not rewrite who received it.
    await withTenant(t.owner, tenant.tenantId, (trx) => trx.deleteFrom('enterprise_tags').where('enterprise_id', '=', tenant.enterpriseIds[2]!).where('tag_id', '=', tagId).execute());
    const list2 = portalView(await admin2.call((api) => api.notice.list()));
    expect(list2.items.map((n) => n.id)).toContain(id);
    await withTenant(t.owner, tenant.tenantId, (trx) => trx.insertInto('enterprise_tags').values({ tenant_id: tenant.tenantId, enterprise_id: tenant.enterpriseIds[2]!, tag_id: tagId }).execute());

    // The portal: unread, then read.
    const before = portalView(await admin0.call((api) => api.notice.list()));
    expect(before.items.find((n) => n.id === id)?.readAt).toBeNull();
    expect(before.unread).toBeGreaterThanOrEqual(1);
    const read = await admin0.call((api) => api.notice.markRead({ id }));
    expect(read.first).toBe(true);
    const after = portalView(await admin0.call((api) => api.notice.get({ id })));
    expect(after.readAt).toBe(read.readAt);
    expect(after.body).toContain('\n');

    // Staff of station 0 see enterprise 0 only (enterprise 2 is station 1's): 1 of 1 read.
    const receipts = await staff0.call((api) => api.notice.readReceipts({ id }));
    expect(receipts).toMatchObject({ recipients: 1, read: 1, percent: 100 });
    expect(receipts.items.map((r) => r.enterpriseId)).toEqual([tenant.enterpriseIds[0]]);
    // The manager sees both, and the unread list is enterprise 2 — equal to an SQL count.
    const all = await manager.call((api) => api.notice.readReceipts({ id }));
    expect(all.recipients).toBe(2);
    expect(all.read).toBe(await count('select count(*) as n from notice_receipts where notice_id = $1', [id]));
    const unread = await manager.call((api) => api.notice.readReceipts({ id, filter: 'unread' }));
    expect(unread.items.map((r) => r.enterpriseId)).toEqual([tenant.enterpriseIds[2]]);
    const deskList = staffView(await manager.call((api) => api.notice.list({ status: 'published' })));
    expect(deskList.items.find((n) => n.id === id)).toMatchObject({ recipients: 2, read: 1, audienceLabel: '重点企业' });
  });

  it('markRead is idempotent: twice, at once, and by a colleague — one receipt, the first reader', async () => {
    const { id, version } = await draft();
    await manager.call((api) => api.notice.publish({ id, version }));
    const results = await Promise.all([admin0.call((api) => api.notice.markRead({ id })), admin0.call((api) => api.notice.markRead({ id })), admin0b.call((api) => api.notice.markRead({ id }))]);
    expect(results.filter((r) => r.first)).toHaveLength(1);
    expect(await count('select count(*) as n from notice_receipts where notice_id = $1', [id])).toBe(1);
    const again = await admin0.call((api) => api.notice.markRead({ id }));
    expect(again.first).toBe(false);
    expect(new Set([...results, again].map((r) => r.readAt)).size).toBe(1);
  });

  it('publishing twice is refused (the second sees a published notice or a stale version)', async () => {
    const { id, version } = await draft();
    await manager.call((api) => api.notice.publish({ id, version }));
    const e = await error(manager.call((api) => api.notice.publish({ id, version })));
    expect(e.code).toBe('CONFLICT');
    const e2 = await error(manager.call((api) => api.notice.publish({ id, version: version + 1 })));
    expect(keyOf(e2)).toBe('errors.notice.notDraft');
    expect(await count(`select count(*) as n from notifications where kind = 'notice_published' and items->0->>'id' = $1`, [id])).toBe(3);
  });
});

describe('refusals', () => {
  it('an admin of an enterprise outside the audience gets NOT_FOUND, reading or marking', async () => {
    const { id, version } = await draft();
    await manager.call((api) => api.notice.publish({ id, version }));
    expect((await error(admin1.call((api) => api.notice.get({ id })))).code).toBe('NOT_FOUND');
    expect((await error(admin1.call((api) => api.notice.markRead({ id })))).code).toBe('NOT_FOUND');
    expect(portalView(await admin1.call((api) => api.notice.list())).items.map((n) => n.id)).not.toContain(id);
    expect(await count('select count(*) as n from notice_receipts where notice_id = $1', [id])).toBe(0);
  });

  it("another tenant's tag or station as the audience: a clear error, nothing written", async () => {
    const before = await count('select count(*) as n from notices where tenant_id = $1', [tenant.tenantId]);
    const e = await error(draft({ audienceTagId: foreignTagId }));
    expect(keyOf(e)).toBe('errors.notice.tagNotFound');
    const e2 = await error(draft({ audience: 'station', audienceTagId: null, audienceStationId: foreign.stations[0]!.id }));
    expect(keyOf(e2)).toBe('errors.notice.stationNotFound');
    // And the foreign manager cannot publish to this tenant's tag either.
    const e3 = await error(foreignManager.call((api) => api.notice.create({ title: '消防检查', body: '', audience: 'tag', audienceTagId: tagId })));
    expect(keyOf(e3)).toBe('errors.notice.tagNotFound');
    expect(await count('select count(*) as n from notices where tenant_id = $1', [tenant.tenantId])).toBe(before);
  });

  it('bad input: an empty title, a tag audience without its tag, a huge body, an audience with no enterprise', async () => {
    expect((await error(draft({ title: '' }))).code).toBe('BAD_REQUEST');
    expect(keyOf(await error(draft({ audienceTagId: null })))).toBe('errors.notice.audienceTagRequired');
    expect((await error(draft({ body: '字'.repeat(20001) }))).code).toBe('BAD_REQUEST');
    const { id, version } = await draft({ audience: 'industry', audienceTagId: null, audienceIndustry: '没有这个行业' });
    expect(keyOf(await error(manager.call((api) => api.notice.publish({ id, version }))))).toBe('errors.notice.noRecipients');
    expect(await count('select count(*) as n from notice_recipients where notice_id = $1', [id])).toBe(0);
    expect(staffView(await manager.call((api) => api.notice.get({ id }))).status).toBe('draft');
  });

  it('wrong role: staff and admins cannot create or publish; staff and managers cannot mark read; admins cannot read receipts', async () => {
    const { id, version } = await draft();
    expect((await error(staff0.call((api) => api.notice.create({ title: '通知', body: '', audience: 'all' })))).code).toBe('FORBIDDEN');
    expect((await error(admin0.call((api) => api.notice.create({ title: '通知', body: '', audience: 'all' })))).code).toBe('FORBIDDEN');
    expect((await error(staff0.call((api) => api.notice.publish({ id, version })))).code).toBe('FORBIDDEN');
    expect((await error(manager.call((api) => api.notice.markRead({ id })))).code).toBe('FORBIDDEN');
    expect((await error(admin0.call((api) => api.notice.readReceipts({ id })))).code).toBe('FORBIDDEN');
    expect(staffView(await manager.call((api) => api.notice.get({ id }))).status).toBe('draft');
  });
});

describe('archive and export', () => {
  it('an archived notice leaves the portal; the unread list exports to .xlsx', async () => {
    const { id, version } = await draft();
    const p = await manager.call((api) => api.notice.publish({ id, version }));
    const exported = await staff0.call((api) => api.notice.exportReceipts({ id }));
    expect(exported.rows).toBe(1);
    expect(exported.fileName).toMatch(/\.xlsx$/);
    await manager.call((api) => api.notice.archive({ id, version: p.version }));
    expect((await error(admin0.call((api) => api.notice.get({ id })))).code).toBe('NOT_FOUND');
    expect(admin0Id).toBeTruthy();
  });
});

describe('e-mail', () => {
  it("the worker's run e-mails each recipient's active admins once (no SMTP: the tenant's outbox); a second run sends nothing", async () => {
    const { id, version } = await draft();
    await manager.call((api) => api.notice.publish({ id, version }));
    const senders = createSenders({ smtp: null });
    const first = await sendNoticeEmails({ db: t.db, senders }, { tenantId: tenant.tenantId, noticeId: id });
    expect(first).toEqual({ enterprises: 2, emails: 3 });
    const title = (await q<{ title: string }>('select title from notices where id = $1', [id]))[0]!.title;
    expect(await count('select count(*) as n from email_outbox where tenant_id = $1 and subject like $2', [tenant.tenantId, `%${title}%`])).toBe(3);
    expect(await count('select count(*) as n from notice_recipients where notice_id = $1 and emailed_at is null', [id])).toBe(0);
    const again = await sendNoticeEmails({ db: t.db, senders }, { tenantId: tenant.tenantId, noticeId: id });
    expect(again).toEqual({ enterprises: 0, emails: 0 });
    expect(await count('select count(*) as n from email_outbox where tenant_id = $1 and subject like $2', [tenant.tenantId, `%${title}%`])).toBe(3);
  });
});
