import {
  AppError,
  addWorkingDays,
  agencyCaseActive,
  AT_RISK_WORKING_DAYS,
  badRequest,
  checkAdvance,
  forbidden,
  isAppError,
  isFinished,
  missingRequired,
  nearerDeadline,
  notFound,
  workingMinutesBetween,
  workingMinutesPerDay,
  type AgencyResult,
  type AgencyStepName,
} from '@stationdesk/core';
import type { ChecklistItem } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { syncItemReminders } from '../reminders/schedule.ts';
import { seesInternal } from '../access/work-item.ts';
import { requireWorkItem } from '../work-items/access.ts';
import { loadCalendar, markCalendarEstimate } from '../calendar/working-time.ts';
import { openWorkItem } from '../work-items/create-work-item.ts';
import { recordEvent } from '../work-items/events.ts';
import { applyTransition } from '../work-items/transition.ts';
import { materialFileView, portalAgencyCaseView, type PortalAgencyCaseView } from './portal-view.ts';
import { ok, type Ok } from '../schema.ts';
import type { AdvanceAgencyCaseInput, BatchSubmitInput, CreateAgencyCaseInput, GetAgencyCaseInput, MarkPickedUpInput, ReviewMaterialInput, UploadMaterialInput } from './cases.schema.ts';

/** A case as another use case opens one: converting a consultation links it to the consultation. */
export type NewAgencyCase = Omit<CreateAgencyCaseInput, 'idempotencyKey'> & { linkedItemId?: string | null };

/**
 * Opens an agency case: a work item of kind agency (numbered DB-2026-…) with the type's current
 * checklist version, its statutory and promised deadlines on working days, and the nearer of the
 * two as the item's resolution deadline (the queue and the reminders run on it).
 */
export async function createAgencyCase(ctx: TenantContext, input: CreateAgencyCaseInput): Promise<{ id: string; number: string }> {
  return openAgencyCase(ctx, input);
}

/** Opens a case for another use case (see NewAgencyCase). */
export async function openAgencyCase(ctx: TenantContext, input: NewAgencyCase): Promise<{ id: string; number: string }> {
  const type = await ctx.trx.selectFrom('agency_types').selectAll().where('id', '=', input.typeId).where('active', '=', true).executeTakeFirst();
  if (!type || !type.current_checklist_id) throw badRequest('errors.agency.typeNotFound');
  const item = await openWorkItem(ctx, {
    kind: 'agency',
    enterpriseId: input.enterpriseId,
    title: input.title?.trim() || type.name,
    description: input.description ?? '',
    priority: input.priority ?? 'normal',
    channel: input.channel,
    category: type.code,
    requesterName: input.requesterName ?? null,
    requesterPhone: input.requesterPhone ?? null,
    ...(input.assign ? { assign: input.assign } : {}),
    linkedItemId: input.linkedItemId ?? null,
  });
  const calendar = await loadCalendar(ctx.trx, ctx.timezone);
  const now = new Date();
  const statutory = addWorkingDays(calendar, now, type.statutory_days);
  const promised = addWorkingDays(calendar, now, type.promised_days);
  await ctx.trx
    .insertInto('agency_cases')
    .values({
      tenant_id: ctx.tenantId,
      item_id: item.id,
      type_id: type.id,
      checklist_id: type.current_checklist_id,
      department: type.department,
      statutory_due_at: statutory,
      promised_due_at: promised,
    })
    .execute();
  await ctx.trx.updateTable('work_items').set({ resolution_due_at: nearerDeadline(statutory, promised) }).where('id', '=', item.id).execute();
  await markCalendarEstimate(ctx.trx, ctx.timezone, item.id, calendar);
  await syncItemReminders(ctx, item.id);
  return item;
}

async function loadCase(ctx: TenantContext, itemId: string, opts: { lock?: boolean } = {}) {
  const item = await requireWorkItem(ctx, itemId);
  let q = ctx.trx.selectFrom('agency_cases').selectAll().where('item_id', '=', itemId);
  if (opts.lock) q = q.forUpdate().noWait();
  const c = await q.executeTakeFirst();
  if (!c) throw notFound('errors.agency.caseNotFound');
  const checklist = await ctx.trx.selectFrom('agency_checklists').select(['items', 'version']).where('id', '=', c.checklist_id).executeTakeFirstOrThrow();
  return { item, c, checklist };
}

async function latestMaterials(ctx: TenantContext, itemId: string) {
  return ctx.trx
    .selectFrom('agency_materials as m')
    .innerJoin('files as f', (j) => j.onRef('f.tenant_id', '=', 'm.tenant_id').onRef('f.id', '=', 'm.file_id'))
    .leftJoin('users as u', 'u.id', 'm.uploaded_by')
    .select(['m.id', 'm.checklist_key', 'm.status', 'm.review_reason', 'm.uploaded_at', 'm.reviewed_at', 'f.id as file_id', 'f.original_name', 'f.size_bytes', 'u.display_name as uploaded_by_name'])
    .where('m.item_id', '=', itemId)
    .orderBy('m.uploaded_at', 'desc')
    .execute();
}

export interface AgencyCaseView {
  id: string;
  typeId: string;
  typeName: string;
  typeNameEn: string | null;
  step: AgencyStepName;
  department: string;
  departmentRef: string | null;
  submittedOn: string | null;
  statutoryDueAt: string;
  promisedDueAt: string;
  workingDaysLeft: number;
  atRisk: boolean;
  result: AgencyResult | null;
  resultFile: { id: string; name: string } | null;
  doneAt: string | null;
  pickedUpAt: string | null;
  checklistVersion: number;
  checklist: (ChecklistItem & {
    state: 'missing' | 'pending' | 'accepted' | 'rejected';
    files: { id: string; fileId: string; name: string; size: number; status: string; reviewReason: string | null; uploadedAt: string; uploadedBy: string | null }[];
  })[];
  missingRequired: string[];
}

/** Days left on working time to a deadline (negative when late), one decimal. */
function daysLeft(cal: Parameters<typeof workingMinutesBetween>[0], now: Date, due: Date): number {
  const per = workingMinutesPerDay(cal);
  const v = due > now ? workingMinutesBetween(cal, now, due) / per : -workingMinutesBetween(cal, due, now) / per;
  return Math.round(v * 10) / 10;
}

/**
 * The case with its checklist: for each entry its files and where it stands. Staff get the staff
 * view; an enterprise admin the portal's (its files, their review and the reasons sent back).
 */
export async function getAgencyCase(ctx: TenantContext, { id }: GetAgencyCaseInput): Promise<AgencyCaseView | PortalAgencyCaseView> {
  const { c, checklist } = await loadCase(ctx, id);
  const type = await ctx.trx.selectFrom('agency_types').select(['name', 'name_en']).where('id', '=', c.type_id).executeTakeFirstOrThrow();
  const materials = await latestMaterials(ctx, id);
  const resultFile = c.result_file_id ? await ctx.trx.selectFrom('files').select(['id', 'original_name']).where('id', '=', c.result_file_id).executeTakeFirst() : null;
  const calendar = await loadCalendar(ctx.trx, ctx.timezone);
  const nearer = nearerDeadline(new Date(c.statutory_due_at), new Date(c.promised_due_at));
  const left = daysLeft(calendar, new Date(), nearer);
  const filed = checklist.items.map((entry) => {
    const files = materials.filter((m) => m.checklist_key === entry.key);
    const state = files.some((f) => f.status === 'accepted') ? 'accepted' : files[0]?.status === 'pending' ? 'pending' : files[0]?.status === 'rejected' ? 'rejected' : 'missing';
    return { entry, state: state as 'missing' | 'pending' | 'accepted' | 'rejected', files };
  });
  const shownFile = resultFile ? { id: resultFile.id, name: resultFile.original_name } : null;
  if (!seesInternal(ctx.actor)) return portalAgencyCaseView(c, { type, workingDaysLeft: left, resultFile: shownFile, checklist: filed });
  const entries = filed.map(({ entry, state, files }) => ({
    ...entry,
    state,
    files: files.map(materialFileView),
  }));
  const missing = missingRequired(checklist.items, materials.map((m) => ({ key: m.checklist_key, status: m.status })));
  return {
    id,
    typeId: c.type_id,
    typeName: type.name,
    typeNameEn: type.name_en,
    step: c.step,
    department: c.department,
    departmentRef: c.department_ref,
    submittedOn: c.submitted_on,
    statutoryDueAt: c.statutory_due_at,
    promisedDueAt: c.promised_due_at,
    workingDaysLeft: left,
    atRisk: c.step !== 'done' && left <= AT_RISK_WORKING_DAYS,
    result: c.result,
    resultFile: shownFile,
    doneAt: c.done_at,
    pickedUpAt: c.picked_up_at,
    checklistVersion: checklist.version,
    checklist: entries,
    missingRequired: missing.map((m) => m.key),
  };
}

/**
 * A file for one checklist entry: uploaded by the enterprise in the portal or by staff at the
 * counter. Only files the person uploaded themselves, for an entry of this case's checklist.
 */
export async function uploadMaterial(ctx: TenantContext, input: UploadMaterialInput): Promise<{ id: string }> {
  const { item, c, checklist } = await loadCase(ctx, input.id, { lock: true });
  if (!['materials', 'precheck'].includes(c.step)) throw new AppError('CONFLICT', 'errors.agency.materialsClosed');
  if (item.status === 'closed') throw new AppError('CONFLICT', 'errors.workItem.closed');
  if (!checklist.items.some((i) => i.key === input.checklistKey)) throw badRequest('errors.agency.unknownChecklistEntry');
  const file = await ctx.trx.selectFrom('files').select(['uploaded_by', 'purpose']).where('id', '=', input.fileId).executeTakeFirst();
  if (!file || file.uploaded_by !== ctx.actor.userId || !['attachment', 'enterprise_document'].includes(file.purpose)) throw badRequest('errors.workItem.badAttachment');
  const row = await ctx.trx
    .insertInto('agency_materials')
    .values({ tenant_id: ctx.tenantId, item_id: input.id, checklist_key: input.checklistKey, file_id: input.fileId, uploaded_by: ctx.actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(ctx, input.id, { action: 'material_uploaded', data: { key: input.checklistKey } });
  return row;
}

/** Staff accept a file or reject it with a reason the enterprise sees. */
export async function reviewMaterial(ctx: TenantContext, input: ReviewMaterialInput): Promise<Ok> {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  const m = await ctx.trx.selectFrom('agency_materials').selectAll().where('id', '=', input.materialId).forUpdate().executeTakeFirst();
  if (!m) throw notFound('errors.agency.materialNotFound');
  await loadCase(ctx, m.item_id);
  if (m.status !== 'pending') throw new AppError('CONFLICT', 'errors.agency.materialReviewed');
  const reason = input.reason?.trim() || null;
  if (input.decision === 'reject' && !reason) throw badRequest('errors.agency.rejectReasonRequired');
  await ctx.trx
    .updateTable('agency_materials')
    .set({ status: input.decision === 'accept' ? 'accepted' : 'rejected', review_reason: input.decision === 'reject' ? reason : null, reviewed_by: ctx.actor.userId, reviewed_at: new Date() })
    .where('id', '=', m.id)
    .execute();
  await recordEvent(ctx, m.item_id, { action: input.decision === 'accept' ? 'material_accepted' : 'material_rejected', note: reason, data: { key: m.checklist_key } });
  await syncItemReminders(ctx, m.item_id);
  return ok;
}

/**
 * One step forward. `submitted` is refused while a required document is missing or rejected and
 * records the department's reference number and the date; `done` records the result and the
 * document the department issued, and resolves the work item.
 */
export async function advanceAgencyCase(ctx: TenantContext, input: AdvanceAgencyCaseInput): Promise<{ step: AgencyStepName }> {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  const { item, c, checklist } = await loadCase(ctx, input.id, { lock: true });
  if (ctx.actor.role === 'staff' && item.assignee_id !== ctx.actor.userId) throw forbidden('errors.workItem.notAssignee');
  if (!agencyCaseActive(item.status) && !(input.step === 'done' && item.status === 'resolved')) {
    throw new AppError('CONFLICT', 'errors.agency.itemNotActive');
  }
  const materials = await latestMaterials(ctx, input.id);
  const missing = missingRequired(checklist.items, materials.map((m) => ({ key: m.checklist_key, status: m.status })));
  checkAdvance({ current: c.step, target: input.step, missing, departmentRef: input.departmentRef ?? null, result: input.result ?? null });
  if (input.resultFileId) {
    const f = await ctx.trx.selectFrom('files').select('uploaded_by').where('id', '=', input.resultFileId).executeTakeFirst();
    if (!f || f.uploaded_by !== ctx.actor.userId) throw badRequest('errors.workItem.badAttachment');
  }
  const now = new Date();
  await ctx.trx
    .updateTable('agency_cases')
    .set({
      step: input.step,
      updated_at: now,
      ...(input.step === 'submitted' ? { department_ref: input.departmentRef!.trim(), submitted_on: input.submittedOn ?? now.toISOString().slice(0, 10) } : {}),
      ...(input.step === 'done' ? { result: input.result!, result_file_id: input.resultFileId ?? null, done_at: now } : {}),
    })
    .where('item_id', '=', input.id)
    .execute();
  await recordEvent(ctx, input.id, {
    action: 'agency_step',
    note: input.note ?? null,
    data: { from: c.step, to: input.step, ...(input.departmentRef ? { departmentRef: input.departmentRef } : {}), ...(input.result ? { result: input.result } : {}) },
  });
  if (input.step === 'done') {
    if (item.status === 'waiting') await applyTransition(ctx, input.id, { action: 'resume' });
    if (!isFinished(item.status)) {
      const current = await requireWorkItem(ctx, input.id);
      if (current.status === 'accepted') await applyTransition(ctx, input.id, { action: 'start' });
      await applyTransition(ctx, input.id, { action: 'resolve', note: input.note?.trim() || `agency:${input.result}` });
    }
  } else if (item.status === 'accepted') {
    await applyTransition(ctx, input.id, { action: 'start' });
  }
  await syncItemReminders(ctx, input.id);
  return { step: input.step };
}

/**
 * Several cases carried to the same department together: each is checked and moved; all or none.
 * A refusal names the case it concerns (`caseNumber`), so the page can say which one to fix.
 */
export async function batchSubmit(ctx: TenantContext, input: BatchSubmitInput): Promise<{ submitted: number }> {
  const departments = new Set<string>();
  const numbers = new Map<string, string>();
  for (const i of input.items) {
    const c = await ctx.trx
      .selectFrom('agency_cases as a')
      .innerJoin('work_items as w', (j) => j.onRef('w.tenant_id', '=', 'a.tenant_id').onRef('w.id', '=', 'a.item_id'))
      .select(['a.department', 'w.number'])
      .where('a.item_id', '=', i.id)
      .executeTakeFirst();
    if (c) {
      departments.add(c.department);
      numbers.set(i.id, c.number);
    }
  }
  if (departments.size > 1) throw badRequest('errors.agency.batchDifferentDepartments');
  for (const i of input.items) {
    try {
      await advanceAgencyCase(ctx, { id: i.id, step: 'submitted', departmentRef: i.departmentRef, submittedOn: input.submittedOn });
    } catch (e) {
      const number = numbers.get(i.id);
      if (isAppError(e) && number) throw new AppError(e.code, e.messageKey, { ...e.params, caseNumber: number }, { cause: e });
      throw e;
    }
  }
  return { submitted: input.items.length };
}

/** The enterprise collected the issued permit (ends the pick-up reminders). */
export async function markPickedUp(ctx: TenantContext, input: MarkPickedUpInput): Promise<Ok> {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  const { c } = await loadCase(ctx, input.id, { lock: true });
  if (c.step !== 'done') throw new AppError('CONFLICT', 'errors.agency.notDone');
  await ctx.trx.updateTable('agency_cases').set({ picked_up_at: new Date() }).where('item_id', '=', input.id).execute();
  await recordEvent(ctx, input.id, { action: 'picked_up' });
  await syncItemReminders(ctx, input.id);
  return ok;
}
