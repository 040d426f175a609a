import { badRequest } from '@stationdesk/core';
import { acceptedContentType, describeTypes, filePolicies, fileTypes } from '@stationdesk/storage';
import type { TenantContext } from '../context.ts';
import { displayName, fileTooLarge, saveFile, type FileDeps, type StoredFileView } from './save-file.ts';

export interface StoreGeneratedFileInput {
  /** 'attachment' for documents made for a case (an agreement to sign), opened like uploads. */
  purpose: 'export' | 'attachment';
  fileName: string;
  contentType: string;
  data: Buffer;
}

/** A file we produced (an export, a case document): no sniffing, but only the types its purpose allows. */
export async function storeGeneratedFile(ctx: TenantContext, deps: FileDeps, input: StoreGeneratedFileInput): Promise<StoredFileView> {
  const policy = filePolicies[input.purpose];
  const type = acceptedContentType(policy, input.contentType);
  if (!type) throw badRequest('errors.file.typeNotAllowed', { allowed: describeTypes(policy) });
  if (input.data.length > policy.maxBytes) throw fileTooLarge(input.purpose);
  return saveFile(ctx, deps, {
    purpose: input.purpose,
    name: displayName(input.fileName, type),
    contentType: fileTypes[type],
    data: input.data,
    enterpriseId: null,
  });
}
