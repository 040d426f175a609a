import { useState } from 'react';
import { Form } from 'react-router';
import { buttonClass } from './ui.tsx';

export interface FilterPanelProps {
  /** Prefix of the element ids (`${id}-filter-grid`, `-toggle`, `-actions`). */
  id: string;
  /** The form's accessible name. */
  label: string;
  testId: string;
  /** The phone's fold button ("筛选"). */
  toggleLabel: string;
  /** How many filters are set: shown on the fold button, and the fold starts open when any is. */
  active: number;
  /** Layout of the grid of fields from the md breakpoint (on phones it is two columns). */
  gridClassName: string;
  /** Hidden inputs that ride along with the form (the view, chips' values). */
  hidden?: React.ReactNode;
  /** The fields. */
  children: React.ReactNode;
  /** What follows the fields (chips, actions), told whether the fold is open. */
  footer?: (open: boolean) => React.ReactNode;
}

/**
 * A list page's GET filter form: on phones folded behind a button that shows how many filters are
 * set; from the md breakpoint always open. Without scripts the fold cannot open, so it is shown.
 */
export function FilterPanel({ id, label, testId, toggleLabel, active, gridClassName, hidden, children, footer }: FilterPanelProps) {
  const [open, setOpen] = useState(active > 0);
  return (
    <Form method="get" className="mb-3 rounded-lg border border-slate-200 bg-white p-3" aria-label={label} data-testid={testId}>
      {hidden}
      <noscript>
        <style>{`#${id}-filter-grid{display:grid!important;margin-top:0}#${id}-filter-actions{display:flex!important}#${id}-filter-toggle{display:none!important}`}</style>
      </noscript>
      <button
        id={`${id}-filter-toggle`}
        type="button"
        className={`${buttonClass.smallSecondary} md:hidden`}
        aria-expanded={open}
        aria-controls={`${id}-filter-grid`}
        onClick={() => setOpen((o) => !o)}
      >
        {toggleLabel}
        {active ? <span className="rounded-full bg-brand-600 px-1.5 text-xs text-white tabular-nums">{active}</span> : null}
      </button>
      <div id={`${id}-filter-grid`} className={`${open ? 'mt-3 grid' : 'hidden'} grid-cols-2 gap-2 md:mt-0 ${gridClassName}`}>
        {children}
      </div>
      {footer?.(open)}
    </Form>
  );
}
