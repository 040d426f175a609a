import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError, conflict, forbidden, localDate, notFound } from '@stationdesk/core';
import { isUuid, repo, withSystemScan, type Db, type Tx } from '@stationdesk/db';
import { jobs, tenantExportJobId, type QueueProducer } from '@stationdesk/jobs';
import type { FileStorage } from '@stationdesk/storage';
import type { TenantContext } from '../context.ts';
import type {
  ListTenantExportsInput,
  ListTenantExportsOutput,
  RequestTenantExportInput,
  TenantExportLinkInput,
  TenantExportLinkOutput,
  TenantExportOutput,
} from './tenant-export.schema.ts';

/** How long a download link works: long enough to click it, short enough that a leaked one is dead. */
export const TENANT_EXPORT_LINK_MINUTES = 15;
/** A running export whose worker has not reported for this long is taken up again (a worker died). */
export const TENANT_EXPORT_STALE_MS = 10 * 60_000;

function requireManager(ctx: TenantContext): void {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

type Row = {
  id: string;
  status: TenantExportOutput['status'];
  progress: number;
  step: string | null;
  requested_at: string;
  requested_by: string;
  display_name: string | null;
  finished_at: string | null;
  size_bytes: string | null;
  file_count: number | null;
  row_count: string | null;
  error: string | null;
};

function selectExports(trx: Tx) {
  return trx
    .selectFrom('tenant_exports as x')
    .leftJoin('users as u', 'u.id', 'x.requested_by')
    .select(['x.id', 'x.status', 'x.progress', 'x.step', 'x.requested_at', 'x.requested_by', 'u.display_name', 'x.finished_at', 'x.size_bytes', 'x.file_count', 'x.row_count', 'x.error']);
}

function view(r: Row): TenantExportOutput {
  return {
    id: r.id,
    status: r.status,
    progress: r.progress,
    step: r.step,
    requestedAt: r.requested_at,
    requestedBy: { userId: r.requested_by, name: r.display_name },
    finishedAt: r.finished_at,
    sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
    fileCount: r.file_count,
    rowCount: r.row_count === null ? null : Number(r.row_count),
    error: r.error,
  };
}

/** tenantExport.request: queues the tenant's archive; refused while another one is being built. */
export async function requestTenantExport(ctx: TenantContext, _input: RequestTenantExportInput = {}): Promise<TenantExportOutput> {
  requireManager(ctx);
  const inFlight = await ctx.trx.selectFrom('tenant_exports').select('id').where('status', 'in', ['pending', 'running']).executeTakeFirst();
  if (inFlight) throw conflict('errors.tenantExport.inProgress');
  const created = await ctx.trx
    .insertInto('tenant_exports')
    .values({ tenant_id: ctx.tenantId, requested_by: ctx.actor.userId })
    // Two requests at once: the in-flight index lets one in; the other finds nothing to return.
    .onConflict((oc) => oc.column('tenant_id').where('status', 'in', ['pending', 'running']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!created) throw conflict('errors.tenantExport.inProgress');
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'tenantExport.requested',
    subjectType: 'tenant_export',
    subjectId: created.id,
    ip: ctx.actor.ip,
  });
  const queue = ctx.queue;
  if (queue && ctx.afterCommit) {
    ctx.afterCommit(() => queue.enqueue(jobs.tenantExport, { tenantId: ctx.tenantId, exportId: created.id }, { jobId: tenantExportJobId(created.id) }));
  }
  const row = (await selectExports(ctx.trx).where('x.id', '=', created.id).executeTakeFirstOrThrow()) as Row;
  return view(row);
}

/** tenantExport.list: the latest exports with their progress. */
export async function listTenantExports(ctx: TenantContext, input: ListTenantExportsInput = {}): Promise<ListTenantExportsOutput> {
  requireManager(ctx);
  const rows = (await selectExports(ctx.trx)
    .orderBy('x.requested_at', 'desc')
    .orderBy('x.id', 'desc')
    .limit(input?.limit ?? 20)
    .execute()) as Row[];
  return rows.map(view);
}

/**
 * tenantExport.link: a download link for a finished export that works for TENANT_EXPORT_LINK_MINUTES
 * and only for a manager of the tenant. The token is shown once; only its hash is kept, and a new
 * link replaces the previous one.
 */
export async function createTenantExportLink(ctx: TenantContext, input: TenantExportLinkInput, now = new Date()): Promise<TenantExportLinkOutput> {
  requireManager(ctx);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + TENANT_EXPORT_LINK_MINUTES * 60_000);
  const updated = await ctx.trx
    .updateTable('tenant_exports')
    .set({ link_hash: hashOf(token), link_expires_at: expiresAt })
    .where('id', '=', input.id)
    .where('status', '=', 'ready')
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw notFound('errors.tenantExport.notFound');
  return { url: `/api/tenant-exports/${input.id}?token=${token}`, expiresAt: expiresAt.toISOString() };
}

export interface OpenedTenantExport {
  name: string;
  size: number;
  stream: Readable;
}

/**
 * The download behind a link: a manager of the tenant, the export finished, the token its latest
 * link's, not expired. The download is audited in the same transaction.
 */
export async function openTenantExport(
  ctx: TenantContext,
  deps: { storage: FileStorage },
  input: { id: string; token: string },
  now = new Date(),
): Promise<OpenedTenantExport> {
  requireManager(ctx);
  if (!isUuid(input.id)) throw notFound('errors.tenantExport.notFound');
  const row = await ctx.trx
    .selectFrom('tenant_exports')
    .select(['storage_key', 'size_bytes', 'requested_at', 'link_hash', 'link_expires_at'])
    .where('id', '=', input.id)
    .where('status', '=', 'ready')
    .executeTakeFirst();
  if (!row?.storage_key) throw notFound('errors.tenantExport.notFound');
  const given = Buffer.from(hashOf(input.token));
  const valid = row.link_hash !== null && given.length === row.link_hash.length && timingSafeEqual(given, Buffer.from(row.link_hash));
  if (!valid || !row.link_expires_at || Date.parse(row.link_expires_at) <= now.getTime()) {
    throw new AppError('FORBIDDEN', 'errors.tenantExport.linkExpired');
  }
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'tenantExport.downloaded',
    subjectType: 'tenant_export',
    subjectId: input.id,
    ip: ctx.actor.ip,
  });
  return {
    name: `tenant-export-${localDate(new Date(row.requested_at), ctx.timezone)}.zip`,
    size: Number(row.size_bytes),
    stream: await deps.storage.get(row.storage_key),
  };
}

/**
 * The reconciler's part: exports waiting with no job (the queue lost it, or was down when the
 * request committed) and running ones whose worker stopped reporting are enqueued again.
 */
export async function reconcileTenantExports(db: Db, producer: QueueProducer, now = new Date()): Promise<number> {
  const stale = new Date(now.getTime() - TENANT_EXPORT_STALE_MS).toISOString();
  const rows = await withSystemScan(db, 'reminders', (trx) =>
    trx
      .selectFrom('tenant_exports')
      .select(['tenant_id', 'id'])
      .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'running'), eb('heartbeat_at', '<', stale)])]))
      .limit(1000)
      .execute(),
  );
  for (const r of rows) await producer.enqueue(jobs.tenantExport, { tenantId: r.tenant_id, exportId: r.id }, { jobId: tenantExportJobId(r.id) });
  return rows.length;
}
