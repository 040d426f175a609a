import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { MAX_FAILURES, sessionIdFromToken } from '@stationdesk/auth';
import { createDb, type Db } from '@stationdesk/db';
import { DEMO_PASSWORD, launch, newPage, signIn } from '../support/browser.ts';

/**
 * The HTTP layer as deployed: the app runs with TRUST_PROXY=1 (global setup), and this test plays
 * the https proxy in front of it — it connects from the trusted address and forwards what the
 * browser asked for, appending the client's address to whatever the client wrote itself.
 */
let browser: Browser;
let close: () => Promise<void>;
let owner: Db;
const base = inject('baseURL');
const publicOrigin = 'https://desk.example.cn';

beforeAll(async () => {
  ({ browser, close } = await launch());
  owner = createDb(inject('ownerUrl'), { max: 2 });
});
afterAll(async () => {
  await close();
  await owner.close();
});

/** A sign-in form posted by a browser at https://desk.example.cn, through the proxy. */
function postSignIn(client: string, email: string, password: string, clientWritten = '6.6.6.6') {
  return fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: publicOrigin,
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'desk.example.cn',
      'x-forwarded-for': `${clientWritten}, ${client}`,
    },
    body: new URLSearchParams({ email, password, next: '/' }),
  });
}

describe('pages behind an https proxy (TRUST_PROXY=1)', () => {
  it('sign-in through the page form is accepted, gets a Secure cookie and records the client address', async () => {
    const res = await postSignIn('198.51.100.20', 'manager@xinhong.test', DEMO_PASSWORD);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sd_session='));
    expect(cookie).toMatch(/; Secure/);
    const token = cookie!.split(';')[0]!.slice('sd_session='.length);
    const session = await owner.kysely.selectFrom('sessions').select('ip').where('id', '=', sessionIdFromToken(token)).executeTakeFirstOrThrow();
    expect(session.ip).toBe('198.51.100.20');
  });

  it('the sign-in throttle counts the client the proxy saw, however it rotates what it wrote', async () => {
    for (let n = 0; n < MAX_FAILURES; n++) {
      const res = await postSignIn('198.51.100.21', `nobody-${n}@xinhong.test`, 'Wrong-guess-1', `10.7.${n}.1`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('邮箱或密码不正确');
    }
    const blocked = await postSignIn('198.51.100.21', 'nobody-last@xinhong.test', 'Wrong-guess-1', '10.7.99.1');
    expect(await blocked.text()).toContain('登录失败次数过多');
    const other = await postSignIn('198.51.100.22', 'nobody-last@xinhong.test', 'Wrong-guess-1', '10.7.99.1');
    expect(await other.text()).toContain('邮箱或密码不正确');
  });
});

describe('security headers', () => {
  const nonceOf = (csp: string | null) => /script-src 'self' 'nonce-([A-Za-z0-9+/]{22}==)'/.exec(csp ?? '')?.[1];

  it('a page carries a nonce Content-Security-Policy its own scripts all bear, frame protection, nosniff and a referrer policy', async () => {
    const res = await fetch(`${base}/sign-in`);
    const csp = res.headers.get('content-security-policy');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull(); // plain http

    const nonce = nonceOf(csp);
    expect(nonce).toBeDefined();
    const scripts = (await res.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(nonceOf((await fetch(`${base}/sign-in`)).headers.get('content-security-policy'))).not.toBe(nonce); // one per response
  });

  it('HSTS only when the browser came over https (here: through the trusted proxy)', async () => {
    const res = await fetch(`${base}/sign-in`, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'desk.example.cn' } });
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('API and file answers are not sniffed or framed either', async () => {
    const api = await fetch(`${base}/api/trpc/auth.me`);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const file = await fetch(`${base}/api/files/00000000-0000-4000-8000-000000000000`);
    expect(file.status).toBe(401);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('x-frame-options')).toBe('DENY');
  });

  it('pages hydrate and navigate in the browser with no CSP violation, the server-drawn charts included', async () => {
    const { page, context } = await newPage(browser);
    const refused: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Refused to|Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    const documents: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'document') documents.push(r.url());
    });
    await signIn(page, 'manager@xinhong.test');
    const nav = page.getByTestId('side-nav').getByRole('link', { name: '纠纷统计' });
    // Hydrated: React owns the link, so following it loads data, not a new document.
    await page.waitForFunction(() => Object.keys(document.querySelector('[data-testid="side-nav"] a') ?? {}).some((k) => k.startsWith('__react')));
    const before = documents.length;
    await nav.click();
    await page.waitForURL('**/disputes/counts');
    await page.getByTestId('counts-chart').first().locator('svg').first().waitFor();
    expect(documents.length).toBe(before);

    await page.goto('/disputes/counts'); // the charts as served
    await page.getByTestId('counts-chart').first().locator('svg').first().waitFor();
    await page.waitForFunction(() => Object.keys(document.querySelector('[data-testid="export-counts"]') ?? {}).some((k) => k.startsWith('__react')));
    expect(refused).toEqual([]);
    await context.close();
  });
});
