import type { ReactNode } from 'react';
import { ConfirmAction } from './form.tsx';
import { Empty, inputClass, Notice } from './ui.tsx';

/**
 * A secret the server answers only once (a wall display's address, an intake token): shown in a
 * read-only field that selects itself on focus, to copy now — it cannot be read again.
 */
export function ShownOnce({ testId, valueTestId, label, value, children, after }: { testId: string; valueTestId: string; label: string; value: string; children: ReactNode; after?: ReactNode }) {
  return (
    <Notice tone="success">
      <div className="space-y-2" data-testid={testId}>
        {children}
        <label className="block">
          <span className="sr-only">{label}</span>
          <input readOnly value={value} className={`${inputClass} font-mono text-xs`} data-testid={valueTestId} onFocus={(e) => e.currentTarget.select()} />
        </label>
        {after}
      </div>
    </Notice>
  );
}

export interface RevocableRow {
  id: string;
  name: string;
  revokedAt: string | null;
  /** The cells after the name, in the order of `columns`. */
  cells: ReactNode[];
}

/**
 * The list of links or tokens made so far: the name, the page's own columns, a revoke button with a
 * confirmation on each live one; revoked ones stay listed, greyed.
 */
export function RevocableTable({
  rows,
  label,
  empty,
  columns,
  testId,
  rowTestId,
  revoke,
}: {
  rows: RevocableRow[];
  label: string;
  empty: string;
  /** Column headings, the name's first. */
  columns: string[];
  testId: string;
  rowTestId: string;
  revoke: { intent: string; label: string; confirmLabel: string; question: (name: string) => string };
}) {
  if (rows.length === 0) return <Empty>{empty}</Empty>;
  return (
    <div className="min-w-0 overflow-x-auto border-t border-slate-100" tabIndex={0} role="region" aria-label={label}>
      <table className="w-full text-sm" data-testid={testId}>
        <thead className="bg-slate-50 text-xs text-slate-600">
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" className="px-4 py-2 text-left font-medium">
                {c}
              </th>
            ))}
            <th scope="col" className="px-4 py-2">
              <span className="sr-only">{revoke.label}</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.id} className={r.revokedAt ? 'text-slate-400' : ''} data-testid={rowTestId} data-live={r.revokedAt ? undefined : 'true'}>
              <th scope="row" className="px-4 py-2 text-left font-normal">
                {r.name}
              </th>
              {r.cells.map((c, i) => (
                <td key={i} className="px-4 py-2 whitespace-nowrap tabular-nums">
                  {c}
                </td>
              ))}
              <td className="px-4 py-2 text-right">
                {r.revokedAt ? null : (
                  <ConfirmAction intent={revoke.intent} hidden={{ id: r.id, name: r.name }} label={revoke.label} confirmLabel={revoke.confirmLabel} question={revoke.question(r.name)} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
