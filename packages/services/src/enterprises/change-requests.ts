import { AppError, badRequest, notFound } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import { canSeeEnterprise, requireVisibleEnterprise } from '../access/enterprise.ts';
import type { ChangeRequestView, ListChangesInput, ProposeChangeInput, ReviewChangeInput } from './change-requests.schema.ts';
import type { ContactInput, DocumentInput } from './contacts-documents.schema.ts';
import { addContact, addDocument, removeContact, updateContact, updateDocument } from './contacts-documents.ts';
import { requireEditor } from './write-enterprise.ts';

/**
 * An enterprise admin proposes a change to its own file's contacts or documents; nothing in the
 * file changes until staff approve it.
 */
export async function proposeChange(ctx: TenantContext, input: ProposeChangeInput): Promise<{ id: string }> {
  const { actor } = ctx;
  if (actor.scope.kind !== 'enterprise' || actor.scope.enterpriseId !== input.enterpriseId) throw notFound('errors.enterprise.notFound');
  await requireVisibleEnterprise(ctx, input.enterpriseId);
  const targetId = 'targetId' in input ? input.targetId : null;
  if (targetId) {
    const table = input.kind.startsWith('contact') ? 'enterprise_contacts' : 'enterprise_documents';
    const target = await ctx.trx.selectFrom(table).select('id').where('id', '=', targetId).where('enterprise_id', '=', input.enterpriseId).executeTakeFirst();
    if (!target) throw badRequest('errors.enterprise.changeTargetMissing');
  }
  if (input.kind === 'document_add' || input.kind === 'document_update') {
    const fileId = input.payload.fileId;
    if (fileId) {
      const file = await ctx.trx.selectFrom('files').select(['enterprise_id', 'purpose']).where('id', '=', fileId).executeTakeFirst();
      if (!file || file.enterprise_id !== input.enterpriseId || file.purpose !== 'enterprise_document') throw badRequest('errors.enterprise.fileNotForEnterprise');
    }
  }
  const row = await ctx.trx
    .insertInto('enterprise_change_requests')
    .values({
      tenant_id: ctx.tenantId,
      enterprise_id: input.enterpriseId,
      kind: input.kind,
      target_id: targetId,
      payload: JSON.stringify(input.payload),
      proposed_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id };
}

/** Staff approve (the change is applied, attributed to them) or reject with a reason the enterprise sees. */
export async function reviewChange(ctx: TenantContext, input: ReviewChangeInput): Promise<{ status: 'approved' | 'rejected' }> {
  requireEditor(ctx);
  const request = await ctx.trx
    .selectFrom('enterprise_change_requests as r')
    .innerJoin('enterprises as e', (j) => j.onRef('e.tenant_id', '=', 'r.tenant_id').onRef('e.id', '=', 'r.enterprise_id'))
    .select(['r.id', 'r.enterprise_id', 'r.kind', 'r.target_id', 'r.payload', 'r.status', 'e.station_id'])
    .where('r.id', '=', input.changeId)
    .forUpdate('r')
    .executeTakeFirst();
  if (!request || !canSeeEnterprise(ctx.actor, { id: request.enterprise_id, station_id: request.station_id })) {
    throw notFound('errors.enterprise.changeNotFound');
  }
  if (request.status !== 'pending') throw new AppError('CONFLICT', 'errors.enterprise.changeAlreadyReviewed');
  if (input.decision === 'reject') {
    const reason = input.reason?.trim();
    if (!reason) throw badRequest('errors.enterprise.rejectReasonRequired');
    await ctx.trx
      .updateTable('enterprise_change_requests')
      .set({ status: 'rejected', reviewed_by: ctx.actor.userId, reviewed_at: new Date(), review_reason: reason })
      .where('id', '=', input.changeId)
      .execute();
    return { status: 'rejected' };
  }
  const payload = request.payload as never;
  const e = request.enterprise_id;
  const target = request.target_id;
  switch (request.kind) {
    case 'contact_add':
      await addContact(ctx, e, payload as ContactInput);
      break;
    case 'contact_update':
      await updateContact(ctx, e, target!, payload as ContactInput);
      break;
    case 'contact_remove':
      await removeContact(ctx, e, target!);
      break;
    case 'document_add':
      await addDocument(ctx, e, payload as DocumentInput);
      break;
    case 'document_update':
      await updateDocument(ctx, e, target!, payload as DocumentInput);
      break;
  }
  await ctx.trx
    .updateTable('enterprise_change_requests')
    .set({ status: 'approved', reviewed_by: ctx.actor.userId, reviewed_at: new Date() })
    .where('id', '=', input.changeId)
    .execute();
  return { status: 'approved' };
}

/** Proposals in the actor's scope (staff: their stations; enterprise admin: its own), newest first. */
export async function listChanges(ctx: TenantContext, input: ListChangesInput): Promise<ChangeRequestView[]> {
  const { actor } = ctx;
  if (input.enterpriseId) await requireVisibleEnterprise(ctx, input.enterpriseId);
  let q = ctx.trx
    .selectFrom('enterprise_change_requests as r')
    .innerJoin('enterprises as e', (j) => j.onRef('e.tenant_id', '=', 'r.tenant_id').onRef('e.id', '=', 'r.enterprise_id'))
    .leftJoin('users as u', 'u.id', 'r.proposed_by')
    .select([
      'r.id',
      'r.enterprise_id',
      'e.name as enterprise_name',
      'r.kind',
      'r.target_id',
      'r.payload',
      'r.status',
      'r.proposed_by',
      'u.display_name as proposed_by_name',
      'r.proposed_at',
      'r.reviewed_at',
      'r.review_reason',
    ])
    .orderBy('r.proposed_at', 'desc')
    .limit(input.limit ?? 100);
  if (input.enterpriseId) q = q.where('r.enterprise_id', '=', input.enterpriseId);
  if (input.status) q = q.where('r.status', '=', input.status);
  if (actor.scope.kind === 'stations') q = q.where('e.station_id', 'in', actor.scope.stationIds.length ? [...actor.scope.stationIds] : ['00000000-0000-0000-0000-000000000000']);
  if (actor.scope.kind === 'enterprise') q = q.where('r.enterprise_id', '=', actor.scope.enterpriseId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    kind: r.kind,
    targetId: r.target_id,
    payload: r.payload,
    status: r.status,
    proposedBy: r.proposed_by,
    proposedByName: r.proposed_by_name,
    proposedAt: r.proposed_at,
    reviewedAt: r.reviewed_at,
    reviewReason: r.review_reason,
  }));
}

