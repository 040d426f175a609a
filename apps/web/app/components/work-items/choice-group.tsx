import { useId } from 'react';

/**
 * A short list of choices as a row of buttons (native radios underneath: arrow keys move, the
 * form posts the value). Quicker than a select for a clerk at the counter, and big on a phone.
 */
export function ChoiceGroup({
  label,
  name,
  options,
  defaultValue,
  value,
  onChange,
  required = false,
  tone,
  testId,
}: {
  label: string;
  name: string;
  options: { value: string; label: string; hint?: string }[];
  defaultValue?: string;
  value?: string;
  onChange?: (value: string) => void;
  required?: boolean;
  /** Colours a checked choice (e.g. an unsatisfied rating in amber). */
  tone?: (value: string) => 'brand' | 'warning';
  testId?: string;
}) {
  const id = useId();
  return (
    <fieldset data-testid={testId}>
      <legend className="mb-1 block text-sm font-medium text-slate-700">
        {label}
        {required ? (
          <span className="ml-0.5 text-red-600" aria-hidden="true">
            *
          </span>
        ) : null}
      </legend>
      <div className="flex flex-wrap gap-1.5">
        {options.map((o) => {
          const checkedCls =
            tone?.(o.value) === 'warning'
              ? 'peer-checked:border-amber-500 peer-checked:bg-amber-50 peer-checked:text-amber-900'
              : 'peer-checked:border-brand-600 peer-checked:bg-brand-50 peer-checked:text-brand-800';
          return (
            <label key={o.value} className="relative">
              <input
                type="radio"
                name={name}
                value={o.value}
                id={`${id}-${o.value}`}
                {...(value !== undefined ? { checked: value === o.value, onChange: () => onChange?.(o.value) } : { defaultChecked: defaultValue === o.value })}
                required={required}
                className="peer sr-only"
              />
              <span
                className={`inline-flex min-h-9 cursor-pointer items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 select-none hover:bg-slate-50 peer-checked:font-medium peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600 ${checkedCls}`}
                title={o.hint}
              >
                {o.label}
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
