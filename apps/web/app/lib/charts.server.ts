import * as echarts from 'echarts';

/**
 * The managers' charts (dispute counts, KPI trends) drawn on the server as SVG markup (echarts' SSR
 * renderer), so the page reads before, and without, its scripts. Fonts name what the machines have
 * for Chinese first.
 */
const FONT = '"WenQuanYi Micro Hei", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const PALETTE = ['#2563eb', '#0d9488', '#d97706', '#7c3aed', '#db2777', '#0891b2', '#65a30d', '#dc2626', '#475569'];

export const levelColors: Record<string, string> = { green: '#16a34a', yellow: '#f59e0b', red: '#dc2626' };

function render(option: echarts.EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: FONT, fontSize: 12, color: '#334155' }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export interface BarSeries {
  name: string;
  data: number[];
}

/** The colour each series is drawn in, for a legend outside the drawing. */
export const seriesColor = (index: number) => PALETTE[index % PALETTE.length]!;

/** Roughly how wide a label is drawn: a CJK character is a full em, anything else about 0.62 em. */
function textWidth(text: string, fontSize = 12) {
  let em = 0;
  for (const ch of text) em += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(ch) ? 1 : 0.62;
  return em * fontSize;
}

/**
 * Month labels along a category axis: upright when they would not fit side by side, and only every
 * n-th when even upright ones would touch.
 */
function monthLabels(categories: string[], width: number) {
  const band = (width - 64) / Math.max(1, categories.length);
  const widest = Math.max(0, ...categories.map((c) => textWidth(c)));
  const upright = widest + 12 > band;
  // Upright labels are a line high (≈ 15 px as browsers lay out 12 px text): keep 20 px between them.
  const interval = upright ? Math.max(0, Math.ceil(20 / band) - 1) : 0;
  return { interval, rotate: upright ? 90 : 0, fontFamily: FONT };
}

/**
 * Stacked bars per month and station (its legend is drawn by the page, where it wraps and never
 * covers the plot). Month labels turn upright when they would not fit side by side, and only every
 * n-th is shown when even upright ones would touch.
 */
export function stackedBarChart(input: { categories: string[]; series: BarSeries[]; width: number; height: number }): string {
  const { width, height, categories } = input;
  return render(
    {
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      legend: { show: false },
      xAxis: { type: 'category', data: categories, axisLabel: monthLabels(categories, width) },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontFamily: FONT } },
      series: input.series.map((s) => ({ type: 'bar' as const, name: s.name, data: s.data, stack: 'total', barMaxWidth: 48 })),
    },
    width,
    height,
  );
}

/** Width kept at the left for the category names (wrapped onto a second line beyond it). */
const LABEL_COLUMN = 150;
const ROW = 34;

/**
 * One bar per category, laid sideways: each name gets its own row at the left, wrapped when long,
 * so names as long as "Transferred by a government office" never run into each other in any
 * language; the count stands at the end of its bar.
 */
export function categoryBarChart(input: { categories: string[]; values: number[]; name: string; width?: number }): string {
  const width = input.width ?? 520;
  return render(
    {
      grid: { left: LABEL_COLUMN + 8, right: 40, top: 8, bottom: 28, containLabel: false },
      legend: { show: false },
      yAxis: {
        type: 'category',
        inverse: true,
        data: input.categories,
        axisTick: { show: false },
        axisLabel: { interval: 0, align: 'left', margin: LABEL_COLUMN, width: LABEL_COLUMN - 10, overflow: 'break', lineHeight: 14, fontFamily: FONT },
      },
      xAxis: { type: 'value', minInterval: 1, splitNumber: 4, axisLabel: { fontFamily: FONT } },
      series: [{ type: 'bar', name: input.name, data: input.values, barMaxWidth: 20, label: { show: true, position: 'right', fontFamily: FONT } }],
    },
    width,
    8 + input.categories.length * ROW + 28,
  );
}

/** Shares of a whole, each slice labelled with its name and count (readable without colour). */
export function pieChart(input: { data: { name: string; value: number; color?: string }[]; width?: number; height?: number }): string {
  return render(
    {
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          center: ['50%', '52%'],
          label: { formatter: '{b}\n{c} ({d}%)', fontFamily: FONT },
          data: input.data.map((d) => ({ name: d.name, value: d.value, ...(d.color ? { itemStyle: { color: d.color } } : {}) })),
        },
      ],
    },
    input.width ?? 480,
    input.height ?? 300,
  );
}

export interface LineSeries {
  name: string;
  /** Percentages; null where nothing was counted (the line breaks there rather than dropping to 0). */
  data: (number | null)[];
}

/**
 * Rates month by month, one line each, in percent. No value is written on the points (four lines
 * close together would cover each other's numbers); the page's table beside it holds them, and its
 * legend is the page's own list, as for the bars.
 */
export function rateLineChart(input: { categories: string[]; series: LineSeries[]; width: number; height: number }): string {
  const { width, height, categories } = input;
  const values = input.series.flatMap((s) => s.data.filter((v): v is number => v !== null));
  // The floor below the lowest rate, so lines near 90–100 % do not lie flat on top of each other; ticks
  // every 10 points on a short scale, every 20 on a long one, so the top two labels never crowd together.
  const lowest = values.length ? Math.min(...values) : 0;
  const interval = lowest > 50 ? 10 : 20;
  const min = Math.max(0, Math.floor((lowest - 1) / interval) * interval);
  return render(
    {
      grid: { left: 8, right: 20, top: 16, bottom: 8, containLabel: true },
      legend: { show: false },
      xAxis: { type: 'category', data: categories, boundaryGap: false, axisLabel: monthLabels(categories, width) },
      yAxis: { type: 'value', min, max: 100, interval, axisLabel: { formatter: '{value}%', fontFamily: FONT } },
      series: input.series.map((s) => ({ type: 'line' as const, name: s.name, data: s.data, connectNulls: false, symbolSize: 6 })),
    },
    width,
    height,
  );
}

/** The year report's two bars per category: this period in the first colour, the year before in grey. */
export const comparisonColors = { current: PALETTE[0]!, previous: '#94a3b8' } as const;

/**
 * This period against the year before (同比), two bars per category laid sideways as the
 * category bars are — the name in its own row at the left, wrapped when long — each count at the
 * end of its bar. The legend is the page's own.
 */
export function comparisonBarChart(input: { categories: string[]; current: BarSeries; previous: BarSeries; width?: number }): string {
  const width = input.width ?? 560;
  const row = 44;
  // A zero is the bar's absence: no label for it (a year before with nothing would put a 0 under every bar).
  const label = { show: true, position: 'right' as const, fontFamily: FONT, fontSize: 11, formatter: (p: { value: unknown }) => (p.value === 0 ? '' : String(p.value)) };
  const bar = { type: 'bar' as const, barMaxWidth: 14, barGap: '15%', label };
  return render(
    {
      grid: { left: LABEL_COLUMN + 8, right: 44, top: 8, bottom: 28, containLabel: false },
      legend: { show: false },
      yAxis: {
        type: 'category',
        inverse: true,
        data: input.categories,
        axisTick: { show: false },
        axisLabel: { interval: 0, align: 'left', margin: LABEL_COLUMN, width: LABEL_COLUMN - 10, overflow: 'break', lineHeight: 14, fontFamily: FONT },
      },
      xAxis: { type: 'value', minInterval: 1, splitNumber: 4, axisLabel: { fontFamily: FONT } },
      series: [
        { ...bar, name: input.current.name, data: input.current.data, itemStyle: { color: comparisonColors.current } },
        { ...bar, name: input.previous.name, data: input.previous.data, itemStyle: { color: comparisonColors.previous } },
      ],
    },
    width,
    8 + Math.max(1, input.categories.length) * row + 28,
  );
}

/**
 * One rate per category (a station), laid sideways as categoryBarChart lays counts: each name its
 * own row at the left, the bar on a 0–100 % axis with its rate at the end; a category with nothing
 * counted has no bar and says "—".
 */
export function rateBarChart(input: { categories: string[]; rates: (number | null)[]; name: string; width?: number }): string {
  const width = input.width ?? 520;
  return render(
    {
      grid: { left: LABEL_COLUMN + 8, right: 56, top: 8, bottom: 28, containLabel: false },
      legend: { show: false },
      yAxis: {
        type: 'category',
        inverse: true,
        data: input.categories,
        axisTick: { show: false },
        axisLabel: { interval: 0, align: 'left', margin: LABEL_COLUMN, width: LABEL_COLUMN - 10, overflow: 'break', lineHeight: 14, fontFamily: FONT },
      },
      xAxis: { type: 'value', min: 0, max: 100, interval: 25, axisLabel: { formatter: '{value}%', fontFamily: FONT } },
      series: [
        {
          type: 'bar',
          name: input.name,
          data: input.rates.map((r) => (r === null ? { value: 0, label: { formatter: '—' } } : Math.round(r * 10_000) / 100)),
          barMaxWidth: 20,
          label: { show: true, position: 'right', formatter: '{c}%', fontFamily: FONT },
        },
      ],
    },
    width,
    8 + input.categories.length * ROW + 28,
  );
}
