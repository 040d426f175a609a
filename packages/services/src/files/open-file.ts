import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import { notFound } from '@stationdesk/core';
import { isUuid } from '@stationdesk/db';
import type { FilePurpose } from '@stationdesk/storage';
import { stationScope, type TenantActor, type TenantContext } from '../context.ts';
import { canSeeDisputeRecords } from '../access/dispute-records.ts';
import { canSeeEnterprise } from '../access/enterprise.ts';
import { canSeeWorkItem, seesInternal, type ItemScopeFacts } from '../access/work-item.ts';
import type { FileDeps } from './save-file.ts';

export interface OpenedFile {
  name: string;
  contentType: string;
  size: number;
  stream: Readable;
}

/** One thing a file is attached to, with what that thing's own access rule needs. */
export type FileLink =
  /** A reply or note on a work item (internal: a note), an agency case's material or result. */
  | { to: 'item'; item: ItemScopeFacts; internal: boolean }
  /** A dispute's evidence, its agreement generated for signing or the signed one. */
  | { to: 'dispute'; item: ItemScopeFacts }
  /** A patrol finding's photo, before or after. */
  | { to: 'patrol'; item: ItemScopeFacts }
  /** An enterprise's own document. */
  | { to: 'enterprise'; enterprise: { id: string; station_id: string } }
  /** A form an agency checklist offers for download. */
  | { to: 'template' }
  /** A party activity's poster: whoever sees the activity (the desk of its station, the enterprises of its audience once published). */
  | { to: 'activity'; activity: { station_id: string; openToEnterprise: boolean } };

export interface FileAccessFacts {
  purpose: FilePurpose;
  uploaded_by: string | null;
  links: FileLink[];
}

function canSeeLink(actor: TenantActor, link: FileLink): boolean {
  switch (link.to) {
    case 'item':
      return canSeeWorkItem(actor, link.item) && (!link.internal || seesInternal(actor));
    case 'dispute':
      return canSeeDisputeRecords(actor, link.item);
    case 'patrol':
      return canSeeWorkItem(actor, link.item);
    case 'enterprise':
      return canSeeEnterprise(actor, link.enterprise);
    case 'template':
      return true;
    case 'activity': {
      if (actor.role === 'enterprise_admin') return link.activity.openToEnterprise;
      const stations = stationScope(actor);
      return stations === null || stations.includes(link.activity.station_id);
    }
  }
}

/**
 * Who may download a file: whoever may see what it is attached to, by that thing's own rule.
 * Imports and exports are one person's work, for them and managers. A file attached to nothing
 * yet (just uploaded) is its uploader's.
 */
export function canOpenFile(actor: TenantActor, file: FileAccessFacts): boolean {
  const own = file.uploaded_by === actor.userId;
  if (file.purpose === 'import' || file.purpose === 'export') return own || actor.role === 'manager';
  if (file.links.length === 0) return own;
  return file.links.some((link) => canSeeLink(actor, link));
}

interface LinkRow {
  link: Exclude<FileLink['to'], 'activity'>;
  id: string | null;
  kind: string | null;
  station_id: string | null;
  enterprise_id: string | null;
  internal: boolean;
}

/** Everything the file is attached to (the references in the schema to files.id). */
async function fileLinks(ctx: TenantContext, fileId: string): Promise<FileLink[]> {
  const item = (from: string) => sql.raw(`join work_items w on w.tenant_id = ${from}.tenant_id and w.id = ${from}.item_id`);
  const { rows } = await sql<LinkRow>`
    select 'item' as link, w.id, w.kind, w.station_id, w.enterprise_id, m.visibility = 'internal' as internal
      from work_item_messages m ${item('m')} where m.attachment_ids @> array[${fileId}]::uuid[]
    union all
    select 'item', w.id, w.kind, w.station_id, w.enterprise_id, false from agency_materials am ${item('am')} where am.file_id = ${fileId}
    union all
    select 'item', w.id, w.kind, w.station_id, w.enterprise_id, false from agency_cases ac ${item('ac')} where ac.result_file_id = ${fileId}
    union all
    select 'dispute', w.id, w.kind, w.station_id, w.enterprise_id, false from dispute_evidence ev ${item('ev')} where ev.file_id = ${fileId}
    union all
    select 'dispute', w.id, w.kind, w.station_id, w.enterprise_id, false from dispute_cases dc ${item('dc')} where ${fileId} in (dc.signed_file_id, dc.agreement_file_id)
    union all
    select 'patrol', w.id, w.kind, w.station_id, w.enterprise_id, false from patrol_finding_photos pp ${item('pp')} where pp.file_id = ${fileId}
    union all
    select 'enterprise', e.id, null, e.station_id, e.id, false
      from files f join enterprises e on e.tenant_id = f.tenant_id and e.id = f.enterprise_id
     where f.id = ${fileId} and f.purpose = 'enterprise_document'
    union all
    select 'template', null, null, null, null, false from agency_checklists c where c.items @> ${JSON.stringify([{ templateFileId: fileId }])}::jsonb`.execute(ctx.trx);
  // A poster is open to an enterprise admin when the activity is published to an audience their enterprise is in.
  const enterpriseId = ctx.actor.scope.kind === 'enterprise' ? ctx.actor.scope.enterpriseId : null;
  const posters = await sql<{ station_id: string; open: boolean }>`
    select a.station_id,
           coalesce(a.status = 'published' and (a.audience = 'tenant' or (a.audience = 'station' and a.audience_station_id = e.station_id)
             or (a.audience = 'tag' and exists (select 1 from enterprise_tags t where t.tenant_id = a.tenant_id and t.enterprise_id = e.id and t.tag_id = a.audience_tag_id))), false) as open
      from party_activities a left join enterprises e on e.tenant_id = a.tenant_id and e.id = ${enterpriseId}::uuid
     where a.poster_file_id = ${fileId}`.execute(ctx.trx);
  const links = rows.map((r): FileLink => {
    switch (r.link) {
      case 'item':
        return { to: 'item', item: { id: r.id!, kind: r.kind!, station_id: r.station_id!, enterprise_id: r.enterprise_id }, internal: r.internal };
      case 'dispute':
      case 'patrol':
        return { to: r.link, item: { id: r.id!, kind: r.kind!, station_id: r.station_id!, enterprise_id: r.enterprise_id } };
      case 'enterprise':
        return { to: 'enterprise', enterprise: { id: r.id!, station_id: r.station_id! } };
      case 'template':
        return { to: 'template' };
    }
  });
  return [...links, ...posters.rows.map((p): FileLink => ({ to: 'activity', activity: { station_id: p.station_id, openToEnterprise: p.open } }))];
}

/** The file's bytes and what to call them; NOT_FOUND alike for missing, foreign and hidden files. */
export async function openFile(ctx: TenantContext, deps: FileDeps, fileId: string): Promise<OpenedFile> {
  if (!isUuid(fileId)) throw notFound('errors.file.notFound');
  const file = await ctx.trx
    .selectFrom('files')
    .select(['storage_key', 'original_name', 'content_type', 'size_bytes', 'purpose', 'uploaded_by'])
    .where('id', '=', fileId)
    .executeTakeFirst();
  if (!file || !canOpenFile(ctx.actor, { ...file, links: await fileLinks(ctx, fileId) })) throw notFound('errors.file.notFound');
  return {
    name: file.original_name,
    contentType: file.content_type,
    size: file.size_bytes,
    stream: await deps.storage.get(file.storage_key),
  };
}
