import pg from 'pg';
import { hashPassword } from '@stationdesk/auth';
import type { Log } from '../services.ts';
import type { BenchContext } from './scenarios.ts';
import { BENCH_PASSWORD } from './seed.ts';
import { summarize, type Summary } from './stats.ts';

/**
 * Issue 20's burst: 500 sign-ups sent at once through the API for an activity with 50 places —
 * exactly 50 confirmed, 450 waitlisted in arrival order (the positions answered follow the rows'
 * order), p95 < 100 ms — and the same for a duty shift of 50 places: 500 organisations' batches of
 * one member sent at once by staff, exactly 50 taken and 450 refused as full. The enterprise
 * admins (20, one per enterprise) and the 500 registry organisations are the bench's own
 * (kept between runs); the activity, the shift and everything written for them are removed again.
 */
const ADMINS = 20;
const BURST = 500;
const PLACES = 50;
const MARK = 'bench-party';

export interface BurstFigures extends Summary {
  /** The same call one at a time (the activity: 30 sign-ups after 10 to warm up), p95 ms. */
  aloneP95?: number;
  statuses: Record<string, number>;
  confirmed: number;
  waitlisted: number;
  /** The waitlist's positions answered, in the rows' order, are 1 … n. */
  inOrder: boolean;
  wallMs: number;
}

async function trpcPost(base: string, cookie: string, proc: string, input: unknown): Promise<{ ms: number; status: number; data: unknown }> {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/trpc/${proc}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(input) });
  const body = (await res.json()) as { result?: { data: unknown } };
  return { ms: performance.now() - t0, status: res.status, data: body.result?.data ?? null };
}

const phone = (i: number) => `137${String(20_000_000 + i).padStart(8, '0')}`;

/** The bench's enterprise admins (created once), signed in. */
async function admins(owner: pg.Client, ctx: BenchContext, signIn: (email: string, password: string) => Promise<string>): Promise<string[]> {
  const { rows: enterprises } = await owner.query<{ id: string }>(`select id from enterprises where tenant_id = $1 and status = 'active' order by credit_code limit $2`, [ctx.tenantId, ADMINS]);
  const hash = await hashPassword(BENCH_PASSWORD);
  const cookies: string[] = [];
  for (const [i, e] of enterprises.entries()) {
    const email = `${MARK}-admin-${i}@bench.test`;
    await owner.query(`select set_config('app.platform', 'on', false)`);
    const { rows } = await owner.query<{ id: string }>(
      `insert into users (email, display_name, password_hash) values ($1, $2, $3) on conflict (email) do update set display_name = excluded.display_name returning id`,
      [email, `压测企业管理员${i}`, hash],
    );
    await owner.query(
      `insert into memberships (tenant_id, user_id, role, enterprise_id) select $1, $2, 'enterprise_admin', $3
        where not exists (select 1 from memberships where tenant_id = $1 and user_id = $2)`,
      [ctx.tenantId, rows[0]!.id, e.id],
    );
    cookies.push(await signIn(email, BENCH_PASSWORD));
  }
  return cookies;
}

function figures(results: { ms: number; status: number }[], wallMs: number, extra: Omit<BurstFigures, keyof Summary | 'statuses' | 'wallMs'>): BurstFigures {
  const statuses: Record<string, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  // Every answer counts: a refusal as full is the expected answer for the shift's 450.
  return { ...summarize(results.map((r) => r.ms), wallMs / 1000, 0), statuses, wallMs, ...extra };
}

export async function benchPartySignUps(opts: {
  apiBase: string;
  ownerUrl: string;
  ctx: BenchContext;
  staffCookie: string;
  signIn: (email: string, password: string) => Promise<string>;
  log: Log;
}): Promise<{ activity: BurstFigures; shift: BurstFigures }> {
  const { ctx } = opts;
  const owner = new pg.Client({ connectionString: opts.ownerUrl });
  owner.on('error', () => undefined);
  await owner.connect();
  const made: { activities: string[]; shiftId?: string; postId?: string } = { activities: [] };
  try {
    await owner.query(`select set_config('app.tenant_id', $1, false)`, [ctx.tenantId]);
    const cookies = await admins(owner, ctx, opts.signIn);
    const station = ctx.stationIds[0]!;
    const newActivity = async (title: string) => {
      const { rows } = await owner.query<{ id: string }>(
        `insert into party_activities (tenant_id, station_id, title, kind, starts_at, ends_at, place, capacity, audience, sign_up_opens_at, sign_up_closes_at, cancel_deadline, status, published_at)
         values ($1, $2, $3, 'enterprise_salon', now() + interval '7 days', now() + interval '7 days 2 hours', '压测会议室', $4, 'tenant', now() - interval '1 hour', now() + interval '6 days', now() + interval '6 days', 'published', now())
         returning id`,
        [ctx.tenantId, station, title, PLACES],
      );
      made.activities.push(rows[0]!.id);
      return rows[0]!.id;
    };
    const signUp = (id: string, i: number) =>
      trpcPost(opts.apiBase, cookies[i % cookies.length]!, 'activity.signUp', { id, participants: [{ name: `压测参加人${i}`, phone: phone(i), partyMember: i % 3 === 0 }] });

    // Warm the path (connections, prepared plans) on an activity of its own.
    const warm = await newActivity(`${MARK} warm-up`);
    const one: number[] = [];
    for (let i = 0; i < 40; i++) one.push((await signUp(warm, 100_000 + i)).ms);
    const alone = summarize(one.slice(10), 1);
    opts.log(`party: one at a time (after 10 to warm up) p50 ${alone.p50.toFixed(1)} / p95 ${alone.p95.toFixed(1)} ms`);

    const id = await newActivity(`${MARK} 500 at once`);
    opts.log(`party: ${BURST} sign-ups at once for ${PLACES} places`);
    let t0 = performance.now();
    const answers = await Promise.all(Array.from({ length: BURST }, (_, i) => signUp(id, i)));
    let wall = performance.now() - t0;
    const { rows } = await owner.query<{ id: string; status: string }>(`select id, status from activity_participants where activity_id = $1 order by seq`, [id]);
    const position = new Map<string, number | null>();
    for (const a of answers) {
      const p = (a.data as { participants?: { id: string; waitlistPosition: number | null }[] } | null)?.participants?.[0];
      if (p) position.set(p.id, p.waitlistPosition);
    }
    const waiting = rows.filter((r) => r.status === 'waitlisted');
    const inOrder = waiting.every((r, i) => position.get(r.id) === i + 1) && rows.slice(0, PLACES).every((r) => r.status === 'confirmed');
    const activity = { ...figures(answers, wall, { confirmed: rows.filter((r) => r.status === 'confirmed').length, waitlisted: waiting.length, inOrder }), aloneP95: alone.p95 };
    opts.log(`party: activity.signUp p95 ${activity.p95.toFixed(1)} ms, all answered in ${(wall / 1000).toFixed(2)} s: ${activity.confirmed} confirmed, ${activity.waitlisted} waitlisted${inOrder ? ', in order' : ', NOT in order'} ${JSON.stringify(activity.statuses)}`);

    // A duty shift of 50 places: 500 organisations' batches of one at once, by the station's staff.
    const { rows: posts } = await owner.query<{ id: string }>(
      `insert into service_posts (tenant_id, station_id, name, location, services) values ($1, $2, $3, '压测大厅', '{guidance}') returning id`,
      [ctx.tenantId, station, `${MARK} 服务站 ${Date.now()}`],
    );
    made.postId = posts[0]!.id;
    const { rows: shifts } = await owner.query<{ id: string }>(
      `insert into duty_shifts (tenant_id, post_id, shift_date, starts_at, ends_at, places) values ($1, $2, (now() + interval '3 days')::date, now() + interval '3 days', now() + interval '3 days 4 hours', $3) returning id`,
      [ctx.tenantId, made.postId, PLACES],
    );
    made.shiftId = shifts[0]!.id;
    await owner.query(
      `insert into party_orgs (tenant_id, type, name, station_id) select $1, 'member_unit', $2 || g, $3 from generate_series(1, $4) g on conflict do nothing`,
      [ctx.tenantId, `${MARK}-成员单位-`, station, BURST],
    );
    const { rows: orgs } = await owner.query<{ id: string }>(`select id from party_orgs where tenant_id = $1 and name like $2 order by name limit $3`, [ctx.tenantId, `${MARK}-成员单位-%`, BURST]);
    opts.log(`party: ${BURST} duty batches at once for a shift of ${PLACES} places`);
    t0 = performance.now();
    const batches = await Promise.all(orgs.map((o) => trpcPost(opts.apiBase, opts.staffCookie, 'dutyShift.signUp', { id: made.shiftId, organisationId: o.id, members: 1 })));
    wall = performance.now() - t0;
    const { rows: taken } = await owner.query<{ booked: number; n: string }>(
      `select s.booked, (select count(*) from duty_sign_ups b where b.shift_id = s.id and b.status <> 'cancelled') as n from duty_shifts s where s.id = $1`,
      [made.shiftId],
    );
    const shift = figures(batches, wall, { confirmed: Number(taken[0]!.n), waitlisted: batches.filter((b) => b.status === 409).length, inOrder: taken[0]!.booked === Number(taken[0]!.n) });
    return { activity, shift };
  } finally {
    await owner.query(`select set_config('app.tenant_id', $1, false)`, [ctx.tenantId]);
    // What the runs wrote: the people and notifications of the activities, the batches, their reminders.
    if (made.shiftId) {
      const reminders = `select id from reminders where subject_id::text = $1::text or subject_id::text in (select id::text from duty_sign_ups where shift_id::text = $1::text)`;
      await owner.query(`delete from deliveries where reminder_id in (${reminders})`, [made.shiftId]);
      await owner.query(`delete from reminders where id in (${reminders})`, [made.shiftId]);
      await owner.query(`delete from duty_sign_ups where shift_id = $1`, [made.shiftId]);
      await owner.query(`delete from duty_shifts where id = $1`, [made.shiftId]);
    }
    if (made.postId) await owner.query(`delete from service_posts where id = $1`, [made.postId]);
    if (made.activities.length) {
      await owner.query(`delete from activity_participants where activity_id = any($1::uuid[])`, [made.activities]);
      await owner.query(`delete from party_activities where id = any($1::uuid[])`, [made.activities]);
    }
    await owner.end();
  }
}
