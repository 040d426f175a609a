import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/** timestamptz comes back as an ISO-8601 string (see client.ts); accepts Date or string on write. */
export type Timestamp = ColumnType<string, Date | string | undefined, Date | string>;
export type RequiredTimestamp = ColumnType<string, Date | string, Date | string>;
export type Json<T> = ColumnType<T, string | T, string | T>;
/** A JSON column with a database default: optional on insert. */
export type JsonDefault<T> = ColumnType<T, string | T | undefined, string | T>;

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  name_en: string | null;
  timezone: Generated<string>;
  created_at: Timestamp;
  /** suspended: sign-ins refused, sessions lose the tenant, reminders paused; data kept (0037). */
  status: Generated<'active' | 'suspended'>;
  status_changed_at: Timestamp | null;
}

/** A manager's time-boxed consent to the platform operators reading the tenant (0037). */
export interface SupportAccessGrantsTable {
  tenant_id: string;
  id: Generated<string>;
  reason: string;
  granted_by: string;
  created_at: Timestamp;
  expires_at: RequiredTimestamp;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  is_platform_admin: Generated<boolean>;
  locale: Generated<string>;
  password_changed_at: Timestamp;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  active_tenant_id: string | null;
  expires_at: RequiredTimestamp;
  created_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

/** A requested password reset: only its token's SHA-256, single use, 30 minutes (migration 0036). */
export interface PasswordResetsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  created_at: Timestamp;
  expires_at: RequiredTimestamp;
  used_at: Timestamp | null;
  requested_ip: string | null;
}

export interface SignInThrottleTable {
  key: string;
  failures: number;
  window_ends_at: RequiredTimestamp;
}

export interface IdempotencyKeysTable {
  tenant_id: string;
  user_id: string;
  key: string;
  operation: string;
  input_hash: string;
  response: Json<unknown> | null;
  created_at: Timestamp;
}

export interface WorkerHeartbeatsTable {
  id: string;
  host: string;
  pid: number;
  queue_backend: string;
  started_at: RequiredTimestamp;
  seen_at: RequiredTimestamp;
}

export interface StationsTable {
  tenant_id: string;
  id: Generated<string>;
  code: string;
  name: string;
  name_en: string | null;
  address: string | null;
  phone: string | null;
  last_assigned_user_id: string | null;
  created_at: Timestamp;
  /** Deactivated stations leave the pickers; their history stays (migration 0038). */
  active: Generated<boolean>;
  deactivated_at: Timestamp | null;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface BuildingsTable {
  tenant_id: string;
  id: Generated<string>;
  station_id: string;
  name: string;
  name_en: string | null;
  address: string | null;
  floors: number | null;
  /** The building's floors as labels (B2, B1, 1F …), when recorded; else 1F … floors (migration 0030). */
  floor_labels: string[] | null;
  created_at: Timestamp;
  version: Generated<number>;
  updated_at: Timestamp;
}

export type DateString = ColumnType<string, string, string>;
/** numeric comes back as a string (exact); written from number or string. */
export type Numeric = ColumnType<string, string | number, string | number>;

export interface EnterprisesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  name_en: string | null;
  credit_code: string;
  legal_representative: string | null;
  registered_capital_wan: Numeric | null;
  industry: string | null;
  established_on: DateString | null;
  employees: number | null;
  station_id: string;
  building_id: string;
  floor: string | null;
  room: string | null;
  status: Generated<'active' | 'moving_out' | 'moved_out' | 'deregistered'>;
  moved_in_on: DateString | null;
  moving_out_on: DateString | null;
  moved_out_on: DateString | null;
  deregistered_on: DateString | null;
  has_party_branch: Generated<boolean>;
  party_branch_name: string | null;
  party_members: number | null;
  party_secretary: string | null;
  notes: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EnterpriseNameGramsTable {
  tenant_id: string;
  gram: string;
  enterprise_id: string;
}

/** Two-character grams of work-item titles (trigger-maintained): the title search's index. */
export interface WorkItemTitleGramsTable {
  tenant_id: string;
  gram: string;
  item_id: string;
}

export interface EnterpriseContactsTable {
  tenant_id: string;
  id: Generated<string>;
  enterprise_id: string;
  name: string;
  title: string | null;
  phone: string | null;
  phone_digits: ColumnType<string, never, never>;
  phone_digits_rev: ColumnType<string, never, never>;
  email: string | null;
  is_primary: Generated<boolean>;
  created_at: Timestamp;
}

export interface FilesTable {
  tenant_id: string;
  id: Generated<string>;
  storage_key: string;
  original_name: string;
  content_type: string;
  size_bytes: ColumnType<number, number, number>;
  sha256: string;
  purpose: 'enterprise_document' | 'import' | 'export' | 'attachment' | 'patrol_photo';
  uploaded_by: string | null;
  enterprise_id: string | null;
  created_at: Timestamp;
}

export interface EnterpriseDocumentsTable {
  tenant_id: string;
  id: Generated<string>;
  enterprise_id: string;
  doc_type: string;
  number: string | null;
  issuer: string | null;
  issued_on: DateString | null;
  expires_on: DateString | null;
  file_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TagsTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  color: Generated<string>;
  created_at: Timestamp;
}

export interface EnterpriseTagsTable {
  tenant_id: string;
  enterprise_id: string;
  tag_id: string;
}

export interface EnterpriseChangeRequestsTable {
  tenant_id: string;
  id: Generated<string>;
  enterprise_id: string;
  kind: 'contact_add' | 'contact_update' | 'contact_remove' | 'document_add' | 'document_update';
  target_id: string | null;
  payload: Json<Record<string, unknown>>;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  proposed_by: string;
  proposed_at: Timestamp;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  review_reason: string | null;
}

export interface EnterpriseImportsTable {
  tenant_id: string;
  id: Generated<string>;
  file_id: string;
  created_by: string;
  status: Generated<'previewed' | 'committing' | 'committed' | 'failed'>;
  total_rows: number;
  valid_rows: number;
  processed_rows: Generated<number>;
  created_count: number | null;
  updated_count: number | null;
  error: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

/** A view: one row per thing that happened to an enterprise. */
export interface EnterpriseTimelineView {
  tenant_id: string;
  enterprise_id: string;
  at: string;
  kind: string;
  ref_id: string;
  title: string;
  detail: Record<string, unknown>;
  actor_id: string | null;
  internal: boolean;
}

export interface MembershipsTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  role: 'manager' | 'staff' | 'enterprise_admin';
  enterprise_id: string | null;
  on_duty: Generated<boolean>;
  max_open_items: Generated<number>;
  /** Deactivated: the row stays, its own user no longer sees it (migration 0035). */
  deactivated_at: Timestamp | null;
  deactivated_by: string | null;
  created_at: Timestamp;
  /** An enterprise admin's confirmation of their enterprise's contacts (null: not yet). */
  contacts_confirmed_at: Timestamp | null;
}

/** An invitation to join a tenant: only its link's token's SHA-256 is kept (migration 0035). */
export interface InvitationsTable {
  tenant_id: string;
  id: Generated<string>;
  email: string;
  display_name: string | null;
  role: 'manager' | 'staff' | 'enterprise_admin';
  station_ids: ColumnType<string[], string[] | undefined, string[]>;
  enterprise_id: string | null;
  token_hash: string;
  expires_at: RequiredTimestamp;
  invited_by: string;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  /** An enterprise admin asking for a colleague: waits for a manager's approval. */
  requested_by: string | null;
  approved_by: string | null;
  approved_at: Timestamp | null;
  accepted_at: Timestamp | null;
  accepted_user_id: string | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

export interface MembershipStationsTable {
  tenant_id: string;
  membership_id: string;
  station_id: string;
}

export interface AuditLogTable {
  tenant_id: string;
  id: Generated<string>;
  at: Timestamp;
  actor_user_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  data: Json<Record<string, unknown>>;
  ip: string | null;
}

/** A manager's request for the tenant's whole archive, built by the worker (0039). */
export interface TenantExportsTable {
  tenant_id: string;
  id: Generated<string>;
  requested_by: string;
  requested_at: Timestamp;
  status: Generated<'pending' | 'running' | 'ready' | 'failed'>;
  progress: Generated<number>;
  step: string | null;
  attempts: Generated<number>;
  started_at: Timestamp | null;
  heartbeat_at: Timestamp | null;
  finished_at: Timestamp | null;
  storage_key: string | null;
  size_bytes: ColumnType<string | null, number | null | undefined, number | null>;
  file_count: number | null;
  row_count: ColumnType<string | null, number | null | undefined, number | null>;
  error: string | null;
  link_hash: string | null;
  link_expires_at: Timestamp | null;
}

export interface WorkCalendarsTable {
  tenant_id: string;
  business_hours: ColumnType<{ start: string; end: string }[], string | undefined, string>;
  weekend_days: ColumnType<number[], number[] | undefined, number[]>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface CalendarDaysTable {
  tenant_id: string;
  day: DateString;
  kind: 'holiday' | 'workday';
  name: string | null;
}

export type SlaUnit = 'working_minutes' | 'working_hours' | 'working_days' | 'same_working_day' | 'calendar_hours' | 'calendar_days';

export interface SlaPoliciesTable {
  tenant_id: string;
  kind: 'consultation' | 'agency' | 'dispute' | 'patrol';
  priority: 'urgent' | 'normal' | 'low';
  first_contact_value: number;
  first_contact_unit: Exclude<SlaUnit, 'same_working_day'>;
  resolution_value: number;
  resolution_unit: SlaUnit;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface WorkItemCountersTable {
  tenant_id: string;
  kind: string;
  year: number;
  last_value: number;
}

export type WorkItemKind = 'consultation' | 'agency' | 'dispute' | 'patrol';
export type WorkItemStatusColumn = 'received' | 'assigned' | 'accepted' | 'in_progress' | 'waiting' | 'resolved' | 'visited' | 'returned' | 'closed';

export interface WorkItemsTable {
  tenant_id: string;
  id: Generated<string>;
  kind: WorkItemKind;
  number: string;
  station_id: string;
  enterprise_id: string | null;
  building_id: string | null;
  title: string;
  description: Generated<string>;
  priority: Generated<'urgent' | 'normal' | 'low'>;
  channel: 'walk_in' | 'phone' | 'portal' | 'wechat' | 'patrol' | 'referral';
  category: string | null;
  requester_name: string | null;
  requester_phone: string | null;
  requester_user_id: string | null;
  status: Generated<WorkItemStatusColumn>;
  assignee_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  assigned_at: Timestamp | null;
  accepted_at: Timestamp | null;
  first_contact_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  /** 转办: closed as converted into another item (null: archived, or withdrawn). */
  closed_reason: 'converted' | null;
  first_contact_due_at: Timestamp | null;
  resolution_due_at: Timestamp | null;
  paused_minutes: Generated<number>;
  waiting_since: Timestamp | null;
  answer: string | null;
  resolved_ok: boolean | null;
  requester_confirmed: boolean | null;
  rating: 'very_satisfied' | 'satisfied' | 'basically_satisfied' | 'dissatisfied' | 'very_dissatisfied' | null;
  rating_comment: string | null;
  rated_at: Timestamp | null;
  rating_source: 'portal' | 'phone' | null;
  rectification_due_at: Timestamp | null;
  /** 整改完成: when the rectification was done (marked by staff, or the item resolved again after 重办), by whom, and the note. */
  rectified_at: Timestamp | null;
  rectified_by: string | null;
  rectification_note: string | null;
  /** Sent back for rework (重办) or reopened: its due time was counted again from here. */
  reopened_at: Timestamp | null;
  redo_count: Generated<number>;
  chase_level: 'chased' | 'supervised' | null;
  chased_at: Timestamp | null;
  chase_count: Generated<number>;
  extension_due_at: Timestamp | null;
  extension_reason: string | null;
  extension_requested_by: string | null;
  extension_requested_at: Timestamp | null;
  linked_item_id: string | null;
  version: Generated<number>;
  /** Years without a holiday schedule its due times were counted across (empty: they are exact). */
  calendar_missing_years: Generated<number[]>;
}

export interface WorkItemEventsTable {
  tenant_id: string;
  id: Generated<string>;
  item_id: string;
  at: Timestamp;
  actor_id: string | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  data: JsonDefault<Record<string, unknown>>;
  internal: Generated<boolean>;
}

export interface WorkItemMessagesTable {
  tenant_id: string;
  id: Generated<string>;
  item_id: string;
  at: Timestamp;
  author_id: string;
  visibility: 'public' | 'internal';
  body: string;
  attachment_ids: Generated<string[]>;
}

export interface CannedRepliesTable {
  tenant_id: string;
  id: Generated<string>;
  title: string;
  body: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface RemindersTable {
  tenant_id: string;
  id: Generated<string>;
  kind: string;
  subject_type: 'work_item' | 'enterprise_document' | 'dispute_warning' | 'tenant' | 'user' | 'patrol_round' | 'duty_shift' | 'duty_sign_up';
  subject_id: string | null;
  recipients: Json<string[]>;
  channels: Generated<string[]>;
  due_at: RequiredTimestamp;
  status: Generated<'scheduled' | 'sent' | 'cancelled' | 'failed'>;
  idempotency_key: string;
  attempts: Generated<number>;
  last_error: string | null;
  fired_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DeliveriesTable {
  tenant_id: string;
  id: Generated<string>;
  reminder_id: string;
  channel: 'inbox' | 'email' | 'webhook';
  target: string;
  status: Generated<'pending' | 'sending' | 'sent' | 'failed' | 'uncertain'>;
  attempts: Generated<number>;
  last_error: string | null;
  external_id: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface NotificationsTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  kind: string;
  title: string;
  body: Generated<string>;
  items: JsonDefault<{ id?: string; number?: string; title: string; link?: string; dueAt?: string | null }[]>;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface EmailOutboxTable {
  tenant_id: string;
  id: Generated<string>;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: Timestamp;
}

export interface StationWebhooksTable {
  tenant_id: string;
  id: Generated<string>;
  station_id: string;
  provider: 'wecom' | 'dingtalk' | 'feishu';
  url: string;
  secret: string | null;
  enabled: Generated<boolean>;
  created_at: Timestamp;
}

export interface ChecklistItem {
  key: string;
  name: string;
  nameEn?: string | null;
  required: boolean;
  templateFileId?: string | null;
  notes?: string | null;
}

export interface AgencyTypesTable {
  tenant_id: string;
  id: Generated<string>;
  code: string;
  name: string;
  name_en: string | null;
  department: string;
  statutory_days: number;
  promised_days: number;
  active: Generated<boolean>;
  current_checklist_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AgencyChecklistsTable {
  tenant_id: string;
  id: Generated<string>;
  type_id: string;
  version: number;
  items: Json<ChecklistItem[]>;
  created_at: Timestamp;
  created_by: string | null;
}

export type AgencyStep = 'materials' | 'precheck' | 'submitted' | 'under_review' | 'done';

export interface AgencyCasesTable {
  tenant_id: string;
  item_id: string;
  type_id: string;
  checklist_id: string;
  step: Generated<AgencyStep>;
  department: string;
  department_ref: string | null;
  submitted_on: DateString | null;
  statutory_due_at: RequiredTimestamp;
  promised_due_at: RequiredTimestamp;
  /** The nearer of the two deadlines (generated: the queue's order). */
  due_at: GeneratedAlways<string>;
  result: 'approved' | 'rejected' | 'withdrawn' | null;
  result_file_id: string | null;
  done_at: Timestamp | null;
  picked_up_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface AgencyMaterialsTable {
  tenant_id: string;
  id: Generated<string>;
  item_id: string;
  checklist_key: string;
  file_id: string;
  uploaded_by: string;
  uploaded_at: Timestamp;
  status: Generated<'pending' | 'accepted' | 'rejected'>;
  review_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
}

/** A permit request an enterprise admin prepares in the portal (migration 0043): a case once submitted. */
export interface AgencyDraftsTable {
  tenant_id: string;
  id: Generated<string>;
  enterprise_id: string;
  type_id: string;
  checklist_id: string;
  description: Generated<string>;
  status: Generated<'draft' | 'submitted'>;
  item_id: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: Timestamp | null;
}

/** A file uploaded against one checklist point of a draft. */
export interface AgencyDraftMaterialsTable {
  tenant_id: string;
  id: Generated<string>;
  draft_id: string;
  checklist_key: string;
  file_id: string;
  uploaded_by: string;
  uploaded_at: Timestamp;
}

export interface DisputeSettingsTable {
  tenant_id: string;
  risk: Json<Record<string, unknown>>;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** The lines a tenant holds its stations to, in basis points (migration 0027). */
export interface KpiTargetsTable {
  tenant_id: string;
  first_contact: number;
  resolution: number;
  on_time: number;
  satisfaction: number;
  redo: number;
  returned: number;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** Read-only links for a station's or the subdistrict's screen; only the token's SHA-256 is kept. */
export interface WallDisplaysTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  station_id: string | null;
  token_hash: string;
  created_at: Timestamp;
  created_by: string | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

export interface DisputeCasesTable {
  tenant_id: string;
  item_id: string;
  source: string;
  dispute_type: string;
  facts: Generated<string>;
  amount_yuan: Numeric | null;
  people_involved: number;
  social_insurance_arrears: Generated<boolean>;
  prior_escalation: Generated<boolean>;
  risk_score: Generated<number>;
  risk_level: Generated<'green' | 'yellow' | 'red'>;
  risk_factors: JsonDefault<{ indicator: string; points: number }[]>;
  group_dispute: Generated<boolean>;
  outcome: 'agreement' | 'referred' | 'withdrawn' | 'failed' | null;
  outcome_at: Timestamp | null;
  outcome_note: string | null;
  agreement_no: string | null;
  agreement_terms: string | null;
  agreement_amount_yuan: Numeric | null;
  performance_method: string | null;
  performance_place: string | null;
  performance_due_on: DateString | null;
  signed_file_id: string | null;
  /** The agreement last generated for signing (a file we wrote). */
  agreement_file_id: string | null;
  referred_to: string | null;
  performed: 'full' | 'partial' | 'none' | null;
  updated_at: Timestamp;
}

export interface DisputePartiesTable {
  tenant_id: string;
  id: Generated<string>;
  item_id: string;
  side: 'applicant' | 'respondent';
  kind: 'person' | 'organisation';
  name: string;
  phone: string | null;
  id_number: string | null;
  enterprise_id: string | null;
}

export interface DisputeSessionsTable {
  tenant_id: string;
  id: Generated<string>;
  item_id: string;
  kind: 'inquiry' | 'mediation';
  held_at: RequiredTimestamp;
  place: string | null;
  mediator: string;
  attendees: string | null;
  notes: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface DisputeEvidenceTable {
  tenant_id: string;
  id: Generated<string>;
  item_id: string;
  file_id: string;
  description: string | null;
  uploaded_by: string | null;
  created_at: Timestamp;
}

export interface DisputeRiskHistoryTable {
  tenant_id: string;
  id: Generated<string>;
  item_id: string;
  at: Timestamp;
  score: number;
  level: string;
  factors: Json<{ indicator: string; points: number }[]>;
  reason: string;
}

export interface DisputeWarningsTable {
  tenant_id: string;
  id: Generated<string>;
  item_id: string;
  level: 'yellow' | 'red';
  score: number;
  reason: string;
  raised_at: Timestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  acknowledgement: string | null;
}

export interface DisputeVisitsTable {
  tenant_id: string;
  id: Generated<string>;
  item_id: string;
  visit_no: 7 | 30;
  visited_on: DateString;
  visitor: string;
  performance: 'full' | 'partial' | 'none';
  satisfaction: string | null;
  new_risk: Generated<boolean>;
  notes: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

type DisputeCountDimension = 'type' | 'source' | 'outcome' | 'risk_level' | 'performed' | 'close_days' | 'warning';

/** The dispute counts' rollup by local day, kept by triggers (migration 0009); read-only to the app. */
export interface DisputeDayCountsTable {
  tenant_id: string;
  station_id: string;
  day: DateString;
  dimension: DisputeCountDimension;
  value: string;
  total: number;
  open: number;
}

/** The same by local month (first day), without close_days. */
export interface DisputeMonthCountsTable {
  tenant_id: string;
  station_id: string;
  month: DateString;
  dimension: Exclude<DisputeCountDimension, 'close_days'>;
  value: string;
  total: number;
  open: number;
}

/** close_days by local month: counts[d] cases closed d local days after filing (nulls are 0). */
export interface DisputeCloseDaysTable {
  tenant_id: string;
  station_id: string;
  month: DateString;
  counts: (number | null)[];
}

/** The KPIs' rollup by local day, kept by triggers (migration 0023); read-only to the app. */
export interface KpiDayCountsTable {
  tenant_id: string;
  day: DateString;
  station_id: string;
  kind: WorkItemKind;
  /** The item's handler (assignee); the nil uuid for none (a key column). */
  staff_id: string;
  metric: string;
  numerator: number;
  denominator: number;
}

/** The same by local month (first day). */
export interface KpiMonthCountsTable {
  tenant_id: string;
  month: DateString;
  station_id: string;
  kind: WorkItemKind;
  staff_id: string;
  metric: string;
  numerator: number;
  denominator: number;
}

/** The KPI rollup per station only (migration 0028): a station's kinds and handlers added up. */
export interface KpiStationDayCountsTable {
  tenant_id: string;
  day: DateString;
  station_id: string;
  metric: string;
  numerator: number;
  denominator: number;
}

/** The same by local month (first day). */
export interface KpiStationMonthCountsTable {
  tenant_id: string;
  month: DateString;
  station_id: string;
  metric: string;
  numerator: number;
  denominator: number;
}

/** A patrol finding (巡查发现, migration 0030): the place, category, tier and source of a patrol work item. */
export interface PatrolFindingsTable {
  tenant_id: string;
  item_id: string;
  building_id: string;
  /** A floor label (B1, 12F, RF), or null when not known (an automatic finding about an enterprise). */
  floor: string | null;
  location: Generated<string>;
  category: string;
  tier: 'red' | 'yellow' | 'blue';
  source: 'staff' | 'automatic' | 'external';
  source_name: string | null;
  /** Automatic: the rule and its subject; at most one open finding per key. */
  rule_key: string | null;
  /** External: the sender's id, once per tenant and sender (source_name). */
  external_id: string | null;
  /** Not closed (kept by a trigger from the item's status). */
  open: Generated<boolean>;
  cleared_at: Timestamp | null;
  dispute_item_id: string | null;
  verification: 'passed' | 'failed' | null;
  verified_at: Timestamp | null;
  verified_by: string | null;
  verification_note: string | null;
  created_at: Timestamp;
}

/** A finding's photo: a file of purpose patrol_photo, before (as found) or after (as fixed). */
export interface PatrolFindingPhotosTable {
  tenant_id: string;
  file_id: string;
  item_id: string;
  phase: 'before' | 'after';
  added_by: string | null;
  added_at: Timestamp;
}

/** A tenant's override of a default patrol category, or one of its own (key c_…). */
export interface PatrolCategoriesTable {
  tenant_id: string;
  key: string;
  name: string | null;
  name_en: string | null;
  labour: Generated<boolean>;
  active: Generated<boolean>;
  position: number;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** A station's patrol plan (巡查计划, migration 0031): what is walked, how often, by whom. */
export interface PatrolPlansTable {
  tenant_id: string;
  id: Generated<string>;
  station_id: string;
  name: string;
  frequency: 'daily' | 'weekly' | 'working_days';
  weekdays: Generated<number[]>;
  assignment: 'fixed' | 'round_robin';
  active: Generated<boolean>;
  starts_on: DateString;
  generated_through: DateString | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PatrolPlanFloorsTable {
  tenant_id: string;
  plan_id: string;
  building_id: string;
  floor: string;
}

export interface PatrolPlanStaffTable {
  tenant_id: string;
  plan_id: string;
  user_id: string;
  position: number;
}

export interface PatrolPlanChecklistTable {
  tenant_id: string;
  id: Generated<string>;
  plan_id: string;
  label: string;
  position: number;
  archived_at: Timestamp | null;
}

export interface PatrolRoundsTable {
  tenant_id: string;
  id: Generated<string>;
  plan_id: string;
  station_id: string;
  round_date: DateString;
  assignee_id: string;
  status: Generated<'planned' | 'in_progress' | 'done' | 'missed'>;
  floors: Json<{ buildingId: string; floor: string }[]>;
  point_ids: string[];
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  walked_by: string | null;
  floors_covered: JsonDefault<{ buildingId: string; floor: string }[]>;
  checked: Generated<number>;
  findings: Generated<number>;
  finish_note: string | null;
  created_at: Timestamp;
}

export interface PatrolRoundChecksTable {
  tenant_id: string;
  id: Generated<string>;
  round_id: string;
  building_id: string;
  floor: string;
  point_id: string;
  result: 'ok' | 'finding';
  finding_item_id: string | null;
  note: string | null;
  checked_by: string;
  checked_at: Timestamp;
  client_id: string;
}

/** A tenant's own settings of an automatic-finding rule (migration 0032); none: core's defaults. */
export interface PatrolRuleSettingsTable {
  tenant_id: string;
  rule: string;
  enabled: boolean;
  tier: 'red' | 'yellow' | 'blue';
  thresholds: Json<Record<string, number>>;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** What the tenant's last run of the rules did. */
export interface PatrolRuleRunsTable {
  tenant_id: string;
  finished_at: Timestamp;
  duration_ms: number;
  raised: number;
  cleared: number;
  recurred: number;
}

/** A sending system's token for POST /api/intake/findings: its name (the findings' source name), only the token's SHA-256. */
export interface IntakeTokensTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  created_by: string | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  last_used_at: Timestamp | null;
  window_started_at: Timestamp | null;
  window_calls: Generated<number>;
}

/** An organisation of regional party building that is not an enterprise of the buildings (migration 0033). */
export interface PartyOrgsTable {
  tenant_id: string;
  id: Generated<string>;
  type: 'member_unit' | 'two_new' | 'enterprise_branch' | 'community';
  name: string;
  contact_name: string | null;
  contact_phone: string | null;
  members: number | null;
  joined_on: DateString | null;
  status: Generated<'active' | 'left'>;
  left_on: DateString | null;
  station_id: string;
  notes: string | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A view: party_orgs and the party branches of the enterprise files (id: the enterprise's). */
export interface PartyOrganisationsView {
  tenant_id: string;
  id: string;
  source: 'registry' | 'enterprise';
  type: 'member_unit' | 'two_new' | 'enterprise_branch' | 'community';
  name: string;
  contact_name: string | null;
  contact_phone: string | null;
  members: number | null;
  joined_on: string | null;
  status: 'active' | 'left';
  left_on: string | null;
  station_id: string;
  enterprise_id: string | null;
  notes: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A tenant's override of a default kind of party service, or one of its own (key s_…). */
export interface PartyServicesTable {
  tenant_id: string;
  key: string;
  name: string | null;
  name_en: string | null;
  active: Generated<boolean>;
  position: number;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** A station's party-mass service post (党群服务站). */
export interface ServicePostsTable {
  tenant_id: string;
  id: Generated<string>;
  station_id: string;
  name: string;
  location: string;
  /** Per weekday; null: the tenant's working calendar. */
  opening_hours: ColumnType<{ weekday: number; start: string; end: string }[] | null, string | null | undefined, string | null>;
  services: Generated<string[]>;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A post's duty shift: places counted in members, booked by the batches signed up. */
export interface DutyShiftsTable {
  tenant_id: string;
  id: Generated<string>;
  post_id: string;
  shift_date: DateString;
  starts_at: RequiredTimestamp;
  ends_at: RequiredTimestamp;
  places: number;
  booked: Generated<number>;
  status: Generated<'open' | 'cancelled'>;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

/** A batch (批次) an organisation signs up for a shift, with its attendance. */
export interface DutySignUpsTable {
  tenant_id: string;
  id: Generated<string>;
  shift_id: string;
  party_org_id: string | null;
  enterprise_id: string | null;
  organisation_id: GeneratedAlways<string>;
  members: number;
  member_names: Generated<string[]>;
  status: Generated<'signed_up' | 'checked_in' | 'checked_out' | 'cancelled'>;
  signed_up_by: string;
  signed_up_at: Timestamp;
  checked_in_at: Timestamp | null;
  checked_in_by: string | null;
  checked_in_via: 'staff' | 'code' | null;
  checked_out_at: Timestamp | null;
  checked_out_by: string | null;
  checked_out_via: 'staff' | 'code' | null;
  cancelled_at: Timestamp | null;
  cancelled_by: string | null;
}

/** Person-times served on a shift, per service. */
export interface DutyShiftServedTable {
  tenant_id: string;
  shift_id: string;
  service: string;
  served: number;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

/** A check-in QR code: what it names and until when; only the token's SHA-256. */
export interface PartyCheckInCodesTable {
  tenant_id: string;
  id: Generated<string>;
  subject_kind: 'service_post' | 'activity';
  subject_id: string;
  token_hash: string;
  expires_at: RequiredTimestamp;
  created_by: string | null;
  created_at: Timestamp;
}

/** A party-mass activity a station organises (党群活动, migration 0034). */
export interface PartyActivitiesTable {
  tenant_id: string;
  id: Generated<string>;
  station_id: string;
  title: string;
  kind: 'party_lesson' | 'volunteer_service' | 'enterprise_salon' | 'policy_briefing' | 'culture_sports' | 'other';
  starts_at: RequiredTimestamp;
  ends_at: RequiredTimestamp;
  post_id: string | null;
  place: string | null;
  capacity: number;
  confirmed: Generated<number>;
  audience: 'tenant' | 'station' | 'tag';
  audience_station_id: string | null;
  audience_tag_id: string | null;
  sign_up_opens_at: RequiredTimestamp;
  sign_up_closes_at: RequiredTimestamp;
  cancel_deadline: RequiredTimestamp;
  description: Generated<string>;
  poster_file_id: string | null;
  status: Generated<'draft' | 'published' | 'cancelled'>;
  cancel_reason: string | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: ColumnType<string | null, string | Date | null | undefined, string | Date | null>;
}

/** One named person an enterprise signed up for an activity. */
export interface ActivityParticipantsTable {
  tenant_id: string;
  id: Generated<string>;
  activity_id: string;
  enterprise_id: string;
  seq: ColumnType<string, never, never>;
  name: string;
  phone: string;
  phone_digits: string;
  party_member: Generated<boolean>;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  promoted_at: ColumnType<string | null, string | Date | null | undefined, string | Date | null>;
  signed_up_by: string;
  signed_up_at: Timestamp;
  cancelled_at: ColumnType<string | null, string | Date | null | undefined, string | Date | null>;
  cancelled_by: string | null;
  checked_in_at: ColumnType<string | null, string | Date | null | undefined, string | Date | null>;
  checked_in_by: string | null;
  checked_in_via: 'staff' | 'code' | null;
}

/** An enterprise's rating of an activity it took part in. */
export interface ActivityFeedbackTable {
  tenant_id: string;
  activity_id: string;
  enterprise_id: string;
  rating: number;
  comment: string | null;
  given_by: string;
  given_at: Timestamp;
}

/** A policy notice (政策推送, 0042): published to an audience resolved into notice_recipients at publish time. */
export interface NoticesTable {
  tenant_id: string;
  id: Generated<string>;
  title: string;
  body: Generated<string>;
  effective_on: DateString | null;
  audience: 'all' | 'station' | 'industry' | 'tag';
  audience_station_id: string | null;
  audience_industry: string | null;
  audience_tag_id: string | null;
  status: Generated<'draft' | 'published' | 'archived'>;
  version: Generated<number>;
  recipients: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: Timestamp | null;
  published_by: string | null;
  archived_at: Timestamp | null;
}

export interface NoticeFilesTable {
  tenant_id: string;
  notice_id: string;
  file_id: string;
  position: Generated<number>;
}

/** The enterprises a published notice reached (its audience, frozen at publish time). */
export interface NoticeRecipientsTable {
  tenant_id: string;
  notice_id: string;
  enterprise_id: string;
  emailed_at: Timestamp | null;
}

/** One read receipt per recipient enterprise: the first of its admins to open the notice. */
export interface NoticeReceiptsTable {
  tenant_id: string;
  notice_id: string;
  enterprise_id: string;
  read_by: string;
  read_at: Timestamp;
}

/** The year report's receipts by local day (migration 0029): consultations by category and channel, agency items by case type and department; read-only to the app. */
export interface ReportDayCountsTable {
  tenant_id: string;
  day: DateString;
  station_id: string;
  kind: WorkItemKind;
  dimension: 'category' | 'channel' | 'agency_type' | 'agency_department';
  /** '' for none (no category, no case). */
  value: string;
  total: number;
}

/** The same by local month (first day). */
export interface ReportMonthCountsTable {
  tenant_id: string;
  month: DateString;
  station_id: string;
  kind: WorkItemKind;
  dimension: ReportDayCountsTable['dimension'];
  value: string;
  total: number;
}

/** A knowledge-base article (知识库, migration 0041): both language versions as columns, Markdown. */
export interface KnowledgeArticlesTable {
  tenant_id: string;
  id: Generated<string>;
  title: string;
  body: string;
  title_en: string | null;
  body_en: string | null;
  category: string;
  tags: Generated<string[]>;
  agency_types: Generated<string[]>;
  status: Generated<'draft' | 'published'>;
  version: Generated<number>;
  source_item_id: string | null;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
  published_at: Timestamp | null;
}

/** Every save of an article, the whole article as it was then (0041). */
export interface KnowledgeRevisionsTable {
  tenant_id: string;
  article_id: string;
  version: number;
  title: string;
  body: string;
  title_en: string | null;
  body_en: string | null;
  category: string;
  tags: string[];
  agency_types: string[];
  status: 'draft' | 'published';
  created_at: Timestamp;
  created_by: string | null;
}

export interface KnowledgeArticleFilesTable {
  tenant_id: string;
  article_id: string;
  file_id: string;
  position: Generated<number>;
}

/** Two-character grams of an article's titles (weight 2) and bodies (1), kept by a trigger (0041). */
export interface KnowledgeGramsTable {
  tenant_id: string;
  gram: string;
  article_id: string;
  weight: number;
  published: boolean;
}

/** "This answered my question": a consultation not asked after reading an article (0041). */
export interface KnowledgeDeflectionsTable {
  tenant_id: string;
  id: Generated<string>;
  article_id: string;
  user_id: string;
  enterprise_id: string | null;
  station_id: string | null;
  question: Generated<string>;
  created_at: Timestamp;
}

export interface Database {
  tenants: TenantsTable;
  support_access_grants: SupportAccessGrantsTable;
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_throttle: SignInThrottleTable;
  password_resets: PasswordResetsTable;
  worker_heartbeats: WorkerHeartbeatsTable;
  idempotency_keys: IdempotencyKeysTable;
  stations: StationsTable;
  buildings: BuildingsTable;
  enterprises: EnterprisesTable;
  enterprise_name_grams: EnterpriseNameGramsTable;
  work_item_title_grams: WorkItemTitleGramsTable;
  knowledge_articles: KnowledgeArticlesTable;
  knowledge_revisions: KnowledgeRevisionsTable;
  knowledge_article_files: KnowledgeArticleFilesTable;
  knowledge_grams: KnowledgeGramsTable;
  knowledge_deflections: KnowledgeDeflectionsTable;
  enterprise_contacts: EnterpriseContactsTable;
  files: FilesTable;
  enterprise_documents: EnterpriseDocumentsTable;
  tags: TagsTable;
  enterprise_tags: EnterpriseTagsTable;
  enterprise_change_requests: EnterpriseChangeRequestsTable;
  enterprise_imports: EnterpriseImportsTable;
  enterprise_timeline: EnterpriseTimelineView;
  work_calendars: WorkCalendarsTable;
  calendar_days: CalendarDaysTable;
  sla_policies: SlaPoliciesTable;
  work_item_counters: WorkItemCountersTable;
  work_items: WorkItemsTable;
  work_item_events: WorkItemEventsTable;
  work_item_messages: WorkItemMessagesTable;
  canned_replies: CannedRepliesTable;
  reminders: RemindersTable;
  deliveries: DeliveriesTable;
  notifications: NotificationsTable;
  email_outbox: EmailOutboxTable;
  station_webhooks: StationWebhooksTable;
  agency_types: AgencyTypesTable;
  agency_checklists: AgencyChecklistsTable;
  agency_cases: AgencyCasesTable;
  agency_materials: AgencyMaterialsTable;
  agency_drafts: AgencyDraftsTable;
  agency_draft_materials: AgencyDraftMaterialsTable;
  dispute_settings: DisputeSettingsTable;
  dispute_cases: DisputeCasesTable;
  dispute_parties: DisputePartiesTable;
  dispute_sessions: DisputeSessionsTable;
  dispute_evidence: DisputeEvidenceTable;
  dispute_risk_history: DisputeRiskHistoryTable;
  dispute_warnings: DisputeWarningsTable;
  dispute_visits: DisputeVisitsTable;
  dispute_day_counts: DisputeDayCountsTable;
  dispute_month_counts: DisputeMonthCountsTable;
  dispute_close_days: DisputeCloseDaysTable;
  kpi_day_counts: KpiDayCountsTable;
  kpi_month_counts: KpiMonthCountsTable;
  kpi_station_day_counts: KpiStationDayCountsTable;
  kpi_station_month_counts: KpiStationMonthCountsTable;
  report_day_counts: ReportDayCountsTable;
  report_month_counts: ReportMonthCountsTable;
  kpi_targets: KpiTargetsTable;
  wall_displays: WallDisplaysTable;
  patrol_findings: PatrolFindingsTable;
  patrol_finding_photos: PatrolFindingPhotosTable;
  patrol_categories: PatrolCategoriesTable;
  patrol_plans: PatrolPlansTable;
  patrol_plan_floors: PatrolPlanFloorsTable;
  patrol_plan_staff: PatrolPlanStaffTable;
  patrol_plan_checklist: PatrolPlanChecklistTable;
  patrol_rounds: PatrolRoundsTable;
  patrol_round_checks: PatrolRoundChecksTable;
  patrol_rule_settings: PatrolRuleSettingsTable;
  patrol_rule_runs: PatrolRuleRunsTable;
  intake_tokens: IntakeTokensTable;
  party_orgs: PartyOrgsTable;
  party_organisations: PartyOrganisationsView;
  party_services: PartyServicesTable;
  service_posts: ServicePostsTable;
  duty_shifts: DutyShiftsTable;
  duty_sign_ups: DutySignUpsTable;
  duty_shift_served: DutyShiftServedTable;
  party_check_in_codes: PartyCheckInCodesTable;
  party_activities: PartyActivitiesTable;
  activity_participants: ActivityParticipantsTable;
  activity_feedback: ActivityFeedbackTable;
  notices: NoticesTable;
  notice_files: NoticeFilesTable;
  notice_recipients: NoticeRecipientsTable;
  notice_receipts: NoticeReceiptsTable;
  memberships: MembershipsTable;
  membership_stations: MembershipStationsTable;
  invitations: InvitationsTable;
  audit_log: AuditLogTable;
  tenant_exports: TenantExportsTable;
}
