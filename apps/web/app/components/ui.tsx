import { useId } from 'react';

/** Small building blocks shared by the enterprise pages: buttons, inputs with labels and errors, sections. */

const base =
  'inline-flex items-center justify-center gap-1.5 rounded-md text-sm font-medium whitespace-nowrap transition-colors disabled:cursor-not-allowed disabled:opacity-60';
export const buttonClass = {
  primary: `${base} bg-brand-600 px-3.5 py-2 text-white shadow-sm hover:bg-brand-700`,
  secondary: `${base} border border-slate-300 bg-white px-3.5 py-2 text-slate-700 shadow-sm hover:bg-slate-50`,
  danger: `${base} border border-red-200 bg-white px-3.5 py-2 text-red-700 hover:bg-red-50`,
  ghost: `${base} px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900`,
  link: 'text-sm font-medium text-brand-600 hover:text-brand-800 hover:underline',
  smallPrimary: `${base} bg-brand-600 px-2.5 py-1 text-white hover:bg-brand-700`,
  smallSecondary: `${base} border border-slate-300 bg-white px-2.5 py-1 text-slate-700 hover:bg-slate-50`,
  smallDanger: `${base} px-2 py-1 text-red-700 hover:bg-red-50`,
} as const;

export const inputClass =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none disabled:bg-slate-50 disabled:text-slate-500 aria-[invalid=true]:border-red-400 aria-[invalid=true]:focus:ring-red-100';
export const selectClass = `${inputClass} pr-8`;

/**
 * A labelled control with its hint and error below it. The control is rendered by `children`
 * with the id and aria attributes it must carry.
 */
export function Field({
  label,
  error,
  hint,
  required,
  className = '',
  children,
}: {
  label: string;
  error?: string | null | undefined;
  hint?: React.ReactNode;
  required?: boolean;
  className?: string;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => React.ReactNode;
}) {
  const id = useId();
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
        {required ? (
          <span className="ml-0.5 text-red-600" aria-hidden="true">
            *
          </span>
        ) : null}
      </label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': described })}
      {hint ? (
        <div id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </div>
      ) : null}
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

/**
 * The reason under a control (an action's field error, see lib/action-result.ts); the control
 * names it with `aria-describedby={id}`.
 */
export function FieldError({ id, error, className = 'mt-1' }: { id?: string | undefined; error: string | null | undefined; className?: string }) {
  return error ? (
    <p id={id} className={`${className} text-xs text-red-600`} data-field-error>
      {error}
    </p>
  ) : null;
}

export function FormError({ children }: { children: React.ReactNode }) {
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {children}
    </div>
  );
}

export function Notice({ children, tone = 'info' }: { children: React.ReactNode; tone?: 'info' | 'success' | 'warning' }) {
  const cls = {
    info: 'border-brand-100 bg-brand-50 text-brand-800',
    success: 'border-green-200 bg-green-50 text-green-800',
    warning: 'border-amber-200 bg-amber-50 text-amber-900',
  }[tone];
  return <div className={`rounded-md border px-3 py-2 text-sm ${cls}`}>{children}</div>;
}

/** A titled block of the file; `actions` sit at the right of the heading. */
export function Section({
  title,
  actions,
  children,
  className = '',
  testId,
  count,
}: {
  title: string;
  actions?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
  testId?: string;
  count?: number;
}) {
  const id = useId();
  return (
    <section aria-labelledby={id} className={`rounded-lg border border-slate-200 bg-white ${className}`} data-testid={testId}>
      <div className="flex min-h-12 flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-2">
        <h2 id={id} className="font-medium text-slate-900">
          {title}
          {count !== undefined ? <span className="ml-2 text-sm font-normal text-slate-500 tabular-nums">{count}</span> : null}
        </h2>
        {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

/** Label / value pairs in two columns. */
export function DefinitionList({ items }: { items: { label: string; value: React.ReactNode; wide?: boolean }[] }) {
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-3 px-4 py-4 text-sm">
      {items.map((item) => (
        <div key={item.label} className={item.wide ? 'col-span-2' : 'min-w-0'}>
          <dt className="text-xs text-slate-500">{item.label}</dt>
          <dd className="mt-0.5 break-words text-slate-900">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="px-4 py-6 text-center text-sm text-slate-500">{children}</p>;
}
