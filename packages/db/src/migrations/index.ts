import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_enterprise_files.ts';
import * as m0003 from './0003_work_items.ts';
import * as m0004 from './0004_reminders.ts';
import * as m0005 from './0005_agency.ts';
import * as m0006 from './0006_disputes.ts';
import * as m0007 from './0007_work_item_search.ts';
import * as m0008 from './0008_agency_pickup.ts';
import * as m0009 from './0009_dispute_rollup.ts';
import * as m0010 from './0010_agency_queue.ts';
import * as m0011 from './0011_gram_updates.ts';
import * as m0012 from './0012_change_notices.ts';
import * as m0015 from './0015_search_nfkc.ts';
import * as m0016 from './0016_calendar_estimates.ts';
import * as m0017 from './0017_to_do_queue.ts';
import * as m0019 from './0019_idempotency_keys.ts';
import * as m0021 from './0021_dispute_agreement_file.ts';
import * as m0023 from './0023_kpi_rollup.ts';
import * as m0024 from './0024_converted_items.ts';
import * as m0025 from './0025_reopened_items.ts';
import * as m0027 from './0027_kpi_targets_wall_displays.ts';
import * as m0026 from './0026_rectified_items.ts';
import * as m0028 from './0028_kpi_station_counts.ts';
import * as m0029 from './0029_report_counts.ts';
import * as m0030 from './0030_patrol_findings.ts';
import * as m0031 from './0031_patrol_rounds.ts';
import * as m0032 from './0032_patrol_rules.ts';
import * as m0033 from './0033_party_duty.ts';
import * as m0034 from './0034_party_activities.ts';
import * as m0035 from './0035_invitations.ts';
import * as m0036 from './0036_password_resets.ts';
import * as m0037 from './0037_tenant_admin_support_access.ts';
import * as m0038 from './0038_station_building_admin.ts';
import * as m0039 from './0039_audit_viewer_tenant_exports.ts';
import * as m0040 from './0040_rollup_write_path.ts';
import * as m0041 from './0041_knowledge_base.ts';
import * as m0042 from './0042_notices.ts';
import * as m0043 from './0043_agency_drafts.ts';
import * as m0045 from './0045_party_org_registry_order.ts';

/** Every migration in order. Append; never edit or reorder a released one. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_enterprise_files': m0002,
  '0003_work_items': m0003,
  '0004_reminders': m0004,
  '0005_agency': m0005,
  '0006_disputes': m0006,
  '0007_work_item_search': m0007,
  '0008_agency_pickup': m0008,
  '0009_dispute_rollup': m0009,
  '0010_agency_queue': m0010,
  '0011_gram_updates': m0011,
  '0012_change_notices': m0012,
  '0015_search_nfkc': m0015,
  '0016_calendar_estimates': m0016,
  '0017_to_do_queue': m0017,
  '0019_idempotency_keys': m0019,
  '0021_dispute_agreement_file': m0021,
  '0023_kpi_rollup': m0023,
  '0024_converted_items': m0024,
  '0025_reopened_items': m0025,
  '0027_kpi_targets_wall_displays': m0027,
  '0026_rectified_items': m0026,
  '0028_kpi_station_counts': m0028,
  '0029_report_counts': m0029,
  '0030_patrol_findings': m0030,
  '0031_patrol_rounds': m0031,
  '0032_patrol_rules': m0032,
  '0033_party_duty': m0033,
  '0034_party_activities': m0034,
  '0035_invitations': m0035,
  '0036_password_resets': m0036,
  '0037_tenant_admin_support_access': m0037,
  '0038_station_building_admin': m0038,
  '0039_audit_viewer_tenant_exports': m0039,
  '0040_rollup_write_path': m0040,
  '0041_knowledge_base': m0041,
  '0042_notices': m0042,
  '0043_agency_drafts': m0043,
  '0045_party_org_registry_order': m0045,
};
