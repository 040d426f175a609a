import { describe, expect, it } from 'vitest';
import { isForeignOrigin } from '../src/origin.ts';

const own = 'https://desk.example.cn';
const foreign = (headers: Record<string, string>, allowed: string[] = []) => isForeignOrigin(new Headers(headers), own, allowed);

describe('isForeignOrigin', () => {
  it('judges by Origin when the browser sent one', () => {
    expect(foreign({ origin: own })).toBe(false);
    expect(foreign({ origin: 'https://evil.example' })).toBe(true);
    expect(foreign({ origin: 'null' })).toBe(true);
    expect(foreign({ origin: 'https://dev.example.cn' }, ['https://dev.example.cn'])).toBe(false);
    expect(foreign({ origin: own, referer: 'https://evil.example/x' })).toBe(false); // Origin is the stronger word
  });

  it('without Origin, judges by the Referer', () => {
    expect(foreign({ referer: `${own}/items/1?tab=files` })).toBe(false);
    expect(foreign({ referer: 'https://evil.example/desk.example.cn' })).toBe(true);
    expect(foreign({ referer: 'http://desk.example.cn/' })).toBe(true); // another scheme is another origin
    expect(foreign({ referer: 'https://dev.example.cn/a' }, ['https://dev.example.cn'])).toBe(false);
    expect(foreign({ referer: 'not a url' })).toBe(true);
  });

  it('with neither, refuses only what the browser marks cross-site', () => {
    expect(foreign({})).toBe(false);
    expect(foreign({ 'sec-fetch-site': 'cross-site' })).toBe(true);
    expect(foreign({ 'sec-fetch-site': 'same-origin' })).toBe(false);
  });
});
