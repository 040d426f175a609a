import { sql } from 'kysely';
import { localDate, noticeReadPercent } from '@stationdesk/core';
import { keysetCursor, repo } from '@stationdesk/db';
import { translator, type Language } from '@stationdesk/i18n';
import { stationScope, type TenantContext } from '../context.ts';
import { storeGeneratedFile } from '../files/store-generated-file.ts';
import type { FileDeps } from '../files/save-file.ts';
import { writeXlsx } from '../spreadsheets/write.ts';
import { requireDeskNotice } from './notices.ts';
import type { ExportNoticeReceiptsInput, NoticeReceiptsInput, NoticeReceiptsOutput } from './notices.schema.ts';

const byName = keysetCursor('text', 'id');
const NO_STATION = '00000000-0000-0000-0000-000000000000';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The export's ceiling: a whole subdistrict's enterprises. */
const EXPORT_MAX_ROWS = 20_000;

type Filter = NonNullable<NoticeReceiptsInput['filter']>;

/** The recipients of a notice with their receipt and primary contact, in the actor's stations. */
function receiptQuery(ctx: TenantContext, noticeId: string, filter: Filter) {
  const stations = stationScope(ctx.actor);
  return ctx.trx
    .selectFrom('notice_recipients as r')
    .innerJoin('enterprises as e', (j) => j.onRef('e.tenant_id', '=', 'r.tenant_id').onRef('e.id', '=', 'r.enterprise_id'))
    .innerJoin('stations as s', (j) => j.onRef('s.tenant_id', '=', 'e.tenant_id').onRef('s.id', '=', 'e.station_id'))
    .leftJoin('notice_receipts as rc', (j) => j.onRef('rc.tenant_id', '=', 'r.tenant_id').onRef('rc.notice_id', '=', 'r.notice_id').onRef('rc.enterprise_id', '=', 'r.enterprise_id'))
    .leftJoin('users as u', 'u.id', 'rc.read_by')
    .select([
      'e.id as enterprise_id',
      'e.name as enterprise_name',
      's.name as station_name',
      'rc.read_at',
      'u.display_name as read_by_name',
      sql<string | null>`(select c.name from enterprise_contacts c where c.tenant_id = e.tenant_id and c.enterprise_id = e.id order by c.is_primary desc, c.created_at limit 1)`.as('contact_name'),
      sql<string | null>`(select c.phone from enterprise_contacts c where c.tenant_id = e.tenant_id and c.enterprise_id = e.id and c.phone is not null order by c.is_primary desc, c.created_at limit 1)`.as('contact_phone'),
    ])
    .where('r.notice_id', '=', noticeId)
    .$if(stations !== null, (q) => q.where('e.station_id', 'in', stations!.length ? [...stations!] : [NO_STATION]))
    .$if(filter === 'read', (q) => q.where('rc.read_at', 'is not', null))
    .$if(filter === 'unread', (q) => q.where('rc.read_at', 'is', null));
}
type ReceiptRow = Awaited<ReturnType<ReturnType<typeof receiptQuery>['executeTakeFirstOrThrow']>>;

const view = (r: ReceiptRow) => ({
  enterpriseId: r.enterprise_id,
  enterpriseName: r.enterprise_name,
  stationName: r.station_name,
  contactName: r.contact_name,
  contactPhone: r.contact_phone,
  readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
  readByName: r.read_by_name,
});

/**
 * notice.readReceipts: who received the notice and who has read it, by enterprise name; the
 * unread ones with a contact's phone for following up by phone. Station-scoped staff see their
 * stations' enterprises, and the counts of those.
 */
export async function noticeReadReceipts(ctx: TenantContext, input: NoticeReceiptsInput): Promise<NoticeReceiptsOutput> {
  const n = await requireDeskNotice(ctx, input.id);
  const filter = input.filter ?? 'all';
  const limit = input.limit ?? 50;
  const after = input.cursor ? byName.decode(input.cursor) : null;
  const rows = await receiptQuery(ctx, n.id, filter)
    .$if(after !== null, (q) => q.where(sql<boolean>`(e.name, e.id) > (${after![0]}, ${after![1]}::uuid)`))
    .orderBy('e.name')
    .orderBy('e.id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const recipients = Number(n.recipient_count);
  const read = Number(n.read_count);
  return {
    recipients,
    read,
    percent: noticeReadPercent(read, recipients),
    items: page.map(view),
    nextCursor: rows.length > limit && last ? byName.encode([last.enterprise_name, last.enterprise_id]) : null,
  };
}

/** notice.exportReceipts: the receipts (by default the unread ones) as .xlsx; the export is audited. */
export async function exportNoticeReceipts(ctx: TenantContext, deps: FileDeps & { lang: Language }, input: ExportNoticeReceiptsInput): Promise<{ fileId: string; fileName: string; rows: number }> {
  const n = await requireDeskNotice(ctx, input.id);
  const filter = input.filter ?? 'unread';
  const rows = await receiptQuery(ctx, n.id, filter).orderBy('e.name').orderBy('e.id').limit(EXPORT_MAX_ROWS).execute();
  const t = translator(deps.lang);
  const at = (v: string | null) =>
    v ? new Intl.DateTimeFormat('sv-SE', { timeZone: ctx.timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(v)) : '';
  const data = await writeXlsx([
    {
      name: t('notices.sheet'),
      columns: [
        { header: t('notices.receipts.enterprise'), key: 'enterprise' },
        { header: t('notices.receipts.station'), key: 'station' },
        { header: t('notices.receipts.contact'), key: 'contact' },
        { header: t('notices.receipts.phone'), key: 'phone' },
        { header: t('notices.receipts.status'), key: 'status' },
        { header: t('notices.receipts.readAt'), key: 'readAt' },
        { header: t('notices.receipts.readBy'), key: 'readBy' },
      ],
      rows: rows.map((r) => ({
        enterprise: r.enterprise_name,
        station: r.station_name,
        contact: r.contact_name ?? '',
        phone: r.contact_phone ?? '',
        status: r.read_at ? t('notices.receipts.read') : t('notices.receipts.unread'),
        readAt: at(r.read_at),
        readBy: r.read_by_name ?? '',
      })),
    },
  ]);
  const file = await storeGeneratedFile(ctx, deps, {
    purpose: 'export',
    fileName: `${t('notices.fileName', { title: n.title.slice(0, 40) })}-${localDate(new Date(), ctx.timezone)}.xlsx`,
    contentType: XLSX,
    data,
  });
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'notice.receiptsExported',
    subjectType: 'notice',
    subjectId: n.id,
    data: { filter, rows: rows.length, fileId: file.id },
    ip: ctx.actor.ip,
  });
  return { fileId: file.id, fileName: file.name, rows: rows.length };
}
