import cluster from 'node:cluster';
import { createServer } from 'node:http';
import pg from 'pg';

/**
 * The bare-HTTP floor: node:http + one pg pool, no framework and no auth. Each connection is put
 * in the bench tenant once (session setting), then every request runs its scenario's statements
 * (one, or several one after the other on one connection, as the procedure does) and answers the
 * rows as JSON. Run as its own process so it does not share an event loop with the load generator.
 */
const { APP_DATABASE_URL, TENANT_ID, USER_ID, PORT, POOL_MAX, PROCESSES } = process.env;

// As many processes as the API runs (node:cluster), so the two are compared like for like.
const processes = Number(PROCESSES ?? 1);
if (processes > 1 && cluster.isPrimary) {
  let listening = 0;
  for (let i = 0; i < processes; i++) cluster.fork();
  cluster.on('listening', () => {
    if (++listening === processes) process.send?.('ready');
  });
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    cluster.on('exit', () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
  });
} else {
  serve();
}

function serve() {
  const queries: Record<string, { text: string; values: unknown[] }[]> = JSON.parse(process.env.FLOOR_QUERIES ?? '{}');

  // The tenant is a startup option of each connection: no extra round trip per request.
  const pool = new pg.Pool({
    connectionString: APP_DATABASE_URL,
    max: Number(POOL_MAX ?? 20),
    options: `-c app.tenant_id=${TENANT_ID} -c app.user_id=${USER_ID}`,
  });

  // Named statements, as the app prepares its parameterised ones: the floor plans once per connection too.
  const named = (key: string, i: number, q: { text: string; values: unknown[] }) => (q.values.length ? { name: `${key}_${i}`, ...q } : q);

  async function run(key: string, statements: { text: string; values: unknown[] }[]): Promise<unknown> {
    if (statements.length === 1) return (await pool.query(named(key, 0, statements[0]!))).rows;
    const client = await pool.connect();
    try {
      const out: unknown[] = [];
      for (const [i, q] of statements.entries()) out.push((await client.query(named(key, i, q))).rows);
      return out;
    } finally {
      client.release();
    }
  }

  const server = createServer((req, res) => {
    const key = (req.url ?? '/').slice(1);
    const statements = queries[key];
    if (!statements?.length) {
      res.writeHead(404).end();
      return;
    }
    run(key, statements).then(
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
}
