import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { readWebEnv } from '../../server/env.ts';
import { requestMeta } from '../../server/request-meta.ts';

const request = (headers: Record<string, string>, remoteAddress = '10.0.0.1') =>
  ({ headers: { host: 'app.internal:3000', ...headers }, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('requestMeta', () => {
  const forwarded = { 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 10.0.0.2', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'desk.example.cn' };

  it('without trusted proxies reads the socket and the Host header only', () => {
    expect(requestMeta(request(forwarded), 0)).toMatchObject({ ip: '10.0.0.1', origin: 'http://app.internal:3000' });
  });

  it('behind one proxy takes the address it appended, not what the client wrote', () => {
    expect(requestMeta(request(forwarded), 1)).toMatchObject({ ip: '10.0.0.2', origin: 'https://desk.example.cn' });
    expect(requestMeta(request({ 'x-forwarded-for': '6.6.6.6, 198.51.100.7' }), 1).ip).toBe('198.51.100.7');
  });

  it('behind two proxies skips both', () => {
    expect(requestMeta(request(forwarded), 2).ip).toBe('198.51.100.7');
  });

  it('never goes further left than the header reaches', () => {
    expect(requestMeta(request({ 'x-forwarded-for': '198.51.100.7' }), 3).ip).toBe('198.51.100.7');
    expect(requestMeta(request({}), 1)).toMatchObject({ ip: '10.0.0.1', origin: 'http://app.internal:3000' });
  });

  it('keeps a request id the caller sent, or makes one', () => {
    expect(requestMeta(request({ 'x-request-id': 'abc' }), 0).requestId).toBe('abc');
    expect(requestMeta(request({}), 0).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('TRUST_PROXY', () => {
  const trust = (value: string | undefined) => readWebEnv({ APP_DATABASE_URL: 'postgres://localhost/x', TRUST_PROXY: value }).TRUST_PROXY;

  it('counts the proxies in front; true and false still mean one and none', () => {
    expect([undefined, '0', 'false', '1', 'true', '2'].map(trust)).toEqual([0, 0, 0, 1, 1, 2]);
    expect(() => trust('yes')).toThrow();
    expect(() => trust('-1')).toThrow();
  });
});
