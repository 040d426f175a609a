import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import yazl from 'yazl';
import { withTenant, type Db, type Tx } from '@stationdesk/db';
import { translator, type Language } from '@stationdesk/i18n';
import { assertStorageKey, StoredObjectNotFound, type FileStorage } from '@stationdesk/storage';
import { languageOf } from '../deliveries/message.ts';
import { safeCellText } from '../spreadsheets/write.ts';
import { TENANT_EXPORT_STALE_MS } from './tenant-export.ts';

/**
 * The tenant's archive (issue 21): one .xlsx per domain — a sheet per table, every column but the
 * secrets — and every stored file, in one zip. It is the tenant's own data for its own archive (or
 * for when it leaves), so personal data stays in: dispute parties' names, phones and ID numbers,
 * contacts, participants. Only what is derived (search grams, rollups), operational (sessions,
 * idempotency keys, queue state) or a credential (token and password hashes, robot secrets) is left
 * out. Tables are found in the catalogue, so a table added later lands in its domain, or in
 * `other.xlsx`, without a change here.
 *
 * Streaming throughout: rows come through a cursor 2,000 at a time into exceljs' streaming writer
 * (a temporary file per domain), files are read from the store one at a time as the zip (yazl) is
 * written to a temporary file, and the finished zip streamed from it to the store (FileStorage.putFile).
 */

/** Tables never exported: derived, operational or credentials. */
const SKIPPED_TABLES = /(_grams|_counts|_close_days)$|^(idempotency_keys|tenant_exports|intake_tokens|party_check_in_codes|wall_displays|station_webhooks|work_item_counters)$|password|session|throttle|token/;
/** Columns never exported: credentials, and the tenant id every row shares. */
const SKIPPED_COLUMNS = /hash|token|secret|password|^tenant_id$/;
/** Types that are only machinery (search vectors). */
const SKIPPED_TYPES = new Set(['tsvector']);

export const exportDomains = ['organisation', 'enterprises', 'work-items', 'visits', 'agency', 'disputes', 'patrol', 'party', 'settings', 'notifications', 'audit-log', 'files', 'other'] as const;
export type ExportDomain = (typeof exportDomains)[number];

export function domainOf(table: string): ExportDomain | null {
  if (SKIPPED_TABLES.test(table)) return null;
  if (/^(stations|buildings|memberships|membership_stations)$/.test(table)) return 'organisation';
  if (/^(enterprise|tags$)/.test(table)) return 'enterprises';
  if (/^(work_item|canned_replies$)/.test(table)) return 'work-items';
  if (table.startsWith('agency_')) return 'agency';
  if (table.startsWith('dispute_')) return 'disputes';
  if (table.startsWith('patrol_')) return 'patrol';
  if (/^(party_|service_posts$|duty_|activity_)/.test(table)) return 'party';
  if (/^(work_calendars|calendar_days|sla_policies|kpi_targets)$/.test(table)) return 'settings';
  if (/^(reminders|deliveries|notifications|email_outbox)$/.test(table)) return 'notifications';
  if (table === 'audit_log') return 'audit-log';
  if (table === 'files') return 'files';
  return 'other';
}

/** 回访 (return visits) are lines of the items' history: their own workbook, besides work-items'. */
const VISIT_EVENT_ACTIONS = ['visit', 'rectified', 'redo'];

interface SheetSource {
  domain: ExportDomain;
  sheet: string;
  columns: string[];
  /** A SELECT answering one jsonb `r` per row. */
  query: ReturnType<typeof sql.raw>;
}

const EXCEL_MAX_ROWS = 1_000_000;
const EXCEL_MAX_TEXT = 32_767;
const FETCH = 2000;
/** Progress is written at most this often (its own short transaction). */
const PROGRESS_EVERY_MS = 1000;

function cell(v: unknown): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return safeCellText(text.length > EXCEL_MAX_TEXT ? `${text.slice(0, EXCEL_MAX_TEXT - 1)}…` : text);
}

async function sheetSources(trx: Tx): Promise<SheetSource[]> {
  const { rows } = await sql<{ table_name: string; columns: string[]; types: string[] }>`
    select c.table_name, array_agg(c.column_name::text order by c.ordinal_position) as columns, array_agg(c.data_type::text order by c.ordinal_position) as types
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
       and exists (select 1 from information_schema.columns k where k.table_schema = 'public' and k.table_name = c.table_name and k.column_name = 'tenant_id')
     group by c.table_name
     order by c.table_name`.execute(trx);
  const sources: SheetSource[] = [];
  for (const t of rows) {
    const domain = domainOf(t.table_name);
    if (!domain) continue;
    const columns = t.columns.filter((c, i) => !SKIPPED_COLUMNS.test(c) && !SKIPPED_TYPES.has(t.types[i]!));
    const list = columns.map((c) => `x.${quoteIdent(c)}`).join(', ');
    const order = t.columns.includes('id') ? ' order by x.id' : '';
    sources.push({
      domain,
      sheet: t.table_name,
      columns,
      query: sql.raw(`select jsonb_build_array(${list}) as r from ${quoteIdent(t.table_name)} x${order}`),
    });
    if (t.table_name === 'work_item_events') {
      const actions = VISIT_EVENT_ACTIONS.map((a) => `'${a}'`).join(', ');
      sources.push({ domain: 'visits', sheet: 'visit_events', columns, query: sql.raw(`select jsonb_build_array(${list}) as r from work_item_events x where x.action in (${actions}) order by x.id`) });
    }
  }
  // The people of the tenant (users are not a tenant table): who they are, never their password.
  sources.push({
    domain: 'organisation',
    sheet: 'people',
    columns: ['user_id', 'email', 'display_name', 'locale', 'role', 'enterprise_id', 'membership_created_at'],
    query: sql.raw(`select jsonb_build_array(u.id, u.email, u.display_name, u.locale, m.role, m.enterprise_id, m.created_at) as r
                      from memberships m join users u on u.id = m.user_id order by u.id`),
  });
  return sources;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface TenantExportResult {
  status: 'ready' | 'skipped';
  rows?: number;
  files?: number;
  missingFiles?: number;
  sizeBytes?: number;
}

/**
 * Runs one export (the worker's tenant-export job). Idempotent: an export that is finished, or
 * running with a live worker, is left alone; a pending one — or one whose worker stopped reporting —
 * is (re)built from the start. A failure puts it back to pending (the queue's retry or the
 * reconciler takes it up again), and after three attempts marks it failed.
 */
export async function runTenantExport(deps: { db: Db; storage: FileStorage }, payload: { tenantId: string; exportId: string }, now = new Date()): Promise<TenantExportResult> {
  const { db, storage } = deps;
  const { tenantId, exportId } = payload;
  const stale = new Date(now.getTime() - TENANT_EXPORT_STALE_MS).toISOString();
  const claimed = await withTenant(db, tenantId, async (trx) => {
    const row = await trx
      .updateTable('tenant_exports')
      .set((eb) => ({ status: 'running', progress: 0, step: null, started_at: now, heartbeat_at: now, attempts: eb('attempts', '+', 1), error: null }))
      .where('id', '=', exportId)
      .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'running'), eb('heartbeat_at', '<', stale)])]))
      .returning(['requested_by', 'attempts'])
      .executeTakeFirst();
    if (!row) return null;
    const user = await trx.selectFrom('users').select('locale').where('id', '=', row.requested_by).executeTakeFirst();
    return { requestedBy: row.requested_by, attempts: row.attempts, lang: languageOf(user?.locale) };
  });
  if (!claimed) return { status: 'skipped' };

  const dir = await mkdtemp(join(tmpdir(), 'sd-tenant-export-'));
  try {
    const result = await build(deps, payload, dir, claimed.lang);
    const key = `${tenantId}/exports/${exportId}`;
    assertStorageKey(key);
    // Streamed from the temporary file to the store: the zip is never held in memory.
    await storage.putFile(key, join(dir, 'export.zip'));
    const t = translator(claimed.lang);
    const finished = await withTenant(db, tenantId, async (trx) => {
      const done = await trx
        .updateTable('tenant_exports')
        // The database's clock, as the notification's created_at below: what was written from here on is not in the export.
        .set({ status: 'ready', progress: 100, step: null, finished_at: sql`now()`, heartbeat_at: sql`now()`, storage_key: key, size_bytes: result.sizeBytes, file_count: result.files, row_count: result.rows })
        .where('id', '=', exportId)
        .where('status', '=', 'running')
        .returning('id')
        .executeTakeFirst();
      if (!done) return false;
      // The requester hears of it in their inbox, in their language (the download link is made on the page).
      await trx
        .insertInto('notifications')
        .values({
          tenant_id: tenantId,
          user_id: claimed.requestedBy,
          kind: 'tenant_export',
          title: t('tenantExport.notification.title'),
          body: t('tenantExport.notification.body', { rows: result.rows, files: result.files }),
          items: JSON.stringify([{ id: exportId, title: t('tenantExport.notification.item'), link: '/settings/export' }]),
        })
        .execute();
      return true;
    });
    if (!finished) await storage.delete(key).catch(() => {});
    return { status: finished ? 'ready' : 'skipped', ...result };
  } catch (e) {
    const message = e instanceof Error ? e.message.slice(0, 500) : String(e).slice(0, 500);
    await withTenant(db, tenantId, (trx) =>
      trx
        .updateTable('tenant_exports')
        .set({ status: claimed.attempts >= 3 ? 'failed' : 'pending', error: message, heartbeat_at: new Date() })
        .where('id', '=', exportId)
        .where('status', '=', 'running')
        .execute(),
    );
    throw e;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function build(
  deps: { db: Db; storage: FileStorage },
  payload: { tenantId: string; exportId: string },
  dir: string,
  lang: Language,
): Promise<{ rows: number; files: number; missingFiles: number; sizeBytes: number }> {
  const { db, storage } = deps;
  const { tenantId, exportId } = payload;
  let lastReport = 0;
  const report = async (progress: number, step: string, force = false) => {
    if (!force && Date.now() - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = Date.now();
    await withTenant(db, tenantId, (trx) =>
      trx.updateTable('tenant_exports').set({ progress: Math.min(99, Math.floor(progress)), step, heartbeat_at: new Date() }).where('id', '=', exportId).where('status', '=', 'running').execute(),
    );
  };

  // 1. The workbooks: every table in one transaction (one snapshot per statement, the cursor's own).
  const workbooks = new Map<ExportDomain, string>();
  const { rows, fileList } = await withTenant(db, tenantId, async (trx) => {
    const sources = await sheetSources(trx);
    const fileList = await trx.selectFrom('files').select(['id', 'storage_key', 'original_name']).orderBy('id').execute();
    // Tables count for half the bar, files for the other half.
    const total = sources.length;
    let rows = 0;
    let done = 0;
    for (const domain of exportDomains) {
      const mine = sources.filter((s) => s.domain === domain);
      if (mine.length === 0) continue;
      const path = join(dir, `${domain}.xlsx`);
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: true });
      for (const source of mine) {
        await report((done / Math.max(total, 1)) * 50, domain);
        rows += await writeSheet(trx, wb, source);
        done++;
      }
      await wb.commit();
      workbooks.set(domain, path);
    }
    return { rows, fileList };
  });

  // 2. The zip: the workbooks, a README, then every file, one read stream at a time.
  const t = translator(lang);
  const zip = new yazl.ZipFile();
  const zipPath = join(dir, 'export.zip');
  const written = pipeline(zip.outputStream as unknown as Readable, createWriteStream(zipPath));
  zip.addBuffer(Buffer.from(t('tenantExport.readme', { domains: [...workbooks.keys()].map((d) => `${d}.xlsx`).join(', ') }), 'utf8'), 'README.txt');
  for (const [domain, path] of workbooks) zip.addFile(path, `${domain}.xlsx`, { compress: false });
  const missing: string[] = [];
  let opened = 0;
  for (const f of fileList) {
    const name = `files/${f.id}-${f.original_name.replace(/[/\\]/g, '_')}`;
    zip.addReadStreamLazy(name, { compress: false }, (cb) => {
      opened++;
      void report(50 + (opened / Math.max(fileList.length, 1)) * 50, 'files').catch(() => {});
      storage.get(f.storage_key).then(
        (s) => cb(null, s),
        (e: unknown) => {
          if (!(e instanceof StoredObjectNotFound)) return cb(e, Readable.from([]));
          missing.push(`${f.id}\t${f.original_name}`);
          cb(null, Readable.from([]));
        },
      );
    });
  }
  // Written last, when every file before it has been read: the files the store did not have.
  zip.addReadStreamLazy('files/MISSING.txt', (cb) => cb(null, Readable.from([Buffer.from(missing.join('\n'), 'utf8')])));
  zip.end();
  await written;
  await report(99, 'files', true);
  const { size } = await stat(zipPath);
  return { rows, files: fileList.length - missing.length, missingFiles: missing.length, sizeBytes: size };
}

/** One table into its sheet(s), through a cursor; a sheet past Excel's row limit continues in the next. */
async function writeSheet(trx: Tx, wb: ExcelJS.stream.xlsx.WorkbookWriter, source: SheetSource): Promise<number> {
  let part = 1;
  const open = () => {
    const name = (part === 1 ? source.sheet : `${source.sheet}~${part}`).slice(0, 31);
    const ws = wb.addWorksheet(name);
    ws.addRow(source.columns).commit();
    return ws;
  };
  let ws = open();
  let inSheet = 0;
  let total = 0;
  await sql`declare export_rows no scroll cursor for ${source.query}`.execute(trx);
  for (;;) {
    const { rows } = await sql<{ r: unknown[] }>`fetch ${sql.raw(String(FETCH))} from export_rows`.execute(trx);
    for (const { r } of rows) {
      if (inSheet === EXCEL_MAX_ROWS) {
        ws.commit();
        part++;
        ws = open();
        inSheet = 0;
      }
      ws.addRow(r.map(cell)).commit();
      inSheet++;
      total++;
    }
    if (rows.length < FETCH) break;
  }
  await sql`close export_rows`.execute(trx);
  ws.commit();
  return total;
}
