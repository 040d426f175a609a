import { countChange, headlineMetrics, rateChange, workItemKinds, type KpiFigure, type KpiMetric } from '@stationdesk/core';
import { translator, type Language } from '@stationdesk/i18n';
import type { FileStorage } from '@stationdesk/storage';
import type { TenantContext } from '../context.ts';
import { partyReportKeys } from '../party/stats.ts';
import { storeGeneratedFile } from '../files/store-generated-file.ts';
import { writeXlsx } from '../spreadsheets/write.ts';
import type { ExportYearReportInput, ExportYearReportOutput } from './export-year.schema.ts';
import { yearReport } from './year.ts';
import type { YearPair } from './year.schema.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 10_000) / 100);
const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

/**
 * The year report as a workbook: one sheet of rows (section, item, station, unit, this period, the
 * year before, change and change in %), every figure of report.year and nothing else — so the
 * file, the page and the API agree —, and an About sheet with the tenant, the periods and the scope.
 * One flat sheet rather than one per table, so it filters and sorts in Excel as one list.
 */
export async function exportYearReport(ctx: TenantContext, deps: { storage: FileStorage; lang: Language }, input: ExportYearReportInput): Promise<ExportYearReportOutput> {
  const t = translator(deps.lang);
  const en = deps.lang === 'en';
  const local = (name: string, nameEn: string | null) => (en ? (nameEn ?? name) : name);
  const r = await yearReport(ctx, input);
  const asked = r.stations.find((st) => st.stationId === r.stationId);
  const scopeName = asked ? local(asked.stationName, asked.stationNameEn) : t(ctx.actor.role === 'manager' ? 'kpi.scopeAll' : 'kpi.scopeMine');

  const rows: Record<string, unknown>[] = [];
  const unit = { items: t('report.year.unit.items'), ratings: t('report.year.unit.ratings'), percent: '%' };
  const count = (section: string, item: string, pair: YearPair, station = scopeName) =>
    rows.push({ section, item, station, unit: unit.items, current: pair.current, previous: pair.previous, change: pair.current - pair.previous, changePercent: round2(countChange(pair.current, pair.previous)) });
  const rate = (section: string, item: string, current: KpiFigure, previous: KpiFigure, station = scopeName) =>
    rows.push({ section, item, station, unit: unit.percent, current: percent(current.rate), previous: percent(previous.rate), change: round2(rateChange(current, previous)), changePercent: null });
  /** A rate with its numerator and denominator, each a row of its own. */
  const rateWithParts = (section: string, metric: KpiMetric, name: string, current: KpiFigure, previous: KpiFigure) => {
    rate(section, name, current, previous);
    const partUnit = metric === 'satisfaction' ? unit.ratings : unit.items;
    for (const part of ['numerator', 'denominator'] as const) {
      const pair = { current: current[part], previous: previous[part] };
      rows.push({
        section,
        item: t(`report.year.${part}Of`, { name, part: t(`kpi.part.${metric}.${part}`) }),
        station: scopeName,
        unit: partUnit,
        current: pair.current,
        previous: pair.previous,
        change: pair.current - pair.previous,
        changePercent: round2(countChange(pair.current, pair.previous)),
      });
    }
  };

  const s = (key: string) => t(`report.year.section.${key}`);
  for (const m of headlineMetrics) rateWithParts(s('rates'), m, t(`kpi.metric.${m}`), r.rates.current[m], r.rates.previous[m]);

  count(s('consultationsByCategory'), t('report.year.total'), r.consultations.total);
  for (const c of r.consultations.byCategory) count(s('consultationsByCategory'), c.key === null ? t('report.year.uncategorised') : t(`workItems.category.${c.key}`), c);
  count(s('consultationsByChannel'), t('report.year.total'), r.consultations.total);
  for (const c of r.consultations.byChannel) count(s('consultationsByChannel'), t(`workItems.channel.${c.key}`), c);

  count(s('agencyByType'), t('report.year.total'), r.agency.total);
  rateWithParts(s('agencyByType'), 'onTime', t('kpi.metric.onTime'), r.agency.onTime.current, r.agency.onTime.previous);
  for (const a of r.agency.byType) {
    const name = a.typeId === null ? t('report.year.noType') : local(a.name ?? '', a.nameEn);
    count(s('agencyByType'), name, a);
    rate(s('agencyByType'), t('report.year.onTimeOf', { name }), a.onTime.current, a.onTime.previous);
  }
  for (const a of r.agency.byDepartment) {
    const name = a.department ?? t('report.year.noDepartment');
    count(s('agencyByDepartment'), name, a);
    rate(s('agencyByDepartment'), t('report.year.onTimeOf', { name }), a.onTime.current, a.onTime.previous);
  }

  count(s('disputesByType'), t('report.year.total'), r.disputes.total);
  for (const d of r.disputes.byType) count(s('disputesByType'), t(`vocab.dispute.type.${d.key}`), d);
  count(s('disputesByOutcome'), t('report.year.total'), r.disputes.total);
  for (const d of r.disputes.byOutcome) count(s('disputesByOutcome'), t(`vocab.dispute.outcome.${d.key}`), d);

  count(s('patrol'), t('report.year.received.patrol'), r.patrol.total);
  for (const x of r.patrol.bySource) count(s('patrolBySource'), x.key === null ? t('report.year.noSource') : t(`patrol.source.${x.key}`), x);

  // 党群服务: party.stats's counts for the year and the year before.
  for (const k of partyReportKeys) {
    const pair = { current: r.party.current[k], previous: r.party.previous[k] };
    rows.push({ section: t('party.stats.title'), item: t(`party.stats.figure.${k}`), station: scopeName, unit: '', current: pair.current, previous: pair.previous, change: pair.current - pair.previous, changePercent: round2(countChange(pair.current, pair.previous)) });
  }

  for (const st of r.stations) {
    const name = local(st.stationName, st.stationNameEn);
    for (const k of workItemKinds) count(s('stations'), t(`report.year.received.${k}`), st.received[k], name);
    for (const m of headlineMetrics) rate(s('stations'), t(`kpi.metric.${m}`), st.rates.current[m], st.rates.previous[m], name);
  }

  const h = (key: string, params?: Record<string, string>) => t(`report.export.column.${key}`, params);
  const tenantName = local(r.tenantName, r.tenantNameEn);
  const data = await writeXlsx([
    {
      name: t('report.export.sheet'),
      columns: [
        { header: h('section'), key: 'section' },
        { header: h('item'), key: 'item' },
        { header: h('station'), key: 'station' },
        { header: h('unit'), key: 'unit' },
        { header: h('current', r.period), key: 'current', kind: 'number' },
        { header: h('previous', r.yearBefore), key: 'previous', kind: 'number' },
        { header: h('change'), key: 'change', kind: 'number' },
        { header: h('changePercent'), key: 'changePercent', kind: 'number' },
      ],
      rows,
    },
    {
      name: t('report.export.aboutSheet'),
      columns: [
        { header: t('report.export.about.field'), key: 'field' },
        { header: t('report.export.about.value'), key: 'value' },
      ],
      rows: [
        { field: t('report.export.about.tenant'), value: tenantName },
        { field: t('report.export.about.report'), value: t('report.year.titleOfYear', { year: String(r.year) }) },
        { field: t('report.export.about.period'), value: t('report.year.dates', r.period) },
        { field: t('report.export.about.yearBefore'), value: t('report.year.dates', r.yearBefore) },
        { field: t('report.export.about.scope'), value: scopeName },
        { field: t('report.export.about.notes'), value: t('report.year.countsNote') },
        ...(r.partial ? [{ field: '', value: t('report.year.partialNote') }] : []),
      ],
    },
  ]);
  const file = await storeGeneratedFile(ctx, deps, {
    purpose: 'export',
    fileName: `${t('report.export.fileName')}-${r.year}.xlsx`,
    contentType: XLSX,
    data,
  });
  return { fileId: file.id, fileName: file.name, rows: rows.length };
}
