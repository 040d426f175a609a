import { useTranslation } from 'react-i18next';
import { localName } from '../lib/names.ts';
import { selectClass } from './ui.tsx';

export interface FilterSelectProps {
  label: string;
  name: string;
  value: string;
  /** Called with the form on change: the page submits it (a GET form keeps the filters in the URL). Without it the form's own button applies the filters. */
  onChange?: (form: HTMLFormElement) => void;
  children: React.ReactNode;
}

/**
 * A labelled select of a page's GET filter form. Pages bind their id prefix, width and test id
 * prefix once (`testIdPrefix: null` for none).
 */
export function FilterSelect({
  label,
  name,
  value,
  onChange,
  children,
  idPrefix,
  className = 'min-w-0',
  testIdPrefix = 'filter-',
}: FilterSelectProps & FilterSelectLayout) {
  const id = `${idPrefix}${name}`;
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-0.5 block text-xs text-slate-500">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={value}
        key={value}
        className={`${selectClass} py-1.5`}
        onChange={(e) => {
          if (e.currentTarget.form) onChange?.(e.currentTarget.form);
        }}
        {...(testIdPrefix === null ? {} : { 'data-testid': `${testIdPrefix}${name}` })}
      >
        {children}
      </select>
    </div>
  );
}

export type FilterSelectLayout = { idPrefix: string; className?: string; testIdPrefix?: string | null };

export type VocabFilterProps<T extends string> = Omit<FilterSelectProps, 'children'> & {
  /** The vocabulary, in its own order (core's lists: statuses, kinds, levels…). */
  values: readonly T[];
  /** Each value's words in the reader's language. */
  optionLabel: (value: T) => string;
  /** The "any" choice first (value ''); left out when the filter always holds a value. */
  anyLabel?: string;
};

/** A filter over one vocabulary: "any" first, then each value by its words. */
export function VocabFilter<T extends string>({ values, optionLabel, anyLabel, ...select }: VocabFilterProps<T> & FilterSelectLayout) {
  return (
    <FilterSelect {...select}>
      {anyLabel === undefined ? null : <option value="">{anyLabel}</option>}
      {values.map((v) => (
        <option key={v} value={v}>
          {optionLabel(v)}
        </option>
      ))}
    </FilterSelect>
  );
}

/** A station filter's options: "all stations" first, then each station by its name in the reader's language. */
export function StationOptions({ stations, allLabel }: { stations: { id: string; name: string; nameEn?: string | null }[]; allLabel: string }) {
  const { i18n } = useTranslation();
  return (
    <>
      <option value="">{allLabel}</option>
      {stations.map((s) => (
        <option key={s.id} value={s.id}>
          {localName(i18n.language, s.name, s.nameEn)}
        </option>
      ))}
    </>
  );
}
