import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalView, staffView } from '@stationdesk/core';
import { apiDeps, error, makeMember, makeTenant, openTestDb, processReads, signedIn, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * What an enterprise admin receives is the portal's view of each kind, an allow-list: exactly these
 * keys, whatever the staff shape holds (dispute facts, 催办/督办 marks, assignment, extensions).
 */
const SUMMARY_KEYS = ['id', 'number', 'kind', 'title', 'status', 'channel', 'stationId', 'stationName', 'createdAt', 'resolutionDueAt', 'resolvedAt'];
const DETAIL_KEYS = [
  ...SUMMARY_KEYS,
  'audience',
  'category',
  'requesterName',
  'answer',
  'requesterConfirmed',
  'rating',
  'ratingComment',
  'ratedAt',
  'ratingSource',
  'firstContactDueAt',
  'waitingSince',
  'closedAt',
  // 'converted' when the request became an agency case (转办): the portal links to it.
  'closedReason',
  'linkedItem',
  'allowedActions',
  'version',
  'history',
  'messages',
];
const MESSAGE_KEYS = ['id', 'at', 'body', 'authorName', 'fromEnterprise', 'attachments'];
const EVENT_KEYS = ['id', 'at', 'action', 'from', 'to', 'note', 'actorName', 'data'];
const DISPUTE_KEYS = ['audience', 'id', 'number', 'title', 'status', 'createdAt', 'disputeType', 'outcome', 'outcomeAt', 'agreement', 'referredTo', 'parties'];
const DISPUTE_ROW_KEYS = ['id', 'number', 'title', 'status', 'disputeType', 'outcome', 'createdAt', 'outcomeAt'];

const FACTS = '12 名员工反映公司自 9 月起未发放工资，公司称资金链断裂。';
const keys = (o: object) => Object.keys(o).sort();
const sorted = (k: string[]) => [...k].sort();

let t: ReturnType<typeof openTestDb>;
let reads: Awaited<ReturnType<typeof processReads>>;
let tenant: TestTenant;
let manager: Client;
let staff: Client;
let admin: Client;
let disputeId: string;
let requestId: string;

beforeAll(async () => {
  t = openTestDb();
  reads = await processReads(t.owner);
  tenant = await makeTenant(t.owner);
  // With the read cache on, as the web server runs: a staff page must never answer the portal.
  const deps = apiDeps(t.db, { reads: reads.reads });
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  staff = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
  admin = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 })).email);
  const e0 = tenant.enterpriseIds[0]!;
  disputeId = (
    await staff.call((api) =>
      api.dispute.create({
        source: 'party_application',
        disputeType: 'wage_arrears',
        enterpriseId: e0,
        title: '员工反映公司拖欠工资',
        facts: FACTS,
        amountYuan: 190000,
        peopleInvolved: 12,
        parties: [
          { side: 'applicant', kind: 'person', name: '张伟', phone: '13812341234' },
          { side: 'respondent', kind: 'organisation', name: '测试企业有限公司', enterpriseId: e0 },
        ],
        assign: { mode: 'self' },
      }),
    )
  ).id;
  requestId = (await admin.call((api) => api.workItem.create({ kind: 'consultation', channel: 'portal', title: '社保补缴政策咨询', description: '请问如何补缴' }))).id;
  await staff.call((api) => api.workItem.reply({ id: requestId, body: '您好，已收到。', visibility: 'public' }));
  await manager.call((api) => api.workItem.chase({ id: disputeId, level: 'supervised', note: '群体性欠薪，站长督办' }));
  await manager.call((api) => api.workItem.chase({ id: requestId, level: 'chased' }));
});

afterAll(async () => {
  await reads.close();
  await t.close();
});

describe('workItem.get as an enterprise admin', () => {
  it('answers a dispute item with the portal allow-list: no facts, no mark', async () => {
    const item = await admin.call((api) => api.workItem.get({ id: disputeId }));
    expect(keys(item)).toEqual(sorted(DETAIL_KEYS));
    expect(item).not.toHaveProperty('description');
    expect(item).not.toHaveProperty('chaseLevel');
    const text = JSON.stringify(item);
    expect(text).not.toContain('资金链');
    expect(text).not.toContain('supervised');
    expect(text).not.toContain('督办');
  });

  it('answers its own request with its description, the public conversation and history, field by field', async () => {
    const item = portalView(await admin.call((api) => api.workItem.get({ id: requestId })));
    expect(keys(item)).toEqual(sorted([...DETAIL_KEYS, 'description']));
    expect(item).toMatchObject({ description: '请问如何补缴' });
    expect(item.messages.length).toBe(1);
    for (const m of item.messages) expect(keys(m)).toEqual(sorted(MESSAGE_KEYS));
    expect(item.history.length).toBeGreaterThan(0);
    for (const e of item.history) expect(keys(e)).toEqual(sorted(EVENT_KEYS));
    expect(JSON.stringify(item)).not.toContain('chased');
  });

  it('still gives staff the whole item, the mark included', async () => {
    const item = staffView(await staff.call((api) => api.workItem.get({ id: disputeId })));
    expect(item).toMatchObject({ description: FACTS, chaseLevel: 'supervised' });
  });
});

describe('workItem.list as an enterprise admin', () => {
  it('answers the portal page: each item exactly the summary allow-list, no chaseLevel', async () => {
    // A manager reads the same enterprise's items first: the kept staff page must not be served.
    const staffPage = staffView(await manager.call((api) => api.workItem.list({ view: 'all', enterpriseId: tenant.enterpriseIds[0]! })));
    expect(staffPage.items.map((i) => i.chaseLevel).sort()).toEqual(['chased', 'supervised']);
    for (const view of ['all', 'queue'] as const) {
      const page = await admin.call((api) => api.workItem.list({ view }));
      expect(keys(page)).toEqual(['audience', 'items', 'nextCursor']);
      expect(page.items.map((i) => i.id).sort()).toEqual([disputeId, requestId].sort());
      for (const item of page.items) expect(keys(item)).toEqual(sorted(SUMMARY_KEYS));
    }
  });
});

describe('disputes as an enterprise admin that is a party', () => {
  it('dispute.portalGet and portalList answer the portal allow-lists; the case file procedures refuse', async () => {
    const d = await admin.call((api) => api.dispute.portalGet({ id: disputeId }));
    expect(keys(d)).toEqual(sorted(DISPUTE_KEYS));
    for (const p of d.parties) expect(keys(p)).toEqual(['kind', 'name', 'ours', 'side']);
    expect(JSON.stringify(d)).not.toContain('资金链');
    expect(JSON.stringify(d)).not.toContain('138');
    const list = await admin.call((api) => api.dispute.portalList({}));
    expect(keys(list)).toEqual(['audience', 'items', 'nextCursor']);
    expect(list.items.map((i) => i.id)).toEqual([disputeId]);
    for (const row of list.items) expect(keys(row)).toEqual(sorted(DISPUTE_ROW_KEYS));
    expect((await error(admin.call((api) => api.dispute.get({ id: disputeId })))).code).toBe('FORBIDDEN');
    expect((await error(admin.call((api) => api.dispute.list({})))).code).toBe('FORBIDDEN');
  });
});
