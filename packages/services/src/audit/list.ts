import { sql } from 'kysely';
import { addDays, auditActionKey, forbidden, localDate, zonedTimeToInstant } from '@stationdesk/core';
import { cursorInstant, keysetCursor, repo } from '@stationdesk/db';
import { translator, type Language } from '@stationdesk/i18n';
import type { TenantContext } from '../context.ts';
import { storeGeneratedFile } from '../files/store-generated-file.ts';
import type { FileDeps } from '../files/save-file.ts';
import { writeXlsx } from '../spreadsheets/write.ts';
import type {
  AuditEntryOutput,
  AuditPeopleOutput,
  ExportAuditInput,
  ExportAuditOutput,
  ListAuditInput,
  ListAuditOutput,
} from './list.schema.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** An export is a document for a question, not a backup (that is the tenant export): capped. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

/** Newest first: (at, id) of the last row shown. */
const newestFirst = keysetCursor('instant', 'id');

function requireManager(ctx: TenantContext): void {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
}

type Filter = NonNullable<ExportAuditInput>;

/** The filtered log, newest first (one of the 0039 indexes serves each filter). */
function query(ctx: TenantContext, f: Filter) {
  const start = f.from ? new Date(zonedTimeToInstant(f.from, 0, ctx.timezone)).toISOString() : null;
  const end = f.to ? new Date(zonedTimeToInstant(addDays(f.to, 1), 0, ctx.timezone)).toISOString() : null;
  return ctx.trx
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select(['a.id', cursorInstant('a.at').as('at'), 'a.action', 'a.actor_user_id', 'u.display_name', 'a.subject_type', 'a.subject_id', 'a.data', 'a.ip'])
    .where('a.tenant_id', '=', ctx.tenantId)
    .$if(f.actorUserId !== undefined, (q) => q.where('a.actor_user_id', '=', f.actorUserId!))
    .$if(f.action !== undefined, (q) => q.where('a.action', '=', f.action!))
    .$if(start !== null, (q) => q.where('a.at', '>=', start!))
    .$if(end !== null, (q) => q.where('a.at', '<', end!))
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc');
}

type Row = { id: string; at: string; action: string; actor_user_id: string | null; display_name: string | null; subject_type: string; subject_id: string | null; data: Record<string, unknown>; ip: string | null };

function view(r: Row): AuditEntryOutput {
  return {
    id: r.id,
    at: r.at,
    action: r.action,
    actor: r.actor_user_id ? { userId: r.actor_user_id, name: r.display_name } : null,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    data: r.data ?? {},
    ip: r.ip,
  };
}

/** audit.list: every audited event of the tenant, filtered by person, action and period. */
export async function listAudit(ctx: TenantContext, input: ListAuditInput = {}): Promise<ListAuditOutput> {
  requireManager(ctx);
  const { cursor, limit: requested, ...filter } = input ?? {};
  const limit = requested ?? 50;
  const after = cursor ? newestFirst.decode(cursor) : null;
  const rows = (await query(ctx, filter)
    .$if(after !== null, (q) => q.where(sql<boolean>`(a.at, a.id) < (${after![0]}::timestamptz, ${after![1]}::uuid)`))
    .limit(limit + 1)
    .execute()) as Row[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(view), nextCursor: rows.length > limit && last ? newestFirst.encode([last.at, last.id]) : null };
}

/** audit.people: whom the person filter offers (the members, whatever their role). */
export async function auditPeople(ctx: TenantContext): Promise<AuditPeopleOutput> {
  requireManager(ctx);
  const rows = await ctx.trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.display_name', 'm.role'])
    .where('m.tenant_id', '=', ctx.tenantId)
    .orderBy('u.display_name')
    .execute();
  return rows.map((r) => ({ userId: r.id, name: r.display_name, role: r.role }));
}

/** The label of an action in `lang`; an action without one (written after this list) as written. */
export function auditActionLabel(lang: Language, action: string): string {
  return translator(lang)(auditActionKey(action), { defaultValue: action });
}

/** The rows of an audit sheet, the same columns for audit.export and the tenant export. */
export function auditSheetColumns(lang: Language) {
  const t = translator(lang);
  return [
    { header: t('audit.column.at'), key: 'at', width: 22 },
    { header: t('audit.column.actor'), key: 'actor', width: 16 },
    { header: t('audit.column.action'), key: 'actionLabel', width: 24 },
    { header: t('audit.column.actionCode'), key: 'action', width: 28 },
    { header: t('audit.column.subject'), key: 'subject', width: 30 },
    { header: t('audit.column.data'), key: 'data', width: 60 },
    { header: t('audit.column.ip'), key: 'ip', width: 16 },
  ];
}

export function auditSheetRow(lang: Language, timezone: string, r: { at: string; action: string; actorName: string | null; actorUserId: string | null; subjectType: string; subjectId: string | null; data: unknown; ip: string | null }) {
  const at = new Date(r.at);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(at);
  return {
    at: `${localDate(at, timezone)} ${time}`,
    actor: r.actorName ?? r.actorUserId ?? '',
    actionLabel: auditActionLabel(lang, r.action),
    action: r.action,
    subject: r.subjectId ? `${r.subjectType}:${r.subjectId}` : r.subjectType,
    data: JSON.stringify(r.data ?? {}),
    ip: r.ip ?? '',
  };
}

/** audit.export: the filtered log as .xlsx, and an audit row saying who exported what. */
export async function exportAudit(ctx: TenantContext, deps: FileDeps & { lang: Language }, input: ExportAuditInput = {}): Promise<ExportAuditOutput> {
  requireManager(ctx);
  const filter = input ?? {};
  const rows = (await query(ctx, filter).limit(AUDIT_EXPORT_MAX_ROWS).execute()) as Row[];
  const t = translator(deps.lang);
  const data = await writeXlsx([
    {
      name: t('audit.sheet'),
      columns: auditSheetColumns(deps.lang),
      rows: rows.map((r) =>
        auditSheetRow(deps.lang, ctx.timezone, { at: r.at, action: r.action, actorName: r.display_name, actorUserId: r.actor_user_id, subjectType: r.subject_type, subjectId: r.subject_id, data: r.data, ip: r.ip }),
      ),
    },
  ]);
  const file = await storeGeneratedFile(ctx, deps, {
    purpose: 'export',
    fileName: `${t('audit.fileName')}-${localDate(new Date(), ctx.timezone)}.xlsx`,
    contentType: XLSX,
    data,
  });
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'audit.exported',
    subjectType: 'file',
    subjectId: file.id,
    data: { filter, rows: rows.length },
    ip: ctx.actor.ip,
  });
  return { fileId: file.id, fileName: file.name, rows: rows.length };
}
