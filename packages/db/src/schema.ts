import type { ColumnType, Generated } from 'kysely';

/** timestamptz comes back as an ISO-8601 string (see client.ts); accepts Date or string on write. */
export type Timestamp = ColumnType<string, Date | string | undefined, Date | string>;
export type RequiredTimestamp = ColumnType<string, Date | string, Date | string>;
export type Json<T> = ColumnType<T, string | T, string | T>;

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  name_en: string | null;
  timezone: Generated<string>;
  created_at: Timestamp;
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

export interface SignInThrottleTable {
  key: string;
  failures: number;
  window_ends_at: RequiredTimestamp;
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
  created_at: Timestamp;
}

export interface BuildingsTable {
  tenant_id: string;
  id: Generated<string>;
  station_id: string;
  name: string;
  name_en: string | null;
  address: string | null;
  floors: number | null;
  created_at: Timestamp;
}

export interface EnterprisesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  credit_code: string;
  station_id: string;
  building_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembershipsTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  role: 'manager' | 'staff' | 'enterprise_admin';
  enterprise_id: string | null;
  created_at: Timestamp;
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

export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_throttle: SignInThrottleTable;
  worker_heartbeats: WorkerHeartbeatsTable;
  stations: StationsTable;
  buildings: BuildingsTable;
  enterprises: EnterprisesTable;
  memberships: MembershipsTable;
  membership_stations: MembershipStationsTable;
  audit_log: AuditLogTable;
}
