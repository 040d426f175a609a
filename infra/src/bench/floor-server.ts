import { createServer } from 'node:http';
import pg from 'pg';

/**
 * The bare-HTTP floor: node:http + one pg pool, no framework and no auth. Each connection is put
 * in the bench tenant once (session setting), then every request runs its scenario's statements
 * (one, or several one after the other on one connection, as the procedure does) and answers the
 * rows as JSON. Run as its own process so it does not share an event loop with the load generator.
 */
const { APP_DATABASE_URL, TENANT_ID, USER_ID, PORT, POOL_MAX } = process.env;
const queries: Record<string, { text: string; values: unknown[] }[]> = JSON.parse(process.env.FLOOR_QUERIES ?? '{}');

// The tenant is a startup option of each connection: no extra round trip per request.
const pool = new pg.Pool({
  connectionString: APP_DATABASE_URL,
  max: Number(POOL_MAX ?? 20),
  options: `-c app.tenant_id=${TENANT_ID} -c app.user_id=${USER_ID}`,
});

async function run(statements: { text: string; values: unknown[] }[]): Promise<unknown> {
  if (statements.length === 1) return (await pool.query(statements[0]!.text, statements[0]!.values)).rows;
  const client = await pool.connect();
  try {
    const out: unknown[] = [];
    for (const q of statements) out.push((await client.query(q.text, q.values)).rows);
    return out;
  } finally {
    client.release();
  }
}

const server = createServer((req, res) => {
  const statements = queries[(req.url ?? '/').slice(1)];
  if (!statements?.length) {
    res.writeHead(404).end();
    return;
  }
  run(statements).then(
    (rows) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(rows));
    },
    (e: Error) => {
      res.writeHead(500).end(e.message);
    },
  );
});
server.listen(Number(PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
