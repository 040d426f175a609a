import pg from 'pg';
import type { LauncherEnv } from '../env.ts';
import { resolvePostgres, type Log } from '../services.ts';
import { floorQueries, scenarios, type BenchContext } from './scenarios.ts';

/**
 * `npm run bench:explain -- <scenario prefix>`: EXPLAIN (ANALYZE, BUFFERS) of each scenario's SQL
 * on the seeded bench database, run as the app role inside the bench tenant — the plan the API gets.
 */
export async function runExplain(env: LauncherEnv, args: string[], log: Log): Promise<number> {
  const pgHandle = await resolvePostgres({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    port: env.EMBEDDED_PG_PORT,
    password: env.EMBEDDED_PG_PASSWORD,
    database: 'postgres',
    preferLocal: true,
    log,
  });
  const server = new URL(pgHandle.ownerUrl);
  server.pathname = '/sd_bench';
  const owner = new pg.Client({ connectionString: server.toString() });
  try {
    await owner.connect();
    const { rows } = await owner.query<{ context: BenchContext }>('select context from bench_meta');
    if (!rows[0]) throw new Error('no bench database: run npm run bench first');
    const ctx = rows[0].context;
    const app = new URL(server);
    app.username = 'sd_bench_app';
    app.password = 'sd-bench-app';
    const c = new pg.Client({ connectionString: app.toString() });
    await c.connect();
    await c.query(`select set_config('app.tenant_id', $1, false), set_config('app.user_id', $2, false)`, [ctx.tenantId, ctx.userId]);
    for (const s of scenarios.filter((x) => args.length === 0 || args.some((a) => x.name.startsWith(a)))) {
      const statements = await floorQueries(s, ctx, c);
      for (const [i, q] of statements.entries()) {
        const plan = await c.query(`explain (analyze, buffers) ${q.text}`, q.values);
        log(`── ${s.name}${statements.length > 1 ? ` [statement ${i + 1}/${statements.length}]` : ''}`);
        for (const line of plan.rows) log(String(line['QUERY PLAN']));
      }
    }
    await c.end();
    return 0;
  } finally {
    await owner.end().catch(() => undefined);
    await pgHandle.stop();
  }
}
