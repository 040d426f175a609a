import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '@stationdesk/auth';
import { createDb, ensureAppRole, type Db } from '@stationdesk/db';
import { repoRoot } from '@stationdesk/infra/services';
import { startSmtpServer, waitFor, type LocalSmtpServer } from '@stationdesk/test-utils/worker';
import { DEMO_PASSWORD, launch } from '../support/browser.ts';

/**
 * Forgot → the mail → a new password → sign in, in Chromium. The run's app has no SMTP, so this
 * test starts a web process of its own on the same database with SMTP pointing at the test's own
 * server (as a deployment configures SMTP_HOST), and reads the mail that arrives there.
 */

let browser: Browser;
let close: () => Promise<void>;
let owner: Db;
let smtp: LocalSmtpServer;
let web: ChildProcess;
let baseURL: string;

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

beforeAll(async () => {
  ({ browser, close } = await launch());
  const ownerUrl = inject('ownerUrl');
  owner = createDb(ownerUrl, { max: 2 });
  smtp = await startSmtpServer();
  // The web process connects as an app role of its own (row-level security applies, as deployed).
  const role = { name: `sd_app_reset_${randomBytes(4).toString('hex')}`, password: randomBytes(12).toString('hex') };
  await ensureAppRole(ownerUrl, role);
  const appUrl = new URL(ownerUrl);
  appUrl.username = role.name;
  appUrl.password = role.password;
  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  web = spawn(process.execPath, ['--import', 'tsx', 'apps/web/server/main.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      APP_DATABASE_URL: appUrl.toString(),
      REDIS_URL: process.env.SD_TEST_REDIS_URL || 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `sde2e-reset-${port}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      WEB_PROCESSES: '1',
      LOG_LEVEL: 'warn',
      PUBLIC_URL: baseURL,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_SECURE: '0',
    },
    stdio: 'inherit',
  });
  await waitFor(
    async () => {
      try {
        return (await fetch(`${baseURL}/readyz`)).ok;
      } catch {
        return false;
      }
    },
    { timeoutMs: 180_000, intervalMs: 250, what: 'the web process with SMTP' },
  );
}, 200_000);

afterAll(async () => {
  await close();
  if (web && web.exitCode === null) {
    await new Promise<void>((done) => {
      web.once('exit', () => done());
      web.kill('SIGTERM');
    });
  }
  await smtp?.close();
  await owner?.close();
});

async function page(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  const p = await context.newPage();
  p.on('pageerror', (e) => {
    throw e;
  });
  return { context, page: p };
}

async function signInWith(p: Page, email: string, password: string) {
  await p.goto('/sign-in');
  await p.getByLabel('邮箱').fill(email);
  await p.getByLabel('密码', { exact: true }).fill(password);
  await p.getByRole('button', { name: '登录' }).click();
}

/** A staff member of 新虹街道 of the test's own (the demo's people are shared by every test). */
async function makeStaff(): Promise<{ id: string; email: string }> {
  const email = `reset-${randomBytes(4).toString('hex')}@xinhong.test`;
  const { rows } = await owner.pool.query<{ id: string }>(`insert into users (email, display_name, password_hash) values ($1, '周敏', $2) returning id`, [email, await hashPassword(DEMO_PASSWORD)]);
  const id = rows[0]!.id;
  const m = await owner.pool.query<{ id: string; tenant_id: string }>(
    `insert into memberships (tenant_id, user_id, role) select id, $1, 'staff' from tenants where slug = 'xinhong' returning id, tenant_id`,
    [id],
  );
  await owner.pool.query(`insert into membership_stations (tenant_id, membership_id, station_id) select $1, $2, id from stations where tenant_id = $1 order by code limit 1`, [
    m.rows[0]!.tenant_id,
    m.rows[0]!.id,
  ]);
  return { id, email };
}

describe('password reset by e-mail', () => {
  it('forgot → mail → new password → signed in with it; the old password and the old session no longer work', async () => {
    const user = await makeStaff();
    // A session opened before the reset, on another device.
    const other = await page();
    await signInWith(other.page, user.email, DEMO_PASSWORD);
    await other.page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));

    const { context, page: p } = await page();
    await p.goto('/sign-in');
    await p.getByRole('link', { name: '忘记密码？' }).click();
    await p.waitForURL('**/forgot-password');
    await p.getByLabel('邮箱').fill(user.email);
    await p.getByRole('button', { name: '发送重设邮件' }).click();
    const confirmation = p.getByTestId('reset-requested');
    await confirmation.waitFor();
    expect(await confirmation.textContent()).toContain(`如果 ${user.email} 是本系统的账号`);

    // An unknown address gets the very same confirmation (and no mail).
    const ghost = await page();
    await ghost.page.goto('/forgot-password');
    await ghost.page.getByLabel('邮箱').fill('nobody-here@xinhong.test');
    await ghost.page.getByRole('button', { name: '发送重设邮件' }).click();
    await ghost.page.getByTestId('reset-requested').waitFor();
    expect((await ghost.page.getByTestId('reset-requested').textContent())!.replace('nobody-here@xinhong.test', user.email)).toBe(await confirmation.textContent());
    await ghost.context.close();

    const mail = await waitFor(() => smtp.to(user.email)[0], { timeoutMs: 15_000, what: 'the reset mail' });
    expect(mail.subject).toBe('重设您的楼宇工作站服务台登录密码');
    const link = new RegExp(`${baseURL}/reset-password/[a-z2-7]{32}`).exec(mail.text)?.[0];
    expect(link, mail.text).toBeTruthy();
    expect(smtp.to('nobody-here@xinhong.test')).toEqual([]);

    await p.goto(link!);
    // Too weak first: the reason is shown under the field, the link still works.
    await p.locator('input[name="password"]').fill('password1234');
    await p.locator('input[name="confirm"]').fill('password1234');
    await p.getByRole('button', { name: '保存新密码' }).click();
    await p.getByText('这个密码太容易被猜到').waitFor();

    const newPassword = 'harbour-lantern-violet-58';
    await p.locator('input[name="password"]').fill(newPassword);
    expect(await p.getByTestId('password-gauge').textContent()).toContain('长度足够');
    await p.locator('input[name="confirm"]').fill(newPassword);
    await p.getByRole('button', { name: '保存新密码' }).click();
    await p.waitForURL('**/sign-in');
    expect(await p.getByTestId('sign-in-flash').textContent()).toBe('密码已重设，所有设备上的登录均已退出。请用新密码登录。');

    // The old password is refused; the new one signs in.
    await signInWith(p, user.email, DEMO_PASSWORD);
    await p.getByText('邮箱或密码不正确。').waitFor();
    await signInWith(p, user.email, newPassword);
    await p.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    expect(await p.getByTestId('user-name').textContent()).toBe('周敏');

    // The session opened before the reset is over.
    await other.page.reload();
    await other.page.waitForURL('**/sign-in**');

    // The link was single-use.
    await p.goto(link!);
    await p.locator('input[name="password"]').fill('another-quiet-meadow-77');
    await p.locator('input[name="confirm"]').fill('another-quiet-meadow-77');
    await p.getByRole('button', { name: '保存新密码' }).click();
    expect(await p.getByTestId('reset-error').textContent()).toContain('已经使用过');
    await p.getByRole('link', { name: '重新获取重设邮件' }).waitFor();

    await context.close();
    await other.context.close();
  });
});
