import { AppError, badRequest } from '../errors/app-error.ts';
import type { WorkItemStatus } from '../work-items/lifecycle.ts';

/**
 * An agency case's own steps, beside the work-item lifecycle (DESIGN §3):
 * 收取材料 → 预审 → 已递交部门 → 部门审批中 → 办结/取件. Steps only move forward one at a time;
 * a case can be withdrawn (done, result "withdrawn") from any step.
 */
export const agencySteps = ['materials', 'precheck', 'submitted', 'under_review', 'done'] as const;
export type AgencyStepName = (typeof agencySteps)[number];
export const agencyResults = ['approved', 'rejected', 'withdrawn'] as const;
export type AgencyResult = (typeof agencyResults)[number];

/** The work-item statuses in which the station moves a case's steps: taken on, answer not yet delivered. */
export const agencyActiveStatuses = ['accepted', 'in_progress', 'waiting'] as const satisfies readonly WorkItemStatus[];

export function agencyCaseActive(status: string): boolean {
  return (agencyActiveStatuses as readonly string[]).includes(status);
}

export interface ChecklistEntry {
  key: string;
  name: string;
  required: boolean;
}

export interface MaterialState {
  key: string;
  status: 'pending' | 'accepted' | 'rejected';
}

/** Required checklist entries without an accepted file. */
export function missingRequired(checklist: readonly ChecklistEntry[], materials: readonly MaterialState[]): ChecklistEntry[] {
  const accepted = new Set(materials.filter((m) => m.status === 'accepted').map((m) => m.key));
  return checklist.filter((c) => c.required && !accepted.has(c.key));
}

export function nextAgencyStep(step: AgencyStepName): AgencyStepName | null {
  const i = agencySteps.indexOf(step);
  return i >= 0 && i < agencySteps.length - 1 ? agencySteps[i + 1]! : null;
}

export interface AdvanceRequest {
  current: AgencyStepName;
  target: AgencyStepName;
  missing: readonly ChecklistEntry[];
  departmentRef?: string | null;
  result?: AgencyResult | null;
}

/** Checks one step move; throws a clear AppError otherwise. */
export function checkAdvance(r: AdvanceRequest): void {
  if (r.current === 'done') throw new AppError('CONFLICT', 'errors.agency.caseDone');
  const withdrawing = r.target === 'done' && r.result === 'withdrawn';
  if (!withdrawing && r.target !== nextAgencyStep(r.current)) {
    throw new AppError('CONFLICT', 'errors.agency.stepOutOfOrder', { from: r.current, to: r.target });
  }
  if (r.target === 'submitted') {
    if (r.missing.length) throw new AppError('PRECONDITION_FAILED', 'errors.agency.materialsMissing', { names: r.missing.map((m) => m.name).join('、') });
    if (!r.departmentRef?.trim()) throw badRequest('errors.agency.refRequired');
  }
  if (r.target === 'done' && !r.result) throw badRequest('errors.agency.resultRequired');
}

/** The deadline that bites first. */
export function nearerDeadline(statutory: Date, promised: Date): Date {
  return statutory <= promised ? statutory : promised;
}

/** A case is at risk when two working days or less are left (or it is late). */
export const AT_RISK_WORKING_DAYS = 2;

export interface AgencyTypeSeed {
  code: string;
  name: string;
  nameEn: string;
  department: string;
  statutoryDays: number;
  promisedDays: number;
  checklist: { key: string; name: string; nameEn: string; required: boolean; notes?: string }[];
}

/** The case types a subdistrict starts with (editable per tenant). */
export const defaultAgencyTypes: AgencyTypeSeed[] = [
  {
    code: 'fit_out',
    name: '二次装修施工许可',
    nameEn: 'Fit-out permit',
    department: '区建设和管理委员会',
    statutoryDays: 20,
    promisedDays: 15,
    checklist: [
      { key: 'drawings', name: '装修施工图纸', nameEn: 'Fit-out drawings', required: true },
      { key: 'lease', name: '房屋租赁合同', nameEn: 'Lease', required: true },
      { key: 'owner_consent', name: '业主（物业）同意书', nameEn: 'Owner consent', required: true },
      { key: 'fire_design', name: '消防设计审查意见', nameEn: 'Fire-safety design approval', required: true },
      { key: 'contractor', name: '施工单位资质证书', nameEn: 'Contractor qualification', required: true },
      { key: 'safety_pledge', name: '安全生产承诺书', nameEn: 'Safety pledge', required: false, notes: '可现场签署' },
    ],
  },
  {
    code: 'registration_change',
    name: '工商变更登记',
    nameEn: 'Registration change',
    department: '区市场监督管理局',
    statutoryDays: 3,
    promisedDays: 3,
    checklist: [
      { key: 'application', name: '变更登记申请书', nameEn: 'Application form', required: true },
      { key: 'resolution', name: '股东会决议', nameEn: 'Shareholders’ resolution', required: true },
      { key: 'articles', name: '章程修正案', nameEn: 'Amended articles', required: true },
      { key: 'licence', name: '营业执照正副本', nameEn: 'Business licence', required: true },
      { key: 'id_card', name: '法定代表人身份证明', nameEn: 'Legal representative’s ID', required: true },
    ],
  },
  {
    code: 'tax',
    name: '税务事项（发票增量、税务登记）',
    nameEn: 'Tax matters',
    department: '区税务局',
    statutoryDays: 10,
    promisedDays: 5,
    checklist: [
      { key: 'application', name: '税务事项申请表', nameEn: 'Application form', required: true },
      { key: 'licence', name: '营业执照复印件', nameEn: 'Business licence copy', required: true },
      { key: 'agent_id', name: '经办人身份证', nameEn: 'Agent’s ID card', required: true },
      { key: 'invoice_book', name: '发票领用簿', nameEn: 'Invoice register', required: false },
    ],
  },
  {
    code: 'social_insurance',
    name: '社保 / 公积金',
    nameEn: 'Social insurance and housing fund',
    department: '区人力资源和社会保障局',
    statutoryDays: 10,
    promisedDays: 7,
    checklist: [
      { key: 'registration', name: '单位参保登记表', nameEn: 'Employer registration form', required: true },
      { key: 'licence', name: '营业执照复印件', nameEn: 'Business licence copy', required: true },
      { key: 'id_card', name: '法定代表人身份证复印件', nameEn: 'Legal representative’s ID copy', required: true },
      { key: 'bank', name: '银行开户许可证', nameEn: 'Bank account permit', required: false },
    ],
  },
  {
    code: 'other',
    name: '其他代办事项',
    nameEn: 'Other',
    department: '相关部门',
    statutoryDays: 20,
    promisedDays: 10,
    checklist: [{ key: 'materials', name: '申请材料', nameEn: 'Application materials', required: true }],
  },
];
