import { sql } from 'kysely';
import {
  AppError,
  badRequest,
  conflict,
  diffFields,
  findDuplicateCodes,
  findHeaderRow,
  importColumns,
  importRowCells,
  localDate,
  notFound,
  validateImportRow,
  type EnterpriseFileAction,
  type EnterpriseImportRow,
  type ImportIssue,
} from '@stationdesk/core';
import { withTenant, type Db } from '@stationdesk/db';
import { translator, type Language } from '@stationdesk/i18n';
import type { FileStorage } from '@stationdesk/storage';
import type { TenantContext } from '../context.ts';
import { readTableInWorker } from '../spreadsheets/read-in-worker.ts';
import type {
  CommitImportInput,
  CommitImportOutput,
  ImportIssueView,
  ImportStatusInput,
  ImportStatusOutput,
  PreviewImportInput,
  PreviewImportOutput,
} from './import-enterprises.schema.ts';
import { requireEditor } from './write-enterprise.ts';
import { rescoreEnterpriseDisputes } from '../disputes/risk.ts';

export const IMPORT_MAX_ROWS = 20_000;
/**
 * Imports (previews and commits) running at once in one web process, per tenant and in all: each
 * parses up to 10 MB of spreadsheet in a worker thread, so a few at once is what a process can
 * carry without a tenant's burst starving everyone else's requests.
 */
export const IMPORTS_PER_TENANT = 2;
const IMPORTS_PER_PROCESS = 4;
/** Rows written per statement: big enough to be quick, small enough to report progress. */
const CHUNK = 500;

export interface ImportDeps {
  storage: FileStorage;
  /** For progress: written beside the import's own transaction so pollers see it at once. */
  db: Db;
}

export interface ImportRowReport {
  rowNumber: number;
  name: string;
  creditCode: string;
  action: ImportAction | null;
  errors: ImportIssue[];
}

/** What committing a valid row does: an unchanged one (same values as the stored file) is left untouched. */
export type ImportAction = 'create' | 'update' | 'unchanged';

interface Analysis {
  total: number;
  headerErrors: ImportIssue[];
  valid: { rowNumber: number; value: EnterpriseImportRow; action: ImportAction; stored: StoredEnterprise | null }[];
  invalid: ImportRowReport[];
}

async function loadImportFile(ctx: TenantContext, deps: ImportDeps, fileId: string) {
  const file = await ctx.trx
    .selectFrom('files')
    .select(['id', 'storage_key', 'content_type', 'purpose', 'uploaded_by'])
    .where('id', '=', fileId)
    .executeTakeFirst();
  if (!file || file.purpose !== 'import' || (file.uploaded_by !== ctx.actor.userId && ctx.actor.role !== 'manager')) {
    throw notFound('errors.file.notFound');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of await deps.storage.get(file.storage_key)) chunks.push(chunk as Buffer);
  return { data: Buffer.concat(chunks), kind: file.content_type.includes('csv') ? ('csv' as const) : ('xlsx' as const) };
}

/**
 * Reads and checks every row against the tenant as it is now: the credit code, required fields,
 * known buildings within the actor's stations, duplicates in the file, known tags, and whether
 * the code is already registered (then the row updates that file — if the actor may).
 */
async function analyse(ctx: TenantContext, deps: ImportDeps, fileId: string): Promise<Analysis> {
  const { data, kind } = await loadImportFile(ctx, deps, fileId);
  const table = await readTableInWorker(data, kind, { maxRows: IMPORT_MAX_ROWS });
  if (!table.ok) throw badRequest(table.key, table.params);
  const headers = findHeaderRow(table.rows);
  if (!headers.ok) return { total: table.rows.length, headerErrors: headers.errors, valid: [], invalid: [] };
  const rows = table.rows.filter((row) => row.rowNumber > headers.rowNumber);

  const buildings = await ctx.trx.selectFrom('buildings').select(['id', 'name', 'station_id']).execute();
  const tags = new Set((await ctx.trx.selectFrom('tags').select('name').execute()).map((t) => t.name));
  const allowedStationIds = ctx.actor.scope.kind === 'stations' ? ctx.actor.scope.stationIds : null;
  const context = {
    buildings: new Map(buildings.map((b) => [b.name, { id: b.id, stationId: b.station_id }])),
    allowedStationIds,
    today: localDate(new Date(), ctx.timezone),
  };

  const checked = rows.map((row) => {
    const cells = importRowCells(headers.columnIndex, row.cells);
    const numeric = new Set(importColumns.filter((c) => row.numericColumns.includes(headers.columnIndex[c.key] ?? -1)).map((c) => c.key));
    return { rowNumber: row.rowNumber, cells, result: validateImportRow(cells, context, numeric) };
  });
  const duplicates = findDuplicateCodes(
    checked.flatMap((c) => (c.result.ok ? [{ rowNumber: c.rowNumber, creditCode: c.result.value.creditCode }] : [])),
  );
  const codes = checked.flatMap((c) => (c.result.ok ? [c.result.value.creditCode] : []));
  const existing = new Map<string, StoredEnterprise>();
  for (let i = 0; i < codes.length; i += 5000) {
    for (const r of await loadStored(ctx, codes.slice(i, i + 5000))) existing.set(r.credit_code, r);
  }

  const analysis: Analysis = { total: checked.length, headerErrors: [], valid: [], invalid: [] };
  for (const c of checked) {
    const errors: ImportIssue[] = c.result.ok ? [] : [...c.result.errors];
    let action: ImportAction | null = null;
    if (c.result.ok) {
      const v = c.result.value;
      const dup = duplicates.get(c.rowNumber);
      if (dup) errors.push(dup);
      for (const tag of v.tags) if (!tags.has(tag)) errors.push({ column: 'tags', key: 'errors.import.tagUnknown', params: { tag } });
      const found = existing.get(v.creditCode);
      if (found && allowedStationIds && !allowedStationIds.includes(found.station_id)) {
        errors.push({ column: 'creditCode', key: 'errors.import.existingNotYours' });
      }
      action = !found ? 'create' : changesOf(found, v) ? 'update' : 'unchanged';
      if (errors.length === 0) {
        analysis.valid.push({ rowNumber: c.rowNumber, value: v, action, stored: found ?? null });
        continue;
      }
    }
    analysis.invalid.push({ rowNumber: c.rowNumber, name: c.cells.name ?? '', creditCode: c.cells.creditCode ?? '', action, errors });
  }
  return analysis;
}

type StoredEnterprise = Awaited<ReturnType<typeof loadStored>>[number];

/** The stored files with these codes, their primary contact and tag names: what a row is compared with. */
async function loadStored(ctx: TenantContext, codes: string[]) {
  const rows = await ctx.trx.selectFrom('enterprises').selectAll().where('credit_code', 'in', codes).execute();
  const ids = rows.map((r) => r.id);
  const contacts = ids.length
    ? await ctx.trx.selectFrom('enterprise_contacts').select(['enterprise_id', 'name', 'title', 'phone', 'email']).where('enterprise_id', 'in', ids).where('is_primary', '=', true).execute()
    : [];
  const tags = ids.length
    ? await ctx.trx.selectFrom('enterprise_tags').innerJoin('tags', 'tags.id', 'enterprise_tags.tag_id').select(['enterprise_tags.enterprise_id', 'tags.name']).where('enterprise_tags.enterprise_id', 'in', ids).execute()
    : [];
  const contactOf = new Map(contacts.map((c) => [c.enterprise_id, c]));
  return rows.map((r) => ({
    ...r,
    primaryContact: contactOf.get(r.id) ?? null,
    tagNames: tags.filter((t) => t.enterprise_id === r.id).map((t) => t.name),
  }));
}

const capitalText = (v: string | null) => (v === null ? null : String(Number(v)));

/** The file's fields as the row would write them, stored and incoming side by side. */
function fieldChanges(old: StoredEnterprise | null, v: EnterpriseImportRow) {
  const { contact: _c, tags: _t, stationId: _s, ...fields } = v;
  const next = { ...fields, registeredCapitalWan: capitalText(fields.registeredCapitalWan) };
  const prev = old
    ? {
        name: old.name, nameEn: old.name_en, creditCode: old.credit_code, legalRepresentative: old.legal_representative,
        registeredCapitalWan: capitalText(old.registered_capital_wan), industry: old.industry, establishedOn: old.established_on,
        employees: old.employees, buildingId: old.building_id, floor: old.floor, room: old.room, status: old.status,
        hasPartyBranch: old.has_party_branch, partyBranchName: old.party_branch_name, partyMembers: old.party_members,
        partySecretary: old.party_secretary,
      }
    : {};
  return diffFields(prev as Record<string, unknown>, next as Record<string, unknown>);
}

/**
 * Whether writing the (normalised) row would change the stored file: its fields, its primary
 * contact when the row names one, its tags when the row lists some (blank cells leave both alone).
 */
function changesOf(old: StoredEnterprise, v: EnterpriseImportRow): boolean {
  if (Object.keys(fieldChanges(old, v)).length > 0) return true;
  const c = old.primaryContact;
  if (v.contact && (!c || c.name !== v.contact.name || c.title !== v.contact.title || c.phone !== v.contact.phone || c.email !== v.contact.email)) return true;
  const tags = [...new Set(v.tags)];
  return tags.length > 0 && (tags.length !== old.tagNames.length || tags.some((t) => !old.tagNames.includes(t)));
}

const running = { total: 0, byTenant: new Map<string, number>() };

/** Runs one import if this process has room for it, else refuses at once (try again later). */
async function withImportSlot<T>(tenantId: string, run: () => Promise<T>): Promise<T> {
  const mine = running.byTenant.get(tenantId) ?? 0;
  if (mine >= IMPORTS_PER_TENANT) throw new AppError('TOO_MANY_REQUESTS', 'errors.import.busyTenant', { max: IMPORTS_PER_TENANT });
  if (running.total >= IMPORTS_PER_PROCESS) throw new AppError('TOO_MANY_REQUESTS', 'errors.import.busy');
  running.total++;
  running.byTenant.set(tenantId, mine + 1);
  try {
    return await run();
  } finally {
    running.total--;
    const left = running.byTenant.get(tenantId)! - 1;
    if (left) running.byTenant.set(tenantId, left);
    else running.byTenant.delete(tenantId);
  }
}

/** Row problems as sentences in the reader's language, with the template's column name. */
function describe(issues: ImportIssue[], lang: Language): ImportIssueView[] {
  const t = translator(lang);
  return issues.map((i) => {
    const col = importColumns.find((c) => c.key === i.column);
    return {
      column: col ? (lang === 'en' ? col.headerEn : col.header).replace(/\*$/, '') : null,
      message: t(i.key, i.params ?? {}),
    };
  });
}

/** Step one: nothing is written but the import's own record; the user sees every row's problems. */
export async function previewImport(ctx: TenantContext, deps: ImportDeps & { lang: Language }, input: PreviewImportInput): Promise<PreviewImportOutput> {
  requireEditor(ctx);
  return withImportSlot(ctx.tenantId, () => preview(ctx, deps, input));
}

async function preview(ctx: TenantContext, deps: ImportDeps & { lang: Language }, input: PreviewImportInput): Promise<PreviewImportOutput> {
  const a = await analyse(ctx, deps, input.fileId);
  const row = await ctx.trx
    .insertInto('enterprise_imports')
    .values({ tenant_id: ctx.tenantId, file_id: input.fileId, created_by: ctx.actor.userId, total_rows: a.total, valid_rows: a.valid.length })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    totalRows: a.total,
    validRows: a.valid.length,
    unchangedRows: a.valid.filter((v) => v.action === 'unchanged').length,
    invalidRows: a.invalid.length,
    headerErrors: describe(a.headerErrors, deps.lang),
    rows: [
      ...a.invalid.slice(0, 500).map((r) => ({ ...r, errors: describe(r.errors, deps.lang) })),
      ...a.valid.slice(0, 20).map((v) => ({ rowNumber: v.rowNumber, name: v.value.name, creditCode: v.value.creditCode, action: v.action, errors: [] })),
    ],
  };
}

const enterpriseColumns = (v: EnterpriseImportRow) => ({
  name: v.name,
  name_en: v.nameEn,
  legal_representative: v.legalRepresentative,
  registered_capital_wan: v.registeredCapitalWan,
  industry: v.industry,
  established_on: v.establishedOn,
  employees: v.employees,
  station_id: v.stationId,
  building_id: v.buildingId,
  floor: v.floor,
  room: v.room,
  status: v.status,
  has_party_branch: v.hasPartyBranch,
  party_branch_name: v.partyBranchName,
  party_members: v.partyMembers,
  party_secretary: v.partySecretary,
});

async function setProgress(deps: ImportDeps, ctx: TenantContext, importId: string, values: { status?: 'committing' | 'failed'; processed?: number; error?: string }) {
  await withTenant(deps.db, ctx.tenantId, (trx) =>
    trx
      .updateTable('enterprise_imports')
      .set({
        ...(values.status ? { status: values.status } : {}),
        ...(values.processed !== undefined ? { processed_rows: values.processed } : {}),
        ...(values.error ? { error: values.error, finished_at: new Date() } : {}),
      })
      .where('id', '=', importId)
      .execute(),
  );
}

/**
 * Step two: the valid rows, re-read and re-checked from the stored file (the preview is not
 * trusted), written in one transaction — created, or updated by credit code so a re-import never
 * duplicates. Progress is reported beside the transaction.
 */
export async function commitImport(ctx: TenantContext, deps: ImportDeps, input: CommitImportInput): Promise<CommitImportOutput> {
  requireEditor(ctx);
  return withImportSlot(ctx.tenantId, () => commit(ctx, deps, input));
}

async function commit(ctx: TenantContext, deps: ImportDeps, input: CommitImportInput): Promise<CommitImportOutput> {
  const job = await ctx.trx.selectFrom('enterprise_imports').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!job || (job.created_by !== ctx.actor.userId && ctx.actor.role !== 'manager')) throw notFound('errors.import.notFound');
  // A second click waits here for the first, then finds it done.
  await sql`select pg_advisory_xact_lock(hashtextextended(${input.id}, 0))`.execute(ctx.trx);
  const current = await ctx.trx.selectFrom('enterprise_imports').select('status').where('id', '=', input.id).executeTakeFirstOrThrow();
  if (current.status === 'committed') throw conflict('errors.import.alreadyCommitted');
  await setProgress(deps, ctx, input.id, { status: 'committing', processed: 0 });
  try {
    const result = await writeRows(ctx, deps, input.id, (await analyse(ctx, deps, job.file_id)).valid);
    await ctx.trx
      .updateTable('enterprise_imports')
      .set({
        status: 'committed',
        processed_rows: result.created + result.updated + result.unchanged,
        created_count: result.created,
        updated_count: result.updated,
        finished_at: new Date(),
      })
      .where('id', '=', input.id)
      .execute();
    return result;
  } catch (e) {
    await setProgress(deps, ctx, input.id, { status: 'failed', error: e instanceof AppError ? e.messageKey : 'errors.internal' }).catch(() => undefined);
    throw e;
  }
}

/** Writes the rows that change something; unchanged ones keep their version and history as they are. */
async function writeRows(ctx: TenantContext, deps: ImportDeps, importId: string, valid: Analysis['valid']): Promise<CommitImportOutput> {
  const tagIds = new Map((await ctx.trx.selectFrom('tags').select(['id', 'name']).execute()).map((t) => [t.name, t.id]));
  const rows = valid.filter((r) => r.action !== 'unchanged');
  const unchanged = valid.length - rows.length;
  let created = 0;
  let updated = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const written = await ctx.trx
      .insertInto('enterprises')
      .values(chunk.map((r) => ({ tenant_id: ctx.tenantId, credit_code: r.value.creditCode, ...enterpriseColumns(r.value) })))
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'credit_code']).doUpdateSet((eb) => ({
          ...Object.fromEntries(Object.keys(enterpriseColumns(chunk[0]!.value)).map((c) => [c, eb.ref(`excluded.${c}` as never)])),
          version: sql`enterprises.version + 1`,
          updated_at: new Date(),
        })),
      )
      .returning(['id', 'credit_code', sql<boolean>`xmax = 0`.as('inserted')])
      .execute();
    const idOf = new Map(written.map((w) => [w.credit_code, w.id]));
    created += written.filter((w) => w.inserted).length;
    updated += written.filter((w) => !w.inserted).length;

    // Contacts: the row's contact becomes the primary one (same name: updated in place).
    const withContact = chunk.filter((r) => r.value.contact);
    if (withContact.length) {
      await ctx.trx
        .updateTable('enterprise_contacts')
        .set({ is_primary: false })
        .where('enterprise_id', 'in', withContact.map((r) => idOf.get(r.value.creditCode)!))
        .where('is_primary', '=', true)
        .execute();
      await ctx.trx
        .deleteFrom('enterprise_contacts')
        .where((eb) =>
          eb.or(withContact.map((r) => eb.and([eb('enterprise_id', '=', idOf.get(r.value.creditCode)!), eb('name', '=', r.value.contact!.name)]))),
        )
        .execute();
      await ctx.trx
        .insertInto('enterprise_contacts')
        .values(
          withContact.map((r) => ({
            tenant_id: ctx.tenantId,
            enterprise_id: idOf.get(r.value.creditCode)!,
            name: r.value.contact!.name,
            title: r.value.contact!.title,
            phone: r.value.contact!.phone,
            email: r.value.contact!.email,
            is_primary: true,
          })),
        )
        .execute();
    }
    // Tags named in the file replace the enterprise's tags; an empty cell leaves them alone.
    const tagged = chunk.filter((r) => r.value.tags.length);
    if (tagged.length) {
      await ctx.trx.deleteFrom('enterprise_tags').where('enterprise_id', 'in', tagged.map((r) => idOf.get(r.value.creditCode)!)).execute();
      await ctx.trx
        .insertInto('enterprise_tags')
        .values(tagged.flatMap((r) => [...new Set(r.value.tags)].map((t) => ({ tenant_id: ctx.tenantId, enterprise_id: idOf.get(r.value.creditCode)!, tag_id: tagIds.get(t)! }))))
        .execute();
    }
    // The history: what the import created, or which fields it changed (a new contact or tags only: nothing).
    const statusChanged: string[] = [];
    const entries = chunk.flatMap((r) => {
      const old = r.stored;
      const changes = fieldChanges(old, r.value);
      if (old && changes.status) statusChanged.push(old.id);
      if (old && Object.keys(changes).length === 0) return [];
      return [
        {
          tenant_id: ctx.tenantId,
          actor_user_id: ctx.actor.userId,
          action: (old ? 'enterprise.imported' : 'enterprise.created') satisfies EnterpriseFileAction,
          subject_type: 'enterprise',
          subject_id: idOf.get(r.value.creditCode)!,
          data: JSON.stringify({ changes, importId }),
          ip: ctx.actor.ip,
        },
      ];
    });
    if (entries.length) await ctx.trx.insertInto('audit_log').values(entries).execute();
    for (const id of statusChanged) await rescoreEnterpriseDisputes(ctx, id, 'enterprise_status');
    await setProgress(deps, ctx, importId, { processed: unchanged + Math.min(i + CHUNK, rows.length) });
  }
  return { created, updated, unchanged };
}

export async function importStatus(ctx: TenantContext, input: ImportStatusInput): Promise<ImportStatusOutput> {
  const job = await ctx.trx.selectFrom('enterprise_imports').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!job || (job.created_by !== ctx.actor.userId && ctx.actor.role !== 'manager')) throw notFound('errors.import.notFound');
  return {
    status: job.status,
    processed: job.processed_rows,
    total: job.valid_rows,
    created: job.created_count,
    updated: job.updated_count,
    unchanged: job.status === 'committed' ? job.processed_rows - (job.created_count ?? 0) - (job.updated_count ?? 0) : null,
    error: job.error,
  };
}
