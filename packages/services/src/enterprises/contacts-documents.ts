import { badRequest, notFound, type EnterpriseFileAction } from '@stationdesk/core';
import { repo } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { requireVisibleEnterprise } from '../access/enterprise.ts';
import { syncDocumentReminders } from '../reminders/schedule.ts';
import { enqueueRulesRun } from '../patrol-rules/enqueue.ts';
import { ok, type Ok } from '../schema.ts';
import type {
  ContactInput,
  DeleteContactInput,
  DeleteDocumentInput,
  DocumentInput,
  SaveContactInput,
  SaveDocumentInput,
} from './contacts-documents.schema.ts';
import { requireEditor } from './write-enterprise.ts';

async function audit(ctx: TenantContext, enterpriseId: string, action: EnterpriseFileAction, data: Record<string, unknown>) {
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action,
    subjectType: 'enterprise',
    subjectId: enterpriseId,
    data,
    ip: ctx.actor.ip,
  });
  await ctx.trx
    .updateTable('enterprises')
    .set((eb) => ({ updated_at: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', enterpriseId)
    .execute();
}

/** Only one primary contact: setting one clears the others first. */
async function clearPrimary(ctx: TenantContext, enterpriseId: string) {
  await ctx.trx.updateTable('enterprise_contacts').set({ is_primary: false }).where('enterprise_id', '=', enterpriseId).where('is_primary', '=', true).execute();
}

export async function addContact(ctx: TenantContext, enterpriseId: string, c: ContactInput): Promise<string> {
  if (c.isPrimary) await clearPrimary(ctx, enterpriseId);
  const row = await ctx.trx
    .insertInto('enterprise_contacts')
    .values({ tenant_id: ctx.tenantId, enterprise_id: enterpriseId, name: c.name, title: c.title, phone: c.phone, email: c.email, is_primary: c.isPrimary })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(ctx, enterpriseId, 'enterprise.contactAdded', { contact: c });
  return row.id;
}

export async function updateContact(ctx: TenantContext, enterpriseId: string, contactId: string, c: ContactInput): Promise<void> {
  const before = await ctx.trx
    .selectFrom('enterprise_contacts')
    .select(['name', 'title', 'phone', 'email', 'is_primary'])
    .where('id', '=', contactId)
    .where('enterprise_id', '=', enterpriseId)
    .executeTakeFirst();
  if (!before) throw notFound('errors.enterprise.contactNotFound');
  if (c.isPrimary && !before.is_primary) await clearPrimary(ctx, enterpriseId);
  await ctx.trx
    .updateTable('enterprise_contacts')
    .set({ name: c.name, title: c.title, phone: c.phone, email: c.email, is_primary: c.isPrimary })
    .where('id', '=', contactId)
    .execute();
  await audit(ctx, enterpriseId, 'enterprise.contactUpdated', {
    contact: c,
    before: { name: before.name, title: before.title, phone: before.phone, email: before.email, isPrimary: before.is_primary },
  });
}

export async function removeContact(ctx: TenantContext, enterpriseId: string, contactId: string): Promise<void> {
  const gone = await ctx.trx
    .deleteFrom('enterprise_contacts')
    .where('id', '=', contactId)
    .where('enterprise_id', '=', enterpriseId)
    .returning(['name', 'phone'])
    .executeTakeFirst();
  if (!gone) throw notFound('errors.enterprise.contactNotFound');
  await audit(ctx, enterpriseId, 'enterprise.contactRemoved', { contact: gone });
}

/** A document's file must be an enterprise document uploaded for this very enterprise. */
async function checkFile(ctx: TenantContext, enterpriseId: string, fileId: string | null) {
  if (!fileId) return;
  const file = await ctx.trx
    .selectFrom('files')
    .select(['enterprise_id', 'purpose'])
    .where('id', '=', fileId)
    .executeTakeFirst();
  if (!file || file.enterprise_id !== enterpriseId || file.purpose !== 'enterprise_document') throw badRequest('errors.enterprise.fileNotForEnterprise');
}

function checkDates(d: DocumentInput) {
  if (d.issuedOn && d.expiresOn && d.expiresOn < d.issuedOn) throw badRequest('errors.enterprise.expiryBeforeIssue');
}

export async function addDocument(ctx: TenantContext, enterpriseId: string, d: DocumentInput): Promise<string> {
  checkDates(d);
  await checkFile(ctx, enterpriseId, d.fileId);
  const row = await ctx.trx
    .insertInto('enterprise_documents')
    .values({
      tenant_id: ctx.tenantId,
      enterprise_id: enterpriseId,
      doc_type: d.docType,
      number: d.number,
      issuer: d.issuer,
      issued_on: d.issuedOn,
      expires_on: d.expiresOn,
      file_id: d.fileId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(ctx, enterpriseId, 'enterprise.documentAdded', { document: d });
  await syncDocumentReminders(ctx, row.id);
  // A renewal (a later expiry) may clear an automatic finding, a lapsed one raise one: soon, not at the hour.
  enqueueRulesRun(ctx);
  return row.id;
}

export async function updateDocument(ctx: TenantContext, enterpriseId: string, documentId: string, d: DocumentInput): Promise<void> {
  checkDates(d);
  await checkFile(ctx, enterpriseId, d.fileId);
  const before = await ctx.trx
    .selectFrom('enterprise_documents')
    .select(['doc_type', 'number', 'issuer', 'issued_on', 'expires_on', 'file_id'])
    .where('id', '=', documentId)
    .where('enterprise_id', '=', enterpriseId)
    .executeTakeFirst();
  if (!before) throw notFound('errors.enterprise.documentNotFound');
  await ctx.trx
    .updateTable('enterprise_documents')
    .set({ doc_type: d.docType, number: d.number, issuer: d.issuer, issued_on: d.issuedOn, expires_on: d.expiresOn, file_id: d.fileId, updated_at: new Date() })
    .where('id', '=', documentId)
    .execute();
  await audit(ctx, enterpriseId, 'enterprise.documentUpdated', { document: d, before });
  await syncDocumentReminders(ctx, documentId);
  enqueueRulesRun(ctx);
}

export async function removeDocument(ctx: TenantContext, enterpriseId: string, documentId: string): Promise<void> {
  await ctx.trx.updateTable('reminders').set({ status: 'cancelled' }).where('subject_id', '=', documentId).where('status', '=', 'scheduled').execute();
  const gone = await ctx.trx
    .deleteFrom('enterprise_documents')
    .where('id', '=', documentId)
    .where('enterprise_id', '=', enterpriseId)
    .returning(['doc_type', 'number', 'expires_on'])
    .executeTakeFirst();
  if (!gone) throw notFound('errors.enterprise.documentNotFound');
  await audit(ctx, enterpriseId, 'enterprise.documentRemoved', { document: gone });
  enqueueRulesRun(ctx);
}

/** Staff edits of the file (an enterprise admin goes through proposeChange instead). */
export async function saveContact(ctx: TenantContext, input: SaveContactInput): Promise<{ id: string }> {
  requireEditor(ctx);
  await requireVisibleEnterprise(ctx, input.enterpriseId, { forUpdate: true });
  if (!input.id) return { id: await addContact(ctx, input.enterpriseId, input.contact) };
  await updateContact(ctx, input.enterpriseId, input.id, input.contact);
  return { id: input.id };
}

export async function deleteContact(ctx: TenantContext, input: DeleteContactInput): Promise<Ok> {
  requireEditor(ctx);
  await requireVisibleEnterprise(ctx, input.enterpriseId, { forUpdate: true });
  await removeContact(ctx, input.enterpriseId, input.id);
  return ok;
}

export async function saveDocument(ctx: TenantContext, input: SaveDocumentInput): Promise<{ id: string }> {
  requireEditor(ctx);
  await requireVisibleEnterprise(ctx, input.enterpriseId, { forUpdate: true });
  if (!input.id) return { id: await addDocument(ctx, input.enterpriseId, input.document) };
  await updateDocument(ctx, input.enterpriseId, input.id, input.document);
  return { id: input.id };
}

export async function deleteDocument(ctx: TenantContext, input: DeleteDocumentInput): Promise<Ok> {
  requireEditor(ctx);
  await requireVisibleEnterprise(ctx, input.enterpriseId, { forUpdate: true });
  await removeDocument(ctx, input.enterpriseId, input.id);
  return ok;
}
