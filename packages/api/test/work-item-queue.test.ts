import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDeps, makeMember, makeTenant, openTestDb, processReads, signedIn, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * 待办队列: only what still needs the station's action (received … in_progress, returned — not
 * waiting on others, not resolved, visited or closed), most urgent first: the most overdue at the
 * top, then by due time; the same order page after page, with or without the read cache.
 */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let reads: Awaited<ReturnType<typeof processReads>>;
let staff: Client;
let manager: Client;
let cachedStaff: Client;

const HOUR = 3_600_000;
/** Title → [status, due time relative to now]. Finished and waiting items are due earliest of all. */
const fixtures: [string, string, number][] = [
  ['已办结的调解', 'resolved', -40 * 24 * HOUR],
  ['已回访', 'visited', -30 * 24 * HOUR],
  ['已归档', 'closed', -20 * 24 * HOUR],
  ['等企业补充', 'waiting', -10 * 24 * HOUR],
  ['超时三天', 'in_progress', -72 * HOUR],
  ['退回待派', 'returned', -5 * HOUR],
  ['超时一小时', 'accepted', -1 * HOUR],
  ['两小时后到期', 'assigned', 2 * HOUR],
  ['明天到期', 'received', 24 * HOUR],
];
const expected = ['超时三天', '退回待派', '超时一小时', '两小时后到期', '明天到期'];

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  reads = await processReads(t.owner);
  const s = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
  staff = await signedIn(apiDeps(t.db), s.email);
  cachedStaff = await signedIn(apiDeps(t.db, { reads: reads.reads }), s.email);
  manager = await signedIn(apiDeps(t.db), (await makeMember(t.owner, tenant, 'manager')).email);
  const now = Date.now();
  for (const [title, status, due] of fixtures) {
    const { id } = await staff.call((api) => api.workItem.create({ kind: 'dispute', title, channel: 'phone', stationId: tenant.stations[0]!.id }));
    // The status and due time the scenario needs, set directly (the lifecycle has its own tests).
    await t.owner.pool.query(`update work_items set status = $2, resolution_due_at = $3 where id = $1`, [id, status, new Date(now + due)]);
  }
});
afterAll(async () => {
  await reads.close();
  await t.close();
});

/** The whole queue, two items a page. */
async function walk(c: Client, input: { kind?: 'dispute'; assigneeId?: 'none' } = {}) {
  const titles: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await c.call((api) => api.workItem.list({ view: 'queue', limit: 2, ...input, ...(cursor ? { cursor } : {}) }));
    titles.push(...page.items.map((i) => i.title));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return titles;
}

describe('the to-do queue', () => {
  it('holds only items the station owes work on, most overdue first, then by due time, across pages', async () => {
    expect(await walk(staff)).toEqual(expected);
    expect(await walk(manager)).toEqual(expected);
    expect(await walk(staff, { kind: 'dispute', assigneeId: 'none' })).toEqual(expected);
  });

  it('the same from the read cache, page after page', async () => {
    expect(await walk(cachedStaff)).toEqual(expected);
    expect(await walk(cachedStaff)).toEqual(expected);
  });

  it('finished items are never in it, not even asked for by status; the whole list still has them', async () => {
    for (const status of ['resolved', 'visited', 'closed', 'waiting'] as const) {
      expect((await staff.call((api) => api.workItem.list({ view: 'queue', status }))).items).toEqual([]);
    }
    const overdue = await staff.call((api) => api.workItem.list({ view: 'queue', overdue: true }));
    expect(overdue.items.map((i) => i.title)).toEqual(['超时三天', '退回待派', '超时一小时']);
    const all = await staff.call((api) => api.workItem.list({ view: 'all', limit: 50 }));
    expect(all.items.map((i) => i.title).sort()).toEqual(fixtures.map(([title]) => title).sort());
  });
});
