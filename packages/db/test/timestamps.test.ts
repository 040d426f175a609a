import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoFromTimestamptz } from '@stationdesk/db';
import { openTestDb } from '@stationdesk/test-utils';

let t: ReturnType<typeof openTestDb>;
beforeAll(() => {
  t = openTestDb();
});
afterAll(() => t.close());

const samples = [
  '2026-11-27 05:23:26+00',
  '2026-11-27 05:23:26.1+00',
  '2026-11-27 05:23:26.12+00',
  '2026-11-27 05:23:26.123+00',
  '2026-11-27 05:23:26.123999+00',
  '2024-02-29 23:59:59.999999+00',
  '1999-12-31 16:00:00+08',
  '2026-03-01 00:00:00.5-05:30',
];

describe('timestamptz as ISO strings', () => {
  it('gives what Date#toISOString gives, for every shape Postgres prints', () => {
    for (const s of samples) expect(isoFromTimestamptz(s), s).toBe(new Date(s).toISOString());
  });

  it('reads the server’s own output in UTC and in another zone alike', async () => {
    const client = await t.db.pool.connect();
    try {
      for (const zone of ['UTC', 'Asia/Shanghai']) {
        await client.query(`set timezone = '${zone}'`);
        const { rows } = await client.query<{ ts: string; text: string }>(
          `select ts, ts::text as text from (values (timestamptz '2026-11-27 05:23:26.123456Z'), (timestamptz '2026-01-01 00:00:00Z'), (now())) v(ts)`,
        );
        for (const r of rows) expect(r.ts).toBe(new Date(r.text).toISOString());
      }
      await client.query('reset timezone');
    } finally {
      client.release();
    }
  });
});
