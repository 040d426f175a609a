import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * 党群活动 in Chromium, in Chinese (issue 20): an enterprise admin opens the activities open to its
 * enterprise in the portal, signs two members up — one place left, so the second waits, told its
 * place —, cancels the first, and the second moves up by itself. The activity is the test's own.
 */
let browser: Browser;
let close: () => Promise<void>;
let db: pg.Pool;

beforeAll(async () => {
  ({ browser, close } = await launch());
  db = new pg.Pool({ connectionString: inject('ownerUrl'), max: 1 });
});
afterAll(async () => {
  await close();
  await db.end();
});

async function hydrated(page: Page, testId: string) {
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return el !== null && Object.keys(el).some((k) => k.startsWith('__reactProps'));
  }, testId);
}

describe('an activity from the portal', () => {
  it('an enterprise admin signs up two members; the second waits and moves up when the first cancels', async () => {
    const title = `楼宇企业读书分享会 ${Date.now() % 100000}`;
    const { rows } = await db.query<{ id: string }>(
      `insert into party_activities (tenant_id, station_id, title, kind, starts_at, ends_at, place, capacity, confirmed, audience,
                                     sign_up_opens_at, sign_up_closes_at, cancel_deadline, description, status, published_at)
       select t.id, s.id, $1, 'culture_sports', now() + interval '3 days', now() + interval '3 days 2 hours', '新虹街道党群服务中心三楼', 1, 0, 'tenant',
              now() - interval '1 hour', now() + interval '2 days', now() + interval '2 days', '一起读书，交流心得。', 'published', now()
         from tenants t join stations s on s.tenant_id = t.id
        where t.slug = 'xinhong' order by s.code limit 1
       returning id`,
      [title],
    );
    const id = rows[0]!.id;

    const admin = await newPage(browser);
    await signIn(admin.page, 'enterprise@xinhong.test');
    await admin.page.goto('/portal/activities');
    const card = admin.page.getByTestId('portal-activity').filter({ hasText: title });
    await card.getByText('剩余名额 1 / 1').waitFor();
    await card.getByRole('link', { name: title }).click();
    await hydrated(admin.page, 'submit-sign-up');
    await admin.page.getByLabel('姓名 1').fill('陈思远');
    await admin.page.getByLabel('手机号 1').fill('13916880001');
    await admin.page.getByLabel('党员 1').selectOption('yes');
    await admin.page.getByLabel('姓名 2').fill('王小明');
    await admin.page.getByLabel('手机号 2').fill('13916880002');
    await admin.page.getByTestId('submit-sign-up').click();
    await admin.page.getByTestId('flash-message').filter({ hasText: '已确认 1 人；名额已满，1 人进入候补（第 1 位）' }).waitFor();
    const mine = admin.page.getByTestId('my-sign-up');
    await mine.filter({ hasText: '陈思远' }).getByTestId('sign-up-status').filter({ hasText: '已确认' }).waitFor();
    await mine.filter({ hasText: '王小明' }).getByTestId('sign-up-status').filter({ hasText: '候补第 1 位' }).waitFor();
    const signed = await db.query<{ name: string; status: string; party_member: boolean }>(`select name, status, party_member from activity_participants where activity_id = $1 order by seq`, [id]);
    expect(signed.rows).toEqual([
      { name: '陈思远', status: 'confirmed', party_member: true },
      { name: '王小明', status: 'waitlisted', party_member: false },
    ]);

    // The first cancels: the waiting one is confirmed at once.
    await mine.filter({ hasText: '陈思远' }).getByRole('button', { name: '取消报名' }).click();
    await admin.page.getByTestId('flash-message').filter({ hasText: '名额已递补给候补人员' }).waitFor();
    await mine.filter({ hasText: '王小明' }).getByTestId('sign-up-status').filter({ hasText: '已确认' }).waitFor();
    expect((await db.query<{ confirmed: number }>(`select confirmed from party_activities where id = $1`, [id])).rows[0]!.confirmed).toBe(1);
  });
});

/** A 1×1 PNG, and a PDF named like an image: the poster's content decides, not its name. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('an activity with its poster, edited at the desk', () => {
  it('a manager creates one with a poster, is refused a PDF as poster, moves its time and audience; the portal shows the poster', { timeout: 120_000 }, async () => {
    const title = `海报测试沙龙 ${Date.now() % 100000}`;
    const desk = await newPage(browser);
    await signIn(desk.page, 'manager@xinhong.test');
    await desk.page.goto('/activities/new');
    await hydrated(desk.page, 'create-activity');
    const form = desk.page.getByTestId('activity-form');
    await form.getByLabel('活动名称').fill(title);
    await form.getByLabel('活动地点').fill('新虹街道党群服务中心一楼多功能厅');
    await form.getByTestId('poster-input').setInputFiles({ name: '海报.png', mimeType: 'image/png', buffer: PNG });
    await form.getByTestId('poster-file').filter({ hasText: '海报.png' }).waitFor();
    await desk.page.getByTestId('create-activity').click();
    await desk.page.waitForURL(/\/activities\/[0-9a-f-]{36}$/);
    const id = desk.page.url().split('/').pop()!;
    const poster = desk.page.getByTestId('activity-poster');
    await poster.waitFor();
    expect(await poster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    const before = (await db.query<{ poster_file_id: string; starts_at: Date }>(`select poster_file_id, starts_at from party_activities where id = $1`, [id])).rows[0]!;
    expect(before.poster_file_id).not.toBeNull();
    await desk.page.getByTestId('publish').click();
    await desk.page.getByTestId('flash-message').filter({ hasText: '活动已发布' }).waitFor();

    // A PDF as the new poster: stored as a file, refused by the save with the reason under the field.
    await hydrated(desk.page, 'save');
    await desk.page.getByTestId('edit').locator('summary').click();
    const edit = desk.page.getByTestId('edit-form');
    await edit.getByTestId('poster-input').setInputFiles({ name: '海报.png', mimeType: 'application/pdf', buffer: PDF });
    await edit.getByTestId('poster-file').waitFor();
    await edit.getByTestId('save').click();
    await edit.getByText('海报必须是图片（JPG、PNG 或 WebP）。').waitFor();
    expect((await db.query(`select poster_file_id from party_activities where id = $1`, [id])).rows[0]!.poster_file_id).toBe(before.poster_file_id);

    // The time a day later and the audience one station's enterprises: saved, the poster kept.
    const { rows: st } = await db.query<{ station_id: string; today: string }>(
      `select e.station_id, to_char(now() at time zone 'Asia/Shanghai' + interval '8 days', 'YYYY-MM-DD') as today
         from enterprises e join memberships m on m.enterprise_id = e.id join users u on u.id = m.user_id where u.email = 'enterprise@xinhong.test' limit 1`,
    );
    await desk.page.goto(`/activities/${id}`);
    await hydrated(desk.page, 'save');
    await desk.page.getByTestId('edit').locator('summary').click();
    await edit.getByTestId('field-startsAt').fill(`${st[0]!.today}T09:30`);
    await edit.getByTestId('field-endsAt').fill(`${st[0]!.today}T11:00`);
    await edit.getByTestId('field-audience').selectOption('station');
    await edit.getByTestId('field-audienceStationId').selectOption(st[0]!.station_id);
    await edit.getByTestId('save').click();
    await desk.page.getByTestId('flash-message').filter({ hasText: '已保存' }).waitFor();
    const after = (await db.query<{ poster_file_id: string; audience: string; audience_station_id: string; starts: string }>(
      `select poster_file_id, audience, audience_station_id, to_char(starts_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI') as starts from party_activities where id = $1`,
      [id],
    )).rows[0]!;
    expect(after).toEqual({ poster_file_id: before.poster_file_id, audience: 'station', audience_station_id: st[0]!.station_id, starts: `${st[0]!.today}T09:30` });

    // The enterprise of that station sees the activity and its poster in the portal.
    const admin = await newPage(browser);
    await signIn(admin.page, 'enterprise@xinhong.test');
    await admin.page.goto(`/portal/activities/${id}`);
    const shown = admin.page.getByTestId('activity-poster');
    await shown.waitFor();
    await admin.page.waitForFunction(() => (document.querySelector('[data-testid="activity-poster"]') as HTMLImageElement | null)?.complete === true);
    expect(await shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    await admin.context.close();
    await desk.context.close();
  });
});
