import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { creditCodeCheckCharacter } from '@stationdesk/core';
import { createDb, type Db } from '@stationdesk/db';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * Issue 21's "what will be checked", as one story in Chromium and Chinese: a new subdistrict starts
 * without a developer. The platform operator creates the tenant and copies the first manager's link
 * (no SMTP in the run); the manager accepts it, creates a station, a building with floors and an
 * enterprise file, and invites a staff member and the enterprise's admin; both accept in their own
 * browsers and work (a consultation from the portal reaches the staff member's queue); the staff
 * member, deactivated, is signed out at their next page; the operator reads the tenant's item only
 * after the manager grants support access, and the manager sees those reads in the grant list and
 * the audit log. Each person has a browser context of their own; the steps share their state.
 */
let browser: Browser;
let close: () => Promise<void>;
let owner: Db;

const run = Math.random().toString(36).slice(2, 7);
const RUN = run.toUpperCase();
const slug = `onboard-${run}`;
const tenantName = `莘庄镇${RUN}`;
const stationName = `莘庄工作站${RUN}`;
const buildingName = `莘庄商务大厦${RUN}`;
const enterpriseName = `上海莘晟${RUN}科技有限公司`;
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const codeBody = `91310112MA1${Array.from({ length: 6 }, () => ALPHABET[Math.floor(Math.random() * ALPHABET.length)]).join('')}`;
const creditCode = codeBody + creditCodeCheckCharacter(codeBody);
const subject = `咨询高新技术企业认定条件 ${RUN}`;

const people = {
  manager: { email: `manager-${run}@example.test`, name: '沈一鸣', password: 'lantern-quarry-violet-harbour-58' },
  staff: { email: `staff-${run}@example.test`, name: '顾晓雯', password: 'copper kettle winter meadow' },
  admin: { email: `admin-${run}@example.test`, name: '陆振华', password: 'saffron-glacier-tundra-pebble' },
};

/** What the steps hand on to the next. */
const state = {
  tenantId: '',
  stationId: '',
  buildingId: '',
  enterpriseId: '',
  itemId: '',
  operator: null as null | { context: BrowserContext; page: Page },
  manager: null as null | { context: BrowserContext; page: Page },
  staff: null as null | { context: BrowserContext; page: Page },
};

beforeAll(async () => {
  ({ browser, close } = await launch());
  owner = createDb(inject('ownerUrl'), { max: 2 });
});
afterAll(async () => {
  if (state.tenantId) await owner.pool.query(`update support_access_grants set revoked_at = now() where tenant_id = $1 and revoked_at is null`, [state.tenantId]);
  await owner.close();
  await close();
});

/** Typing before React hydrates would be lost on the controlled fields: wait for the element's props. */
async function hydrated(page: Page, testId: string) {
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return el !== null && Object.keys(el).some((k) => k.startsWith('__reactProps'));
  }, testId);
}

async function flash(page: Page): Promise<string> {
  await page.getByTestId('flash-message').waitFor();
  return (await page.getByTestId('flash-message').textContent()) ?? '';
}

/** Opens an invitation link in a fresh context and accepts it with a name and a password. */
async function accept(link: string, who: { name: string; password: string }, roleLabel: string) {
  const session = await newPage(browser);
  const { page } = session;
  await page.goto(new URL(link).pathname);
  const intro = (await page.getByTestId('invite-intro').textContent()) ?? '';
  expect(intro).toContain(tenantName);
  expect(intro).toContain(roleLabel);
  await hydrated(page, 'invite-form');
  await page.locator('input[name="displayName"]').fill(who.name);
  await page.locator('input[name="password"]').fill(who.password);
  await page.getByTestId('invite-accept').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/invite/'));
  return session;
}

/** The manager's people page: invites and answers with the link to copy (the run has no SMTP). */
async function invite(page: Page, fill: (form: ReturnType<Page['getByTestId']>) => Promise<void>): Promise<string> {
  await page.goto('/settings/people');
  await hydrated(page, 'invite-form');
  const form = page.getByTestId('invite-form');
  await fill(form);
  await form.getByTestId('invite-submit').click();
  const url = page.getByTestId('invite-link-url');
  await url.waitFor();
  const link = await url.inputValue();
  expect(link).toMatch(/\/invite\/[a-z2-7]{32}$/);
  return link;
}

describe('a new subdistrict starts without a developer', () => {
  it('1. the operator creates the tenant and copies the first manager’s invitation link', async () => {
    state.operator = await newPage(browser);
    const { page } = state.operator;
    await signIn(page, 'operator@stationdesk.test');
    await page.goto('/platform');
    const form = page.getByTestId('create-tenant');
    await form.locator('input[name="name"]').fill(tenantName);
    await form.locator('input[name="nameEn"]').fill(`Xinzhuang ${RUN}`);
    await form.locator('input[name="slug"]').fill(slug);
    expect(await form.locator('input[name="timezone"]').inputValue()).toBe('Asia/Shanghai');
    await form.locator('input[name="managerEmail"]').fill(people.manager.email);
    await form.getByRole('button', { name: '创建并邀请管理员' }).click();
    await page.getByTestId('tenant-created').waitFor();
    const link = await page.getByTestId('invite-link').inputValue();
    expect(link).toMatch(/\/invite\/[a-z2-7]{32}$/);
    expect(await page.locator(`[data-testid="tenant-row"][data-slug="${slug}"]`).getByTestId('tenant-status').textContent()).toBe('正常');

    const { rows: tenants } = await owner.pool.query<{ id: string; name: string; status: string; timezone: string }>(`select id, name, status, timezone from tenants where slug = $1`, [slug]);
    expect(tenants).toEqual([{ id: expect.any(String), name: tenantName, status: 'active', timezone: 'Asia/Shanghai' }]);
    state.tenantId = tenants[0]!.id;
    const { rows: calendars } = await owner.pool.query(`select 1 from work_calendars where tenant_id = $1`, [state.tenantId]);
    expect(calendars).toHaveLength(1);
    // The invitation keeps the token's hash only.
    const token = link.split('/').pop()!;
    const { rows: invitations } = await owner.pool.query<{ role: string; token_hash: string }>(`select role, token_hash from invitations where tenant_id = $1 and email = $2`, [state.tenantId, people.manager.email]);
    expect(invitations).toHaveLength(1);
    expect(invitations[0]!.role).toBe('manager');
    expect(invitations[0]!.token_hash).not.toContain(token);

    state.manager = await accept(link, people.manager, '街道管理员');
    await state.manager.page.waitForURL((u) => u.pathname === '/');
    expect(await state.manager.page.getByTestId('role-badge').textContent()).toBe('街道管理员');
    // Signed in afterwards with the password just set.
    await state.manager.context.clearCookies();
    await signIn(state.manager.page, people.manager.email, people.manager.password);
    expect(await state.manager.page.getByTestId('role-badge').textContent()).toBe('街道管理员');
  });

  it('2. the manager creates a station, a building with floors and an enterprise file', async () => {
    const page = state.manager!.page;
    await page.goto('/stations');
    await page.getByTestId('new-station').click();
    await page.waitForURL('**/stations/new');
    await hydrated(page, 'station-form');
    const station = page.getByTestId('station-form');
    await station.getByLabel('中文名称').fill(stationName);
    await station.getByLabel('英文名称').fill(`Xinzhuang Station ${RUN}`);
    await station.getByLabel('站点编号').fill(`XZ${RUN}`);
    await station.getByLabel('联系电话').fill('021-64123456');
    await station.getByLabel('地址').fill('莘庄镇莘建路 1 号');
    await station.getByRole('button', { name: '保存' }).click();
    expect(await flash(page)).toContain(`已新建工作站“${stationName}”`);
    await page.waitForURL(/\/stations\/[0-9a-f-]{36}$/);
    state.stationId = page.url().split('/').pop()!;

    await page.goto(`/buildings/new?station=${state.stationId}`);
    await hydrated(page, 'building-form');
    const building = page.getByTestId('building-form');
    await building.getByLabel('中文名称').fill(buildingName);
    await building.getByLabel('地址').fill('莘建路 88 号');
    expect(await building.getByLabel('所属工作站').inputValue()).toBe(state.stationId);
    await building.locator('summary').click();
    await page.getByTestId('floors-basements').fill('1');
    await page.getByTestId('floors-above').fill('3');
    await page.getByTestId('floors-generate').click();
    await building.getByRole('button', { name: '保存' }).click();
    expect(await flash(page)).toContain(`已新建楼宇“${buildingName}”`);
    await page.waitForURL(/\/buildings\/[0-9a-f-]{36}$/);
    state.buildingId = page.url().split('/').pop()!;

    const { rows: stations } = await owner.pool.query(`select name, active from stations where tenant_id = $1`, [state.tenantId]);
    expect(stations).toEqual([{ name: stationName, active: true }]);
    const { rows: buildings } = await owner.pool.query(`select name, station_id, floor_labels from buildings where tenant_id = $1`, [state.tenantId]);
    expect(buildings).toEqual([{ name: buildingName, station_id: state.stationId, floor_labels: ['B1', '1F', '2F', '3F'] }]);

    // The enterprise the admin will be invited for: in 一企一档 by its credit code, in the new building.
    await page.goto('/enterprises/new');
    await hydrated(page, 'credit-code');
    await page.getByLabel('企业名称').fill(enterpriseName);
    await page.getByTestId('credit-code').fill(creditCode);
    await page.getByTestId('building-select').selectOption(state.buildingId);
    await page.getByLabel('楼层').fill('2F');
    await page.getByLabel('房间号').fill('201');
    await page.getByRole('button', { name: '建立档案' }).click();
    await page.waitForURL(/\/enterprises\/[0-9a-f-]{36}$/);
    state.enterpriseId = page.url().split('/').pop()!;
    expect(await page.getByTestId('credit-code-value').textContent()).toBe(creditCode);
    const { rows: enterprises } = await owner.pool.query(`select id, building_id from enterprises where tenant_id = $1 and credit_code = $2`, [state.tenantId, creditCode]);
    expect(enterprises).toEqual([{ id: state.enterpriseId, building_id: state.buildingId }]);
  });

  it('3. a staff member and the enterprise admin accept; the portal’s consultation reaches the staff member’s queue', async () => {
    const mgr = state.manager!.page;
    const staffLink = await invite(mgr, async (form) => {
      await form.locator('input[name="email"]').fill(people.staff.email);
      await form.locator('input[name="displayName"]').fill(people.staff.name);
      await form.locator('select[name="role"]').selectOption('staff');
      await form.getByLabel(stationName).check();
    });
    const adminLink = await invite(mgr, async (form) => {
      await form.locator('input[name="email"]').fill(people.admin.email);
      await form.locator('input[name="displayName"]').fill(people.admin.name);
      await form.locator('select[name="role"]').selectOption('enterprise_admin');
      await form.locator('input[name="creditCode"]').fill(creditCode);
    });
    const { rows: invited } = await owner.pool.query(`select email, role, station_ids, enterprise_id from invitations where tenant_id = $1 and role <> 'manager' order by role desc`, [
      state.tenantId,
    ]);
    expect(invited).toEqual([
      { email: people.staff.email, role: 'staff', station_ids: [state.stationId], enterprise_id: null },
      { email: people.admin.email, role: 'enterprise_admin', station_ids: [], enterprise_id: state.enterpriseId },
    ]);

    // The staff member: their own browser, the desk, the queue (empty for now).
    state.staff = await accept(staffLink, people.staff, '工作站人员');
    const staff = state.staff.page;
    await staff.waitForURL((u) => u.pathname === '/');
    expect(await staff.getByTestId('role-badge').textContent()).toBe('工作站人员');
    await staff.getByRole('link', { name: '工单队列', exact: true }).first().click();
    await staff.waitForURL('**/items');

    // The enterprise admin: their own browser, the contacts confirmation first, then the portal.
    const admin = await accept(adminLink, people.admin, '企业管理员');
    await admin.page.waitForURL('**/confirm-contacts');
    // The address changes before the page arrives: wait for the page's own heading, not the shell's.
    await admin.page.getByRole('heading', { level: 1, name: '确认企业联系人' }).waitFor();
    await admin.page.getByTestId('confirm-contacts').click();
    await admin.page.waitForURL((u) => u.pathname === '/portal');
    expect(await flash(admin.page)).toBe('已确认企业联系人，欢迎使用。');
    await admin.page.getByTestId('portal-new').click();
    await admin.page.waitForURL('**/portal/new');
    await hydrated(admin.page, 'portal-form');
    await admin.page.getByLabel('诉求事项').fill(subject);
    await admin.page.getByLabel('具体内容').fill('我司今年研发投入增加，想了解申报高新技术企业需要满足哪些条件、何时受理。');
    await admin.page.getByTestId('portal-submit').click();
    await admin.page.waitForURL(/\/portal\/items\/[0-9a-f-]{36}$/);
    state.itemId = admin.page.url().split('/').pop()!;
    await admin.context.close();

    const { rows: members } = await owner.pool.query(
      `select u.email, m.role, m.enterprise_id, m.contacts_confirmed_at is not null as confirmed,
              coalesce((select array_agg(ms.station_id) from membership_stations ms where ms.membership_id = m.id), '{}') as stations
         from memberships m join users u on u.id = m.user_id where m.tenant_id = $1 order by u.email`,
      [state.tenantId],
    );
    expect(members).toEqual([
      { email: people.admin.email, role: 'enterprise_admin', enterprise_id: state.enterpriseId, confirmed: true, stations: [] },
      { email: people.manager.email, role: 'manager', enterprise_id: null, confirmed: expect.any(Boolean), stations: [] },
      { email: people.staff.email, role: 'staff', enterprise_id: null, confirmed: expect.any(Boolean), stations: [state.stationId] },
    ]);
    const { rows: items } = await owner.pool.query(`select title, channel, station_id, enterprise_id from work_items where tenant_id = $1 and id = $2`, [state.tenantId, state.itemId]);
    expect(items).toEqual([{ title: subject, channel: 'portal', station_id: state.stationId, enterprise_id: state.enterpriseId }]);

    // The staff member's queue has it.
    await staff.reload();
    await staff.getByTestId('queue-table').getByText(subject).waitFor();
  });

  it('4. the manager deactivates the staff member; their next page is the sign-in', async () => {
    const mgr = state.manager!.page;
    await mgr.goto('/settings/people');
    await hydrated(mgr, 'people');
    const row = mgr.locator(`[data-testid="member-row"][data-email="${people.staff.email}"]`);
    await row.getByRole('button', { name: '停用' }).click();
    await row.getByRole('button', { name: '停用' }).click();
    expect(await flash(mgr)).toContain(`已停用 ${people.staff.name}：结束 1 个登录`);
    await row.waitFor({ state: 'detached' });

    const { rows } = await owner.pool.query<{ deactivated: boolean; sessions: number }>(
      `select m.deactivated_at is not null as deactivated, (select count(*)::int from sessions s where s.user_id = u.id) as sessions
         from memberships m join users u on u.id = m.user_id where m.tenant_id = $1 and u.email = $2`,
      [state.tenantId, people.staff.email],
    );
    expect(rows).toEqual([{ deactivated: true, sessions: 0 }]);
    const { rows: assigned } = await owner.pool.query<{ assignee: string | null }>(
      `select u.email as assignee from work_items i left join users u on u.id = i.assignee_id where i.tenant_id = $1 and i.id = $2`,
      [state.tenantId, state.itemId],
    );
    expect(assigned[0]!.assignee).not.toBe(people.staff.email);

    const staff = state.staff!;
    await staff.page.getByRole('link', { name: '概览', exact: true }).first().click();
    await staff.page.waitForURL((u) => u.pathname.startsWith('/sign-in'));
    await staff.context.close();
  });

  it('5. the operator reads the item only under the manager’s grant; the manager sees the reads', async () => {
    const op = state.operator!.page;
    const mgr = state.manager!.page;
    // No grant: the item is not shown and the tenant is not offered.
    await op.goto(`/items/${state.itemId}`);
    expect(await op.getByTestId('item-title').count()).toBe(0);
    await op.goto('/platform');
    expect(await op.getByTestId('granted-tenant').filter({ hasText: tenantName }).count()).toBe(0);

    await mgr.goto('/settings/support-access');
    await hydrated(mgr, 'grant-form');
    const reason = `新街道上线检查 ${RUN}`;
    await mgr.getByTestId('grant-form').getByLabel('原因').fill(reason);
    await mgr.getByTestId('grant-form').getByRole('button', { name: '授权' }).click();
    await mgr.getByTestId('grant-row').filter({ hasText: reason }).waitFor();

    await op.goto('/platform');
    await op.getByTestId('granted-tenant').filter({ hasText: tenantName }).getByRole('button', { name: '进入（只读）' }).click();
    await op.waitForURL('**/items');
    expect(await op.getByTestId('support-banner').textContent()).toMatch(/运维支持访问（只读），授权至 \d\d:\d\d/);
    await op.goto(`/items/${state.itemId}`);
    expect(await op.getByTestId('item-title').textContent()).toContain(subject);
    await state.operator!.context.close();

    // The manager's grant list names the read, by procedure.
    await mgr.reload();
    const grant = mgr.getByTestId('grant-row').filter({ hasText: reason });
    expect(await grant.getByTestId('grant-access').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('workItem.get')]));

    // And the audit log: the grant, the entry and the reads.
    await mgr.goto('/settings/audit?action=supportAccess.read');
    await mgr.getByTestId('audit-row').first().waitFor();
    const reads = await mgr.getByTestId('audit-row').evaluateAll((els) => els.map((e) => [e.getAttribute('data-action'), e.textContent ?? '']));
    expect(new Set(reads.map(([a]) => a))).toEqual(new Set(['supportAccess.read']));
    expect(reads.some(([, text]) => text!.includes('workItem.get'))).toBe(true);
    await mgr.goto('/settings/audit?action=supportAccess.granted');
    expect(await mgr.getByTestId('audit-row').count()).toBe(1);

    const { rows: audit } = await owner.pool.query<{ action: string; n: number }>(
      `select action, count(*)::int as n from audit_log
        where tenant_id = $1 and action in ('supportAccess.granted', 'supportAccess.entered')
           or tenant_id = $1 and action = 'supportAccess.read' and data->>'path' = 'workItem.get'
        group by action order by action`,
      [state.tenantId],
    );
    expect(audit.map((r) => r.action)).toEqual(['supportAccess.entered', 'supportAccess.granted', 'supportAccess.read']);
    expect(audit.find((r) => r.action === 'supportAccess.granted')!.n).toBe(1);
    await state.manager!.context.close();
  });
});
