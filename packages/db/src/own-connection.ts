import pg from 'pg';
import type { Db } from './client.ts';

/**
 * Runs `fn` on a connection of its own, opened outside the pool and closed after: for a statement
 * that must commit by itself while the caller's request transaction holds a pool connection. Asking
 * the pool for a second one there could wait forever once every connection is held by such a request.
 */
export async function withOwnConnection<T>(db: Db, fn: (conn: pg.Client) => Promise<T>): Promise<T> {
  const conn = new pg.Client(db.pool.options);
  // A connection lost between statements fails the pending query; without a listener it would crash the process.
  conn.on('error', () => {});
  await conn.connect();
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}
