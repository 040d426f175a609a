import type { AgencyResult, AgencyStepName } from '@stationdesk/core';
import type { ChecklistItem } from '@stationdesk/db';

/**
 * What an enterprise admin receives of agency work (代办), built field by field from the rows (an
 * allow-list), never the staff shape with fields taken out, so a field added for staff stays theirs:
 * where its case stands, the department and its reference, the statutory and promised deadlines,
 * the checklist with the company's materials, their review and the reason a file was sent back,
 * the result and the permit. The station's own marks (at risk), its assignment and the checklist's
 * version are not here. `audience` tells a portal answer from a staff one.
 */
export interface PortalMaterial {
  id: string;
  fileId: string;
  name: string;
  size: number;
  status: string;
  /** The reason a file was sent back: written for the enterprise. */
  reviewReason: string | null;
  uploadedAt: string;
  uploadedBy: string | null;
}

export interface PortalChecklistEntry {
  key: string;
  name: string;
  nameEn: string | null;
  required: boolean;
  templateFileId: string | null;
  /** Guidance on the entry, written for whoever hands the document in. */
  notes: string | null;
  state: 'missing' | 'pending' | 'accepted' | 'rejected';
  files: PortalMaterial[];
}

export interface PortalAgencyCaseView {
  audience: 'portal';
  id: string;
  typeName: string;
  typeNameEn: string | null;
  step: AgencyStepName;
  department: string;
  departmentRef: string | null;
  submittedOn: string | null;
  statutoryDueAt: string;
  promisedDueAt: string;
  workingDaysLeft: number;
  result: AgencyResult | null;
  resultFile: { id: string; name: string } | null;
  doneAt: string | null;
  pickedUpAt: string | null;
  checklist: PortalChecklistEntry[];
}

export interface PortalAgencyQueueRow {
  id: string;
  number: string;
  title: string;
  status: string;
  typeId: string;
  typeName: string;
  step: AgencyStepName;
  department: string;
  departmentRef: string | null;
  statutoryDueAt: string;
  promisedDueAt: string;
  dueAt: string;
  workingDaysLeft: number;
  doneAt: string | null;
}

export interface PortalAgencyQueuePage {
  audience: 'portal';
  items: PortalAgencyQueueRow[];
  nextCursor: string | null;
  counts: { byStep: Record<string, number>; byType: Record<string, number> };
}

/** A case type as the service catalogue a company reads: what it takes, who decides, how long. */
export interface PortalAgencyType {
  id: string;
  name: string;
  nameEn: string | null;
  department: string;
  statutoryDays: number;
  promisedDays: number;
  checklist: Omit<PortalChecklistEntry, 'state' | 'files'>[];
}

export interface PortalAgencyTypeList {
  audience: 'portal';
  types: PortalAgencyType[];
}

function portalChecklistItem(entry: ChecklistItem): Omit<PortalChecklistEntry, 'state' | 'files'> {
  return {
    key: entry.key,
    name: entry.name,
    nameEn: entry.nameEn ?? null,
    required: entry.required,
    templateFileId: entry.templateFileId ?? null,
    notes: entry.notes ?? null,
  };
}

export function portalAgencyCaseView(
  c: {
    item_id: string;
    step: AgencyStepName;
    department: string;
    department_ref: string | null;
    submitted_on: string | null;
    statutory_due_at: string;
    promised_due_at: string;
    result: AgencyResult | null;
    done_at: string | null;
    picked_up_at: string | null;
  },
  more: {
    type: { name: string; name_en: string | null };
    workingDaysLeft: number;
    resultFile: { id: string; name: string } | null;
    checklist: {
      entry: ChecklistItem;
      state: PortalChecklistEntry['state'];
      files: MaterialFileRow[];
    }[];
  },
): PortalAgencyCaseView {
  return {
    audience: 'portal',
    id: c.item_id,
    typeName: more.type.name,
    typeNameEn: more.type.name_en,
    step: c.step,
    department: c.department,
    departmentRef: c.department_ref,
    submittedOn: c.submitted_on,
    statutoryDueAt: c.statutory_due_at,
    promisedDueAt: c.promised_due_at,
    workingDaysLeft: more.workingDaysLeft,
    result: c.result,
    resultFile: more.resultFile ? { id: more.resultFile.id, name: more.resultFile.name } : null,
    doneAt: c.done_at,
    pickedUpAt: c.picked_up_at,
    checklist: more.checklist.map(({ entry, state, files }) => ({
      ...portalChecklistItem(entry),
      state,
      files: files.map(materialFileView),
    })),
  };
}

export function portalAgencyQueueRow(r: {
  item_id: string;
  number: string;
  title: string;
  status: string;
  type_id: string;
  type_name: string;
  step: AgencyStepName;
  department: string;
  department_ref: string | null;
  statutory_due_at: string;
  promised_due_at: string;
  due_at: string;
  done_at: string | null;
}, workingDaysLeft: number): PortalAgencyQueueRow {
  return {
    id: r.item_id,
    number: r.number,
    title: r.title,
    status: r.status,
    typeId: r.type_id,
    typeName: r.type_name,
    step: r.step,
    department: r.department,
    departmentRef: r.department_ref,
    statutoryDueAt: r.statutory_due_at,
    promisedDueAt: r.promised_due_at,
    dueAt: r.due_at,
    workingDaysLeft,
    doneAt: r.done_at,
  };
}

export function portalAgencyType(t: {
  id: string;
  name: string;
  name_en: string | null;
  department: string;
  statutory_days: number;
  promised_days: number;
  items: ChecklistItem[];
}): PortalAgencyType {
  return {
    id: t.id,
    name: t.name,
    nameEn: t.name_en,
    department: t.department,
    statutoryDays: t.statutory_days,
    promisedDays: t.promised_days,
    checklist: t.items.map(portalChecklistItem),
  };
}

type MaterialFileRow = { id: string; file_id: string; original_name: string; size_bytes: string | number; status: string; review_reason: string | null; uploaded_at: string; uploaded_by_name: string | null };

/** A material uploaded against a checklist point, as staff and the enterprise both see it. */
export function materialFileView(f: MaterialFileRow) {
  return {
    id: f.id,
    fileId: f.file_id,
    name: f.original_name,
    size: Number(f.size_bytes),
    status: f.status,
    reviewReason: f.review_reason,
    uploadedAt: f.uploaded_at,
    uploadedBy: f.uploaded_by_name,
  };
}
