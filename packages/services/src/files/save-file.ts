import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { AppError, badRequest } from '@stationdesk/core';
import { fileStorageKey, filePolicies, MB, type FilePurpose, type FileStorage } from '@stationdesk/storage';
import type { TenantContext } from '../context.ts';

export interface FileDeps {
  storage: FileStorage;
}

/** What callers learn about a stored file. */
export interface StoredFileView {
  id: string;
  name: string;
  contentType: string;
  size: number;
}

export function fileTooLarge(purpose: FilePurpose): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', 'errors.file.tooLarge', { maxMb: filePolicies[purpose].maxBytes / MB });
}

// Controls break headers and logs; bidi marks let "invoice\u202Efdp.exe" read as "invoiceexe.pdf".
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARS = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const MAX_NAME_LENGTH = 255;

/**
 * The name shown and offered on download. The declared name is only a label: its directory part
 * and unsafe characters go, and the extension is always that of the type the bytes really are.
 */
export function displayName(declared: string, ext: string): string {
  const base = (declared.split(/[/\\]/).pop() ?? '').replace(UNSAFE_CHARS, '').normalize('NFC').trim();
  // An extension has a letter in it: "方案v1.2" keeps its ".2".
  const stem = base.replace(/\.(?=\w*[A-Za-z])[A-Za-z0-9]{1,10}$/, '').replace(/[.\s]+$/, '');
  if (!stem) throw badRequest('errors.file.nameMissing');
  // By code points, as Postgres counts length(): never split a surrogate pair.
  return `${Array.from(stem).slice(0, MAX_NAME_LENGTH - ext.length - 1).join('').trimEnd()}.${ext}`;
}

/**
 * Stores the bytes, then records them. In that order a row never points at missing bytes; if
 * the insert fails the bytes are removed again.
 */
export async function saveFile(
  ctx: TenantContext,
  deps: FileDeps,
  file: { purpose: FilePurpose; name: string; contentType: string; data: Buffer; enterpriseId: string | null },
): Promise<StoredFileView> {
  const { rows } = await sql<{ id: string }>`select sd_uuid7() as id`.execute(ctx.trx);
  const id = rows[0]!.id;
  const key = fileStorageKey(ctx.tenantId, id, new Date());
  await deps.storage.put(key, file.data);
  try {
    await ctx.trx
      .insertInto('files')
      .values({
        tenant_id: ctx.tenantId,
        id,
        storage_key: key,
        original_name: file.name,
        content_type: file.contentType,
        size_bytes: file.data.length,
        sha256: createHash('sha256').update(file.data).digest('hex'),
        purpose: file.purpose,
        uploaded_by: ctx.actor.userId,
        enterprise_id: file.enterpriseId,
      })
      .execute();
  } catch (e) {
    await deps.storage.delete(key).catch(() => {});
    throw e;
  }
  return { id, name: file.name, contentType: file.contentType, size: file.data.length };
}
