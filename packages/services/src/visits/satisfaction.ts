import type { KpiFigure } from '@stationdesk/core';
import { translator, type Language } from '@stationdesk/i18n';
import type { FileStorage } from '@stationdesk/storage';
import type { TenantContext } from '../context.ts';
import { storeGeneratedFile } from '../files/store-generated-file.ts';
import { kpiByStaff, kpiByStation } from '../kpi/figures.ts';
import { writeXlsx, type SheetColumn } from '../spreadsheets/write.ts';
import type { ExportSatisfactionInput, ExportSatisfactionOutput } from './satisfaction.schema.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Satisfaction, and its split by where the rating was given (portal, staff's phone 回访) — beside it, never added in. */
export const satisfactionMetrics = ['satisfaction', 'satisfactionPortal', 'satisfactionPhone'] as const;

/**
 * The satisfaction view as a workbook: per station the reader may see (kpi.byStation's very rows)
 * and, for managers, per handler (kpi.byStaff's), each of satisfaction and its portal / phone split
 * as rate in %, numerator and denominator — so the file and the page agree with the dashboard.
 */
export async function exportSatisfaction(
  ctx: TenantContext,
  deps: { storage: FileStorage; lang: Language },
  input: ExportSatisfactionInput,
): Promise<ExportSatisfactionOutput> {
  const t = translator(deps.lang);
  const kind = input.kind ? { kind: input.kind } : {};
  const byStation = await kpiByStation(ctx, { from: input.from, to: input.to, ...kind });
  const stations = byStation.rows.filter((r) => !input.stationId || r.stationId === input.stationId);
  const staff = ctx.actor.role === 'manager' ? (await kpiByStaff(ctx, input)).rows : null;
  const period = `${input.from} ~ ${input.to}${input.kind ? ` · ${t(`workItems.kind.${input.kind}`)}` : ''}`;
  const columns = (nameHeader: string): SheetColumn[] => [
    { header: nameHeader, key: 'name' },
    ...satisfactionMetrics.flatMap((m): SheetColumn[] => {
      const name = t(`kpi.metric.${m}`);
      return [
        { header: t('kpi.export.rateColumn', { name }), key: `${m}.rate`, kind: 'number' },
        { header: t('kpi.export.numeratorColumn', { name }), key: `${m}.numerator`, kind: 'number' },
        { header: t('kpi.export.denominatorColumn', { name }), key: `${m}.denominator`, kind: 'number' },
      ];
    }),
    { header: t('kpi.export.period'), key: 'period' },
  ];
  const row = (name: string, figures: Record<(typeof satisfactionMetrics)[number], KpiFigure>) => {
    const out: Record<string, unknown> = { name, period };
    for (const m of satisfactionMetrics) {
      const f = figures[m];
      out[`${m}.rate`] = f.rate === null ? null : Math.round(f.rate * 10_000) / 100;
      out[`${m}.numerator`] = f.numerator;
      out[`${m}.denominator`] = f.denominator;
    }
    return out;
  };
  const sheets = [{ name: t('visits.satisfaction.byStation'), columns: columns(t('kpi.table.station')), rows: stations.map((r) => row(r.stationName, r.figures)) }];
  if (staff) {
    sheets.push({
      name: t('visits.satisfaction.byStaff'),
      columns: columns(t('kpi.table.staff')),
      rows: staff.map((r) => row(r.staffName ?? t('kpi.table.unassigned'), r.figures)),
    });
  }
  const file = await storeGeneratedFile(ctx, deps, {
    purpose: 'export',
    fileName: `${t('visits.satisfaction.fileName')}-${input.from}-${input.to}.xlsx`,
    contentType: XLSX,
    data: await writeXlsx(sheets),
  });
  return { fileId: file.id, fileName: file.name, rows: stations.length + (staff?.length ?? 0) };
}
