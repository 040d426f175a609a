/**
 * Small charts drawn as plain SVG on the server: no chart library, nothing to load in the browser.
 * The bars are SVG; their labels and figures are text beside them, so they keep the page's type
 * size on a phone and on a wide screen alike.
 */

export interface Segment {
  key: string;
  label: string;
  value: number;
  color: string;
}

/** One horizontal stacked bar per row (a queue's jobs by state), all on one scale; a legend below. */
export function StackedBars({ title, rows, testId }: { title: string; rows: { label: string; segments: Segment[] }[]; testId?: string }) {
  const max = Math.max(1, ...rows.map((r) => r.segments.reduce((n, s) => n + s.value, 0)));
  const legend = rows[0]?.segments ?? [];
  return (
    <figure className="space-y-1.5" data-testid={testId} aria-label={title}>
      {rows.map((row) => {
        const total = row.segments.reduce((n, s) => n + s.value, 0);
        let x = 0;
        return (
          <div key={row.label} className="grid grid-cols-[5.5rem_minmax(0,1fr)_2.5rem] items-center gap-2 text-xs">
            <span className="truncate text-slate-700">{row.label}</span>
            <svg viewBox="0 0 100 10" preserveAspectRatio="none" className="h-3.5 w-full rounded-sm bg-slate-100" role="img" aria-label={`${row.label} ${total}`}>
              {row.segments.map((s) => {
                const w = (s.value / max) * 100;
                const rect = w > 0 ? <rect key={s.key} x={x} y={0} width={Math.max(w, 0.8)} height={10} fill={s.color} /> : null;
                x += w;
                return rect;
              })}
            </svg>
            <span className="text-right text-slate-900 tabular-nums">{total}</span>
          </div>
        );
      })}
      <figcaption className="flex flex-wrap gap-x-4 gap-y-1 pt-1 text-xs text-slate-600">
        {legend.map((s) => (
          <span key={s.key} className="inline-flex items-center gap-1.5">
            <span className="size-2.5 rounded-sm" style={{ background: s.color }} aria-hidden="true" />
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** Vertical bars of a distribution (reminder lag per band): the count above, the band below. */
export function Histogram({ title, bars, testId }: { title: string; bars: { label: string; value: number; color?: string }[]; testId?: string }) {
  const n = Math.max(1, bars.length);
  const max = Math.max(1, ...bars.map((b) => b.value));
  const columns = { gridTemplateColumns: `repeat(${n}, minmax(0, 1fr))` };
  return (
    <figure data-testid={testId} aria-label={title}>
      <div className="grid text-center text-xs font-medium text-slate-900 tabular-nums" style={columns}>
        {bars.map((b) => (
          <span key={b.label}>{b.value}</span>
        ))}
      </div>
      <svg viewBox={`0 0 ${n * 10} 100`} preserveAspectRatio="none" className="mt-1 h-28 w-full border-b border-slate-300" role="img" aria-label={title}>
        {bars.map((b, i) => {
          const h = b.value > 0 ? Math.max((b.value / max) * 100, 1.5) : 0;
          return <rect key={b.label} x={i * 10 + 1.5} y={100 - h} width={7} height={h} fill={b.color ?? '#1d4ed8'} />;
        })}
      </svg>
      <div className="mt-1 grid text-center text-[11px] leading-tight text-slate-600" style={columns}>
        {bars.map((b) => (
          <span key={b.label}>{b.label}</span>
        ))}
      </div>
    </figure>
  );
}
