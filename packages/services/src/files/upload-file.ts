import { badRequest, forbidden } from '@stationdesk/core';
import { acceptedType, describeTypes, detectFileType, filePolicies, fileTypes, normalizePhoto, type FilePurpose } from '@stationdesk/storage';
import type { TenantContext } from '../context.ts';
import { canEditEnterprise, requireVisibleEnterprise } from '../access/enterprise.ts';
import { displayName, fileTooLarge, saveFile, type FileDeps, type StoredFileView } from './save-file.ts';

export interface UploadFileInput {
  purpose: FilePurpose;
  /** The name the user's file had: a display label only. */
  fileName: string;
  data: Buffer;
  enterpriseId?: string;
}

/**
 * Whether the actor may upload for this purpose (and enterprise). Separate so the HTTP endpoint
 * can refuse before it reads a single byte of the body; uploadFile checks it again.
 */
export async function requireUploadAllowed(ctx: TenantContext, purpose: FilePurpose, enterpriseId: string | undefined): Promise<void> {
  switch (purpose) {
    case 'enterprise_document':
      // Whoever sees the enterprise: its station's staff, managers, its own enterprise admin.
      if (!enterpriseId) throw badRequest('errors.file.enterpriseRequired');
      await requireVisibleEnterprise(ctx, enterpriseId);
      return;
    case 'attachment':
      // Every tenant role attaches files to its work items.
      if (enterpriseId) await requireVisibleEnterprise(ctx, enterpriseId);
      return;
    case 'import':
      if (!canEditEnterprise(ctx.actor)) throw forbidden('errors.roleNotAllowed');
      if (enterpriseId) throw badRequest('errors.invalidInput');
      return;
    case 'patrol_photo':
      // Taken on site by the station's people; attached to a finding when it is saved or verified.
      if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
      if (enterpriseId) throw badRequest('errors.invalidInput');
      return;
    case 'export':
      // Exports are files we write (storeGeneratedFile), never uploads.
      throw badRequest('errors.file.purposeInvalid');
  }
}

/** A user's upload: permission, size, the type the content really is, then storage and the row. */
export async function uploadFile(ctx: TenantContext, deps: FileDeps, input: UploadFileInput): Promise<StoredFileView> {
  await requireUploadAllowed(ctx, input.purpose, input.enterpriseId);
  const policy = filePolicies[input.purpose];
  if (input.data.length === 0) throw badRequest('errors.file.empty');
  if (input.data.length > policy.maxBytes) throw fileTooLarge(input.purpose);
  const type = acceptedType(policy, await detectFileType(input.data));
  if (!type) throw badRequest('errors.file.typeNotAllowed', { allowed: describeTypes(policy) });
  if (input.purpose === 'patrol_photo') {
    // Checked for bombs, turned upright and re-encoded without its metadata (EXIF GPS, owner) before anything is written.
    const photo = await normalizePhoto(input.data);
    return saveFile(ctx, deps, { purpose: input.purpose, name: displayName(input.fileName, 'jpg'), contentType: fileTypes.jpg, data: photo.data, enterpriseId: null });
  }
  return saveFile(ctx, deps, {
    purpose: input.purpose,
    name: displayName(input.fileName, type),
    contentType: fileTypes[type],
    data: input.data,
    enterpriseId: input.enterpriseId ?? null,
  });
}
