import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import { notFound } from '@stationdesk/core';
import { isUuid } from '@stationdesk/db';
import type { FilePurpose } from '@stationdesk/storage';
import type { TenantActor, TenantContext } from '../context.ts';
import { canSeeEnterprise } from '../enterprises/access.ts';
import type { FileDeps } from './save-file.ts';

export interface OpenedFile {
  name: string;
  contentType: string;
  size: number;
  stream: Readable;
}

interface FileAccessFacts {
  purpose: FilePurpose;
  uploaded_by: string | null;
  enterprise_id: string | null;
  /** The station of the file's enterprise, if it has one. */
  station_id: string | null;
  /** A template some agency checklist offers for download (to every member of the tenant). */
  is_template?: boolean;
}

/**
 * Who may download a file: an enterprise's files follow the enterprise; imports and exports are
 * one person's work, for them and managers; other attachments stay with the station team, except
 * the templates agency checklists offer, which every member of the tenant may fetch.
 */
export function canOpenFile(actor: TenantActor, file: FileAccessFacts): boolean {
  if (file.enterprise_id) {
    return file.station_id !== null && canSeeEnterprise(actor, { id: file.enterprise_id, station_id: file.station_id });
  }
  const own = file.uploaded_by === actor.userId;
  switch (file.purpose) {
    case 'attachment':
      return own || actor.role === 'staff' || actor.role === 'manager' || file.is_template === true;
    case 'import':
    case 'export':
    case 'enterprise_document':
      return own || actor.role === 'manager';
  }
}

/** The file's bytes and what to call them; NOT_FOUND alike for missing, foreign and hidden files. */
export async function openFile(ctx: TenantContext, deps: FileDeps, fileId: string): Promise<OpenedFile> {
  if (!isUuid(fileId)) throw notFound('errors.file.notFound');
  const file = await ctx.trx
    .selectFrom('files as f')
    .leftJoin('enterprises as e', (join) => join.onRef('e.tenant_id', '=', 'f.tenant_id').onRef('e.id', '=', 'f.enterprise_id'))
    .select(['f.storage_key', 'f.original_name', 'f.content_type', 'f.size_bytes', 'f.purpose', 'f.uploaded_by', 'f.enterprise_id', 'e.station_id'])
    .select(sql<boolean>`exists (select 1 from agency_checklists c where c.items @> ${JSON.stringify([{ templateFileId: fileId }])}::jsonb)`.as('is_template'))
    .where('f.id', '=', fileId)
    .executeTakeFirst();
  if (!file || !canOpenFile(ctx.actor, file)) throw notFound('errors.file.notFound');
  return {
    name: file.original_name,
    contentType: file.content_type,
    size: file.size_bytes,
    stream: await deps.storage.get(file.storage_key),
  };
}
