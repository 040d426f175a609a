import { sql } from 'kysely';
import { localDate, type KpiPeriod } from '@stationdesk/core';
import { translator, type Language } from '@stationdesk/i18n';
import type { FileStorage } from '@stationdesk/storage';
import type { TenantContext } from '../context.ts';
import { storeGeneratedFile } from '../files/store-generated-file.ts';
import { periodInstants, resolveKpiScope } from '../kpi/scope.ts';
import { writeXlsx } from '../spreadsheets/write.ts';
import { loadPartyServices } from './posts.ts';
import type { ExportPartyStatsInput, PartyFigures, PartyStatsInput, PartyStatsOutput } from './stats.schema.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const emptyPartyFigures = (): PartyFigures => ({
  activities: 0,
  activitiesHeld: 0,
  signUps: 0,
  confirmed: 0,
  heldConfirmed: 0,
  attended: 0,
  attendanceRate: null,
  shifts: 0,
  shiftsFilled: 0,
  batches: 0,
  members: 0,
  served: 0,
});

function addFigures(a: PartyFigures, b: PartyFigures): PartyFigures {
  const sum = { ...a };
  for (const k of Object.keys(sum) as (keyof PartyFigures)[]) if (k !== 'attendanceRate') sum[k] = a[k] + b[k];
  sum.attendanceRate = sum.heldConfirmed > 0 ? sum.attended / sum.heldConfirmed : null;
  return sum;
}

/**
 * The party-mass figures of a period per station (stations: null for every one of the tenant):
 * published activities starting in it (held: begun by `now`) with their sign-ups and attendance,
 * open duty shifts dated in it with their batches, members and person-times served, and the
 * person-times per kind of service. Activities count at their station, shifts at their post's.
 */
export async function partyPeriodFigures(ctx: TenantContext, stationIds: readonly string[] | null, period: KpiPeriod, now = new Date()) {
  const { fromAt, toAt } = periodInstants(ctx, period);
  const stationsIn = (col: string) => (stationIds ? sql`and ${sql.ref(col)} = any(${[...stationIds]}::uuid[])` : sql``);
  // One after the other: the statements share the request's transaction (one connection).
  const [activities, shifts, services] = [
    await sql<{
      station_id: string;
      activities: string;
      held: string;
      sign_ups: string;
      confirmed: string;
      held_confirmed: string;
      attended: string;
    }>`
      select a.station_id, count(*) as activities, count(*) filter (where a.starts_at <= ${now}) as held,
             coalesce(sum(p.live), 0) as sign_ups, coalesce(sum(p.confirmed), 0) as confirmed,
             coalesce(sum(p.confirmed) filter (where a.starts_at <= ${now}), 0) as held_confirmed,
             coalesce(sum(p.attended) filter (where a.starts_at <= ${now}), 0) as attended
        from party_activities a
        left join lateral (
          select count(*) filter (where x.status <> 'cancelled') as live,
                 count(*) filter (where x.status = 'confirmed') as confirmed,
                 count(*) filter (where x.status = 'confirmed' and x.checked_in_at is not null) as attended
            from activity_participants x
           where x.tenant_id = a.tenant_id and x.activity_id = a.id
        ) p on true
       where a.tenant_id = ${ctx.tenantId} and a.status = 'published' and a.starts_at >= ${fromAt} and a.starts_at < ${toAt} ${stationsIn('a.station_id')}
       group by a.station_id`.execute(ctx.trx),
    await sql<{
      station_id: string;
      shifts: string;
      filled: string;
      batches: string;
      members: string;
      served: string;
    }>`
      select p.station_id, count(*) as shifts, count(*) filter (where s.booked >= s.places) as filled,
             coalesce(sum(b.batches), 0) as batches, coalesce(sum(b.members), 0) as members, coalesce(sum(v.served), 0) as served
        from duty_shifts s
        join service_posts p on p.tenant_id = s.tenant_id and p.id = s.post_id
        left join lateral (
          select count(*) as batches, sum(x.members) as members from duty_sign_ups x
           where x.tenant_id = s.tenant_id and x.shift_id = s.id and x.status <> 'cancelled'
        ) b on true
        left join lateral (select sum(y.served) as served from duty_shift_served y where y.tenant_id = s.tenant_id and y.shift_id = s.id) v on true
       where s.tenant_id = ${ctx.tenantId} and s.status = 'open' and s.shift_date >= ${period.from}::date and s.shift_date <= ${period.to}::date ${stationsIn('p.station_id')}
       group by p.station_id`.execute(ctx.trx),
    await sql<{ service: string; served: string }>`
      select y.service, sum(y.served) as served
        from duty_shift_served y
        join duty_shifts s on s.tenant_id = y.tenant_id and s.id = y.shift_id
        join service_posts p on p.tenant_id = s.tenant_id and p.id = s.post_id
       where y.tenant_id = ${ctx.tenantId} and s.status = 'open' and s.shift_date >= ${period.from}::date and s.shift_date <= ${period.to}::date ${stationsIn('p.station_id')}
       group by y.service`.execute(ctx.trx),
  ];
  const byStation = new Map<string, PartyFigures>();
  const of = (id: string) => byStation.get(id) ?? byStation.set(id, emptyPartyFigures()).get(id)!;
  for (const r of activities.rows) {
    Object.assign(of(r.station_id), {
      activities: Number(r.activities),
      activitiesHeld: Number(r.held),
      signUps: Number(r.sign_ups),
      confirmed: Number(r.confirmed),
      heldConfirmed: Number(r.held_confirmed),
      attended: Number(r.attended),
    });
  }
  for (const r of shifts.rows) {
    Object.assign(of(r.station_id), {
      shifts: Number(r.shifts),
      shiftsFilled: Number(r.filled),
      batches: Number(r.batches),
      members: Number(r.members),
      served: Number(r.served),
    });
  }
  for (const f of byStation.values()) f.attendanceRate = f.heldConfirmed > 0 ? f.attended / f.heldConfirmed : null;
  const total = [...byStation.values()].reduce(addFigures, emptyPartyFigures());
  return {
    byStation,
    total,
    served: new Map(services.rows.map((r) => [r.service, Number(r.served)])),
  };
}

/**
 * party.stats (党群服务统计): per station and period — activities held, sign-ups, attendance rate,
 * duty shifts filled, member batches and members on duty, person-times served by service.
 * Managers read every station, staff theirs; enterprise admins none (the KPI scope rules).
 */
export async function partyStats(ctx: TenantContext, input: PartyStatsInput): Promise<PartyStatsOutput> {
  const scope = await resolveKpiScope(ctx, {
    from: input.from,
    to: input.to,
    stationId: input.stationId,
  });
  const figures = await partyPeriodFigures(ctx, scope.stationIds, scope.period);
  let stations = ctx.trx.selectFrom('stations').select(['id', 'name', 'name_en']).orderBy('code');
  if (scope.stationIds) stations = stations.where('id', 'in', scope.stationIds.length ? scope.stationIds : ['00000000-0000-0000-0000-000000000000']);
  const services = await loadPartyServices(ctx.trx);
  const byService = [
    ...services.map((s) => ({
      key: s.key,
      name: s.name,
      nameEn: s.nameEn,
      served: figures.served.get(s.key) ?? 0,
    })),
    ...[...figures.served].filter(([key]) => !services.some((s) => s.key === key)).map(([key, served]) => ({ key, name: null, nameEn: null, served })),
  ];
  return {
    from: scope.period.from,
    to: scope.period.to,
    stationId: input.stationId ?? null,
    total: figures.total,
    stations: (await stations.execute()).map((s) => ({
      stationId: s.id,
      stationName: s.name,
      stationNameEn: s.name_en,
      figures: figures.byStation.get(s.id) ?? emptyPartyFigures(),
    })),
    byService,
  };
}

/** The counts the year report and the KPI overview show (the rate is theirs to draw from attended / heldConfirmed). */
export const partyReportKeys = ['activities', 'activitiesHeld', 'signUps', 'attended', 'shifts', 'shiftsFilled', 'batches', 'members', 'served'] as const;

/** The figures' names in the order the page, the export and the report show them. */
export const partyFigureKeys = ['activities', 'activitiesHeld', 'signUps', 'confirmed', 'attended', 'attendanceRate', 'shifts', 'shiftsFilled', 'batches', 'members', 'served'] as const;

/** A service's name: the tenant's own, else the product's default translated. */
export function partyServiceName(t: (k: string) => string, lang: Language, s: { key: string; name: string | null; nameEn: string | null }): string {
  if (s.name) return lang === 'en' && s.nameEn ? s.nameEn : s.name;
  return t(`party.service.${s.key}`);
}

/** party.exportStats: the figures per station and the person-times per service as .xlsx. */
export async function exportPartyStats(ctx: TenantContext, deps: { storage: FileStorage; lang: Language }, input: ExportPartyStatsInput): Promise<{ fileId: string; fileName: string }> {
  const s = await partyStats(ctx, input);
  const t = translator(deps.lang);
  const value = (f: PartyFigures, k: (typeof partyFigureKeys)[number]) => (k === 'attendanceRate' ? (f.attendanceRate === null ? null : Math.round(f.attendanceRate * 1000) / 10) : f[k]);
  const row = (name: string, f: PartyFigures) => ({
    station: name,
    ...Object.fromEntries(partyFigureKeys.map((k) => [k, value(f, k)])),
  });
  const data = await writeXlsx([
    {
      name: t('party.stats.sheet.stations'),
      columns: [
        { header: t('party.stats.sheet.station'), key: 'station', width: 24 },
        ...partyFigureKeys.map((k) => ({
          header: t(`party.stats.figure.${k}`),
          key: k,
          kind: 'number' as const,
          width: 12,
        })),
      ],
      rows: [...s.stations.map((r) => row(deps.lang === 'en' ? (r.stationNameEn ?? r.stationName) : r.stationName, r.figures)), row(t('party.stats.sheet.total'), s.total)],
    },
    {
      name: t('party.stats.sheet.services'),
      columns: [
        { header: t('party.stats.sheet.service'), key: 'service', width: 24 },
        {
          header: t('party.stats.figure.served'),
          key: 'served',
          kind: 'number',
          width: 12,
        },
      ],
      rows: s.byService.map((r) => ({
        service: partyServiceName(t, deps.lang, r),
        served: r.served,
      })),
    },
  ]);
  const file = await storeGeneratedFile(ctx, deps, {
    purpose: 'export',
    fileName: `${t('party.stats.fileName')}-${s.from}-${s.to}-${localDate(new Date(), ctx.timezone)}.xlsx`,
    contentType: XLSX,
    data,
  });
  return { fileId: file.id, fileName: file.name };
}
