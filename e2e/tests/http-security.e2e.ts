import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MAX_FAILURES, sessionIdFromToken } from '@stationdesk/auth';
import { createDb, type Db } from '@stationdesk/db';
import { DEMO_PASSWORD } from '../support/browser.ts';

/**
 * The HTTP layer as deployed: the app runs with TRUST_PROXY=1 (global setup), and this test plays
 * the https proxy in front of it — it connects from the trusted address and forwards what the
 * browser asked for, appending the client's address to whatever the client wrote itself.
 */
let owner: Db;
const base = inject('baseURL');
const publicOrigin = 'https://desk.example.cn';

beforeAll(async () => {
  owner = createDb(inject('ownerUrl'), { max: 2 });
});
afterAll(async () => {
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
