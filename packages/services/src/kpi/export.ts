import type { KpiMetric } from '@stationdesk/core';
import { translator, type Language } from '@stationdesk/i18n';
import type { FileStorage } from '@stationdesk/storage';
import type { TenantContext } from '../context.ts';
import { storeGeneratedFile } from '../files/store-generated-file.ts';
import { writeXlsx, type SheetColumn } from '../spreadsheets/write.ts';
import type { ExportKpiInput, ExportKpiOutput } from './export.schema.ts';
import { kpiByStation } from './figures.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The station table's figures, in the dashboard's order: the four rates, then the handler's own verdict beside resolution. */
export const kpiStationTableMetrics = ['firstContact', 'resolution', 'resolutionDeclared', 'onTime', 'satisfaction'] as const satisfies readonly KpiMetric[];

/**
 * The station × rate table as a workbook: per station and metric its rate (in %, two decimals),
 * numerator and denominator — the very rows kpi.byStation answers, so the file and the page agree.
 */
export async function exportKpi(ctx: TenantContext, deps: { storage: FileStorage; lang: Language }, input: ExportKpiInput): Promise<ExportKpiOutput> {
  const t = translator(deps.lang);
  const { rows } = await kpiByStation(ctx, input);
  const columns: SheetColumn[] = [{ header: t('kpi.table.station'), key: 'station' }];
  for (const m of kpiStationTableMetrics) {
    const name = t(`kpi.metric.${m}`);
    columns.push(
      {
        header: t('kpi.export.rateColumn', { name }),
        key: `${m}.rate`,
        kind: 'number',
      },
      {
        header: t('kpi.export.numeratorColumn', { name }),
        key: `${m}.numerator`,
        kind: 'number',
      },
      {
        header: t('kpi.export.denominatorColumn', { name }),
        key: `${m}.denominator`,
        kind: 'number',
      },
    );
  }
  const sheetRows = rows.map((r) => {
    const row: Record<string, unknown> = { station: r.stationName };
    for (const m of kpiStationTableMetrics) {
      const f = r.figures[m];
      row[`${m}.rate`] = f.rate === null ? null : Math.round(f.rate * 10_000) / 100;
      row[`${m}.numerator`] = f.numerator;
      row[`${m}.denominator`] = f.denominator;
    }
    return row;
  });
  const period = `${input.from} ~ ${input.to}${input.kind ? ` · ${t(`workItems.kind.${input.kind}`)}` : ''}`;
  const data = await writeXlsx([
    {
      name: t('kpi.export.sheet'),
      columns: [...columns, { header: t('kpi.export.period'), key: 'period' }],
      rows: sheetRows.map((r) => ({ ...r, period })),
    },
  ]);
  const fileName = `${t('kpi.export.fileName')}-${input.from}-${input.to}.xlsx`;
  const file = await storeGeneratedFile(ctx, deps, {
    purpose: 'export',
    fileName,
    contentType: XLSX,
    data,
  });
  return { fileId: file.id, fileName: file.name, rows: sheetRows.length };
}
