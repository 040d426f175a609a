import { badRequest, can, conflict, forbidden, localDate, maskedContact, normalizePhone, notFound, partyOrgDateProblems, partyOrgTypes, type PartyOrgType } from '@stationdesk/core';
import { sql } from 'kysely';
import { keysetCursor, repo, withTenant } from '@stationdesk/db';
import { translator, type Language } from '@stationdesk/i18n';
import type { FileStorage } from '@stationdesk/storage';
import type { TenantContext } from '../context.ts';
import { storeGeneratedFile } from '../files/store-generated-file.ts';
import { writeXlsx } from '../spreadsheets/write.ts';
import { requireDesk, requireDeskStation, stationNames } from './access.ts';
import type {
  CreatePartyOrgInput,
  ExportPartyOrgsInput,
  GetPartyOrgInput,
  ListPartyOrgsInput,
  PartyOrgDetail,
  PartyOrgList,
  PartyOrgOptions,
  PartyOrgTypeCounts,
  PartyOrgView,
  RevealPartyOrgContactInput,
  UpdatePartyOrgInput,
} from './orgs.schema.ts';

/** A page of the registry (keyset: type, name, id); the export takes every filtered row. */
export const PARTY_ORG_PAGE = 100;
const registryCursor = keysetCursor('text', 'text', 'id');
const EXPORT_MAX_ROWS = 20_000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Filters = NonNullable<ListPartyOrgsInput>;

/** The registry's rows the actor may see, filtered — every filter but the type when `withType` is false (the counts). */
function registryQuery(ctx: TenantContext, f: Filters, withType = true) {
  const stations = requireDesk(ctx);
  return ctx.trx
    .selectFrom('party_organisations as o')
    .$if(stations !== null, (q) => q.where('o.station_id', 'in', stations!.length ? stations! : ['00000000-0000-0000-0000-000000000000']))
    .$if(withType && f.type !== undefined, (q) => q.where('o.type', '=', f.type!))
    .$if(f.stationId !== undefined, (q) => q.where('o.station_id', '=', f.stationId!))
    .$if(f.status !== undefined, (q) => q.where('o.status', '=', f.status!))
    .$if(!!f.q, (q) => q.where('o.name', 'ilike', `%${f.q!.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
}

type Row = {
  id: string;
  source: 'registry' | 'enterprise';
  type: PartyOrgType;
  name: string;
  contact_name: string | null;
  contact_phone: string | null;
  members: number | null;
  joined_on: string | null;
  status: 'active' | 'left';
  left_on: string | null;
  station_id: string;
  enterprise_id: string | null;
  notes: string | null;
  version: number;
};

const columns = ['o.id', 'o.source', 'o.type', 'o.name', 'o.contact_name', 'o.contact_phone', 'o.members', 'o.joined_on', 'o.status', 'o.left_on', 'o.station_id', 'o.enterprise_id', 'o.notes', 'o.version'] as const;

function view(r: Row, stations: Map<string, { name: string; nameEn: string | null }>): PartyOrgView {
  const contact = maskedContact({ name: r.contact_name, phone: r.contact_phone });
  const station = stations.get(r.station_id);
  return {
    id: r.id,
    source: r.source,
    type: r.type,
    name: r.name,
    contactName: contact.name,
    contactPhone: contact.phone,
    members: r.members,
    joinedOn: r.joined_on,
    status: r.status,
    leftOn: r.left_on,
    stationId: r.station_id,
    stationName: station?.name ?? '',
    stationNameEn: station?.nameEn ?? null,
    enterpriseId: r.enterprise_id,
    notes: r.notes,
    version: r.version,
  };
}

const zeroCounts = (): PartyOrgTypeCounts => Object.fromEntries(partyOrgTypes.map((t) => [t, 0])) as PartyOrgTypeCounts;

/**
 * partyOrg.list: a page of the registry by type, name and id (the cursor names the last row
 * shown), with counts per type and per station over every filtered row (the report's 72 member
 * units, 62 two-new organisations).
 */
export async function listPartyOrgs(ctx: TenantContext, input?: ListPartyOrgsInput): Promise<PartyOrgList> {
  const { cursor, limit = PARTY_ORG_PAGE, ...f } = input ?? {};
  const after = cursor ? registryCursor.decode(cursor) : null;
  const rows = await registryQuery(ctx, f)
    .select(columns)
    .$if(after !== null, (q) => q.where(sql<boolean>`(o.type, o.name, o.id) > (${after![0]}, ${after![1]}, ${after![2]}::uuid)`))
    .orderBy('o.type')
    .orderBy('o.name')
    .orderBy('o.id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const counted = await registryQuery(ctx, f, false)
    .select(['o.station_id', 'o.type', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy(['o.station_id', 'o.type'])
    .execute();
  const stations = await stationNames(ctx);
  const byType = zeroCounts();
  const perStation = new Map<string, PartyOrgTypeCounts>();
  for (const c of counted) {
    const n = Number(c.n);
    byType[c.type] += n;
    const s = perStation.get(c.station_id) ?? zeroCounts();
    s[c.type] += n;
    perStation.set(c.station_id, s);
  }
  const sum = (c: PartyOrgTypeCounts) => partyOrgTypes.reduce((a, t) => a + c[t], 0);
  return {
    items: page.map((r) => view(r, stations)),
    nextCursor: rows.length > limit && last ? registryCursor.encode([last.type, last.name, last.id]) : null,
    counts: {
      total: sum(byType),
      byType,
      byStation: [...stations.entries()]
        .filter(([id]) => perStation.has(id))
        .map(([id, s]) => ({ stationId: id, stationName: s.name, stationNameEn: s.nameEn, total: sum(perStation.get(id)!), byType: perStation.get(id)! })),
    },
  };
}

/** One registry row the actor may see, or NOT_FOUND. */
async function requireOrg(ctx: TenantContext, id: string): Promise<Row> {
  const row = await registryQuery(ctx, {}).select(columns).where('o.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('errors.party.orgNotFound');
  return row;
}

/** partyOrg.get: the row (contact masked) and its batches on duty, latest first. */
export async function getPartyOrg(ctx: TenantContext, input: GetPartyOrgInput): Promise<PartyOrgDetail> {
  const row = await requireOrg(ctx, input.id);
  const batches = await ctx.trx
    .selectFrom('duty_sign_ups as b')
    .innerJoin('duty_shifts as s', (j) => j.onRef('s.tenant_id', '=', 'b.tenant_id').onRef('s.id', '=', 'b.shift_id'))
    .innerJoin('service_posts as p', (j) => j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.post_id'))
    .select(['b.id', 'b.shift_id', 'p.name as post_name', 's.shift_date', 's.starts_at', 's.ends_at', 'b.members', 'b.status'])
    .where('b.organisation_id', '=', row.id)
    .orderBy('s.starts_at', 'desc')
    .limit(50)
    .execute();
  return {
    ...view(row, await stationNames(ctx)),
    batches: batches.map((b) => ({ id: b.id, shiftId: b.shift_id, postName: b.post_name, shiftDate: b.shift_date, startsAt: b.starts_at, endsAt: b.ends_at, members: b.members, status: b.status })),
  };
}

function cleanPhone(phone: string | null | undefined): string | null | undefined {
  if (phone === undefined || phone === null) return phone;
  const normalised = normalizePhone(phone);
  if (!normalised) throw badRequest('errors.party.badPhone');
  return normalised;
}

async function refuseTakenName(ctx: TenantContext, name: string, exceptId?: string): Promise<void> {
  const taken = await ctx.trx
    .selectFrom('party_orgs')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
  if (taken) throw badRequest('errors.party.orgNameTaken', { name });
}

/** partyOrg.create (managers; staff for their stations): an organisation of the registry. */
export async function createPartyOrg(ctx: TenantContext, input: CreatePartyOrgInput): Promise<{ id: string }> {
  requireDeskStation(ctx, input.stationId);
  const station = await ctx.trx.selectFrom('stations').select('id').where('id', '=', input.stationId).executeTakeFirst();
  if (!station) throw notFound('errors.party.stationNotFound');
  const problem = partyOrgDateProblems({ joinedOn: input.joinedOn ?? null, leftOn: null, status: 'active' }, localDate(new Date(), ctx.timezone))[0];
  if (problem) throw badRequest(problem);
  await refuseTakenName(ctx, input.name);
  const row = await ctx.trx
    .insertInto('party_orgs')
    .values({
      tenant_id: ctx.tenantId,
      type: input.type,
      name: input.name,
      contact_name: input.contactName ?? null,
      contact_phone: cleanPhone(input.contactPhone) ?? null,
      members: input.members ?? null,
      joined_on: input.joinedOn ?? null,
      station_id: input.stationId,
      notes: input.notes ?? null,
      created_by: ctx.actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await repo.recordAudit(ctx.trx, { tenantId: ctx.tenantId, actorUserId: ctx.actor.userId, action: 'partyOrg.created', subjectType: 'party_org', subjectId: row.id, data: { type: input.type, name: input.name }, ip: ctx.actor.ip });
  return { id: row.id };
}

/**
 * partyOrg.update: the registry's own organisations; an enterprise's branch is edited in its
 * enterprise file. A stale version is refused (someone saved first).
 */
export async function updatePartyOrg(ctx: TenantContext, input: UpdatePartyOrgInput): Promise<PartyOrgView> {
  const current = await requireOrg(ctx, input.id);
  if (current.source === 'enterprise') throw badRequest('errors.party.branchInEnterpriseFile');
  if (input.stationId !== undefined) requireDeskStation(ctx, input.stationId);
  const status = input.status ?? current.status;
  const leftOn = input.leftOn !== undefined ? input.leftOn : status === 'active' ? null : current.left_on;
  const joinedOn = input.joinedOn !== undefined ? input.joinedOn : current.joined_on;
  const problem = partyOrgDateProblems({ joinedOn, leftOn, status }, localDate(new Date(), ctx.timezone))[0];
  if (problem) throw badRequest(problem);
  if (input.name !== undefined) await refuseTakenName(ctx, input.name, input.id);
  const updated = await ctx.trx
    .updateTable('party_orgs')
    .set({
      ...(input.type !== undefined ? { type: input.type } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.contactName !== undefined ? { contact_name: input.contactName } : {}),
      ...(input.contactPhone !== undefined ? { contact_phone: cleanPhone(input.contactPhone) ?? null } : {}),
      ...(input.members !== undefined ? { members: input.members } : {}),
      ...(input.stationId !== undefined ? { station_id: input.stationId } : {}),
      ...(input.notes !== undefined ? { notes: input.notes } : {}),
      joined_on: joinedOn,
      status,
      left_on: leftOn,
      version: current.version + 1,
      updated_at: new Date(),
    })
    .where('id', '=', input.id)
    .where('version', '=', input.version)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw conflict('errors.concurrentEdit');
  const changed = Object.keys(input).filter((k) => k !== 'id' && k !== 'version');
  await repo.recordAudit(ctx.trx, { tenantId: ctx.tenantId, actorUserId: ctx.actor.userId, action: 'partyOrg.updated', subjectType: 'party_org', subjectId: input.id, data: { changed }, ip: ctx.actor.ip });
  return view(await requireOrg(ctx, input.id), await stationNames(ctx));
}

/**
 * partyOrg.revealContact: the contact person and phone in full, for a manager or the staff of the
 * organisation's station, with the reason in the audit log. A refused reveal is audited too (in a
 * transaction of its own: the refusal rolls back the request's).
 */
export async function revealPartyOrgContact(ctx: TenantContext, input: RevealPartyOrgContactInput): Promise<{ id: string; contactName: string | null; contactPhone: string | null }> {
  const entry = { tenantId: ctx.tenantId, actorUserId: ctx.actor.userId, subjectType: 'party_org', subjectId: input.id, data: { reason: input.reason }, ip: ctx.actor.ip };
  if (!can(ctx.actor.role, 'party:reveal-contact')) {
    if (ctx.db) await withTenant(ctx.db, ctx.tenantId, (trx) => repo.recordAudit(trx, { ...entry, action: 'partyOrg.revealRefused' }));
    throw forbidden('errors.party.revealNotAllowed');
  }
  const row = await requireOrg(ctx, input.id);
  await repo.recordAudit(ctx.trx, { ...entry, action: 'partyOrg.contactRevealed' });
  return { id: row.id, contactName: row.contact_name, contactPhone: row.contact_phone };
}

/** partyOrg.options: the active organisations of the tenant a batch can be signed up for, by name (no contacts). */
export async function partyOrgOptions(ctx: TenantContext): Promise<PartyOrgOptions> {
  requireDesk(ctx);
  const rows = await ctx.trx
    .selectFrom('party_organisations')
    .select(['id', 'name', 'type', 'source', 'station_id'])
    .where('status', '=', 'active')
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, type: r.type, source: r.source, stationId: r.station_id }));
}

/** partyOrg.export: the registry as filtered, as .xlsx — contacts masked as on the page. */
export async function exportPartyOrgs(ctx: TenantContext, deps: { storage: FileStorage; lang: Language }, input?: ExportPartyOrgsInput): Promise<{ fileId: string; fileName: string; rows: number }> {
  const t = translator(deps.lang);
  const rows = await registryQuery(ctx, input ?? {}).select(columns).orderBy('o.type').orderBy('o.name').orderBy('o.id').limit(EXPORT_MAX_ROWS).execute();
  const stations = await stationNames(ctx);
  const views = rows.map((r) => view(r, stations));
  const today = localDate(new Date(), ctx.timezone);
  const data = await writeXlsx([
    {
      name: t('party.orgs.title'),
      columns: [
        { header: t('party.orgs.type'), key: 'type', width: 16 },
        { header: t('party.orgs.name'), key: 'name', width: 36 },
        { header: t('party.orgs.station'), key: 'station', width: 24 },
        { header: t('party.orgs.contactName'), key: 'contactName', width: 12 },
        { header: t('party.orgs.contactPhone'), key: 'contactPhone', width: 16 },
        { header: t('party.orgs.members'), key: 'members', kind: 'number', width: 10 },
        { header: t('party.orgs.joinedOn'), key: 'joinedOn', kind: 'date', width: 12 },
        { header: t('party.orgs.status'), key: 'status', width: 10 },
        { header: t('party.orgs.leftOn'), key: 'leftOn', kind: 'date', width: 12 },
        { header: t('party.orgs.source'), key: 'source', width: 14 },
      ],
      rows: views.map((v) => ({
        type: t(`party.orgType.${v.type}`),
        name: v.name,
        station: deps.lang === 'en' ? (v.stationNameEn ?? v.stationName) : v.stationName,
        contactName: v.contactName,
        contactPhone: v.contactPhone,
        members: v.members,
        joinedOn: v.joinedOn,
        status: t(`party.orgStatus.${v.status}`),
        leftOn: v.leftOn,
        source: t(`party.orgSource.${v.source}`),
      })),
    },
  ]);
  const file = await storeGeneratedFile(ctx, deps, { purpose: 'export', fileName: `${t('party.orgs.fileName')}-${today}.xlsx`, contentType: XLSX, data });
  return { fileId: file.id, fileName: file.name, rows: views.length };
}

