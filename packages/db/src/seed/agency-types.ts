import { defaultAgencyTypes } from '@stationdesk/core';
import type { Tx } from '../tenant.ts';

/** The default case types (二次装修, 工商变更, 税务, 社保/公积金, 其他), each with its first checklist, for a tenant that has none. */
export async function seedAgencyTypes(trx: Tx, tenantId: string): Promise<void> {
  for (const t of defaultAgencyTypes) {
    const type = await trx
      .insertInto('agency_types')
      .values({ tenant_id: tenantId, code: t.code, name: t.name, name_en: t.nameEn, department: t.department, statutory_days: t.statutoryDays, promised_days: t.promisedDays })
      .returning('id')
      .executeTakeFirstOrThrow();
    const checklist = await trx
      .insertInto('agency_checklists')
      .values({ tenant_id: tenantId, type_id: type.id, version: 1, items: JSON.stringify(t.checklist.map((c) => ({ ...c, notes: c.notes ?? null }))), created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('agency_types').set({ current_checklist_id: checklist.id }).where('id', '=', type.id).execute();
  }
}
