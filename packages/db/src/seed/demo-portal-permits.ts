import type { Db } from '../client.ts';
import { withTenant } from '../tenant.ts';

/**
 * 办事申请 (issue 22): the demo company's permit requests from the portal — two of its open agency
 * cases came in as drafts the admin submitted (their files kept against the checklist points), and
 * one draft is still being prepared (a fit-out permit, no files yet). Deterministic: the two newest
 * cases in progress at the company's station are made the company's; nothing when there are none.
 */
export async function seedDemoPortalPermits(db: Db, tenantId: string, opts: { enterpriseAdminId: string }): Promise<void> {
  await withTenant(db, tenantId, async (trx) => {
    const membership = await trx
      .selectFrom('memberships')
      .select('enterprise_id')
      .where('user_id', '=', opts.enterpriseAdminId)
      .where('role', '=', 'enterprise_admin')
      .executeTakeFirst();
    const enterpriseId = membership?.enterprise_id;
    if (!enterpriseId) return;
    const company = await trx.selectFrom('enterprises').select(['station_id', 'building_id']).where('id', '=', enterpriseId).executeTakeFirst();
    const admin = await trx.selectFrom('users').select('display_name').where('id', '=', opts.enterpriseAdminId).executeTakeFirst();
    if (!company?.station_id) return;
    // The two newest cases in progress at the company's station become the company's requests from the portal.
    const open = await trx
      .selectFrom('agency_cases as a')
      .innerJoin('work_items as w', (j) => j.onRef('w.tenant_id', '=', 'a.tenant_id').onRef('w.id', '=', 'a.item_id'))
      .select(['a.item_id', 'a.type_id', 'a.checklist_id', 'w.created_at', 'w.description'])
      .where('w.station_id', '=', company.station_id)
      .where('a.step', 'in', ['materials', 'precheck', 'submitted', 'under_review'])
      .where('w.status', 'in', ['received', 'assigned', 'accepted', 'in_progress', 'waiting'])
      .orderBy('w.created_at', 'desc')
      .orderBy('w.id')
      .limit(2)
      .execute();
    for (const c of open) {
      await trx
        .updateTable('work_items')
        .set({ enterprise_id: enterpriseId, building_id: company.building_id, requester_user_id: opts.enterpriseAdminId, requester_name: admin?.display_name ?? null })
        .where('id', '=', c.item_id)
        .execute();
    }
    for (const c of open) {
      const draft = await trx
        .insertInto('agency_drafts')
        .values({
          tenant_id: tenantId,
          enterprise_id: enterpriseId,
          type_id: c.type_id,
          checklist_id: c.checklist_id,
          description: c.description,
          status: 'submitted',
          item_id: c.item_id,
          created_by: opts.enterpriseAdminId,
          created_at: c.created_at,
          updated_at: c.created_at,
          submitted_at: c.created_at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const files = await trx.selectFrom('agency_materials').select(['checklist_key', 'file_id', 'uploaded_at']).where('item_id', '=', c.item_id).execute();
      const seen = new Set<string>();
      const rows = files
        .filter((f) => !seen.has(f.file_id) && seen.add(f.file_id))
        .map((f) => ({ tenant_id: tenantId, draft_id: draft.id, checklist_key: f.checklist_key, file_id: f.file_id, uploaded_by: opts.enterpriseAdminId, uploaded_at: f.uploaded_at }));
      if (rows.length) await trx.insertInto('agency_draft_materials').values(rows).execute();
    }
    // A fit-out permit being prepared: the checklist as the type has it today, no files yet.
    const fitOut = await trx.selectFrom('agency_types').select(['id', 'current_checklist_id']).where('tenant_id', '=', tenantId).where('code', '=', 'fit_out').where('active', '=', true).executeTakeFirst();
    if (fitOut?.current_checklist_id) {
      await trx
        .insertInto('agency_drafts')
        .values({ tenant_id: tenantId, enterprise_id: enterpriseId, type_id: fitOut.id, checklist_id: fitOut.current_checklist_id, description: '5 楼新租办公室装修，约 420 平方米，计划下月进场。', created_by: opts.enterpriseAdminId })
        .execute();
    }
  });
}
