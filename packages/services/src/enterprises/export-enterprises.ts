import { importColumns, importStatusNames, industrySectionNames, localDate, type EnterpriseStatus, type ImportColumnKey, type Industry } from '@stationdesk/core';
import { repo } from '@stationdesk/db';
import type { FileStorage } from '@stationdesk/storage';
import type { TenantContext } from '../context.ts';
import { storeGeneratedFile } from '../files/store-generated-file.ts';
import { writeXlsx } from '../spreadsheets/write.ts';
import type { ExportEnterprisesInput } from './export-enterprises.schema.ts';
import { scopedFilter } from './list-enterprises.ts';

export const EXPORT_MAX_ROWS = 50_000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The current filtered list as .xlsx, in the import template's columns — so an export, edited,
 * can be imported back. Stored as an export file only its author (and managers) can download.
 */
export async function exportEnterprises(
  ctx: TenantContext,
  deps: { storage: FileStorage },
  input: ExportEnterprisesInput,
): Promise<{ fileId: string; fileName: string; rows: number }> {
  const filter = scopedFilter(ctx, input);
  const rows: Partial<Record<ImportColumnKey, string | number | null>>[] = [];
  let after: repo.EnterpriseCursor | undefined;
  while (rows.length < EXPORT_MAX_ROWS) {
    const page = await repo.listEnterprises(ctx.trx, filter, { sort: 'name', limit: 1000, ...(after ? { after } : {}) });
    const ids = page.items.map((e) => e.id);
    if (ids.length === 0) break;
    const full = new Map((await ctx.trx.selectFrom('enterprises').selectAll().where('id', 'in', ids).execute()).map((e) => [e.id, e]));
    const contacts = new Map(
      (await ctx.trx.selectFrom('enterprise_contacts').selectAll().where('enterprise_id', 'in', ids).where('is_primary', '=', true).execute()).map((c) => [
        c.enterprise_id,
        c,
      ]),
    );
    for (const item of page.items) {
      const e = full.get(item.id)!;
      const c = contacts.get(item.id);
      rows.push({
        name: e.name,
        nameEn: e.name_en,
        creditCode: e.credit_code,
        legalRepresentative: e.legal_representative,
        registeredCapitalWan: e.registered_capital_wan === null ? null : Number(e.registered_capital_wan),
        industry: e.industry ? industrySectionNames[e.industry as Industry] : null,
        establishedOn: e.established_on,
        employees: e.employees,
        building: item.building_name,
        floor: e.floor,
        room: e.room,
        status: importStatusNames[e.status as EnterpriseStatus],
        contactName: c?.name ?? null,
        contactTitle: c?.title ?? null,
        contactPhone: c?.phone ?? null,
        contactEmail: c?.email ?? null,
        hasPartyBranch: e.has_party_branch ? '是' : '否',
        partyBranchName: e.party_branch_name,
        partyMembers: e.party_members,
        partySecretary: e.party_secretary,
        tags: item.tags.map((t) => t.name).join('、'),
      });
    }
    if (!page.next) break;
    after = page.next;
  }
  const numeric = new Set<ImportColumnKey>(['registeredCapitalWan', 'employees', 'partyMembers']);
  const data = await writeXlsx([
    {
      name: '企业档案',
      columns: importColumns.map((c) => ({ header: c.header, key: c.key, kind: numeric.has(c.key) ? 'number' : 'text' })),
      rows,
    },
  ]);
  const fileName = `企业档案-${localDate(new Date(), ctx.timezone)}.xlsx`;
  const file = await storeGeneratedFile(ctx, deps, { purpose: 'export', fileName, contentType: XLSX, data });
  return { fileId: file.id, fileName: file.name, rows: rows.length };
}
