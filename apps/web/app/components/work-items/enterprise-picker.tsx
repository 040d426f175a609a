import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { classifyEnterpriseSearch } from '@stationdesk/core';
import type { EnterpriseHit } from '../../lib/work-items.ts';
import { localName } from '../../lib/names.ts';
import { buttonClass, inputClass } from '../ui.tsx';

type SearchState = { status: 'idle' } | { status: 'loading' } | { status: 'done'; hits: EnterpriseHit[] } | { status: 'error'; message: string };

/**
 * 选择企业: type two characters of a name (or a credit code, or phone digits) and pick from the
 * results with the mouse or the arrow keys and Enter. The chosen enterprise's id goes into a
 * hidden input named `enterpriseId`.
 */
export function EnterprisePicker({
  selected,
  onSelect,
  error,
  autoFocus = false,
  inputRef,
}: {
  selected: EnterpriseHit | null;
  onSelect: (hit: EnterpriseHit | null) => void;
  error?: string | undefined;
  autoFocus?: boolean;
  inputRef?: React.RefObject<HTMLInputElement | null>;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const id = useId();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState<SearchState>({ status: 'idle' });
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const abort = useRef<AbortController | null>(null);
  const changeRef = useRef<HTMLButtonElement>(null);

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      abort.current?.abort();
    },
    [],
  );

  const run = (value: string) => {
    clearTimeout(timer.current);
    abort.current?.abort();
    if (!classifyEnterpriseSearch(value)) {
      setSearch({ status: 'idle' });
      return;
    }
    setSearch({ status: 'loading' });
    timer.current = setTimeout(async () => {
      const controller = new AbortController();
      abort.current = controller;
      try {
        const res = await fetch(`/items/enterprise-search?q=${encodeURIComponent(value.trim())}`, { signal: controller.signal, headers: { accept: 'application/json' } });
        const body = (await res.json()) as { hits: EnterpriseHit[] } | { error: string };
        if ('error' in body) setSearch({ status: 'error', message: body.error });
        else {
          setSearch({ status: 'done', hits: body.hits });
          setActive(0);
          setOpen(true);
        }
      } catch (e) {
        if ((e as Error).name !== 'AbortError') setSearch({ status: 'error', message: t('workItems.common.networkError') });
      }
    }, 250);
  };

  const choose = (hit: EnterpriseHit) => {
    onSelect(hit);
    setOpen(false);
    setQ('');
    setSearch({ status: 'idle' });
    // Focus moves on to the "change" button of the chosen card; the form's next field is one Tab away.
    requestAnimationFrame(() => changeRef.current?.focus());
  };

  if (selected) {
    return (
      <div className="flex items-start justify-between gap-3 rounded-md border border-brand-100 bg-brand-50/60 px-3 py-2" data-testid="picked-enterprise">
        <input type="hidden" name="enterpriseId" value={selected.id} />
        <div className="min-w-0 text-sm">
          <div className="font-medium text-slate-900">{localName(lang, selected.name, selected.nameEn)}</div>
          <div className="mt-0.5 text-xs text-slate-600">
            <span className="font-mono tabular-nums">{selected.creditCode}</span>
            <span className="mx-1.5 text-slate-300">|</span>
            {localName(lang, selected.stationName, selected.stationNameEn)} · {localName(lang, selected.buildingName, selected.buildingNameEn)}
          </div>
        </div>
        <button ref={changeRef} type="button" className={buttonClass.smallSecondary} onClick={() => onSelect(null)}>
          {t('workItems.entry.changeEnterprise')}
        </button>
      </div>
    );
  }

  const hits = search.status === 'done' ? search.hits : [];
  const listId = `${id}-list`;
  const expanded = open && search.status === 'done';
  return (
    <div className="relative">
      <input
        ref={inputRef}
        id={id}
        type="search"
        role="combobox"
        aria-label={t('workItems.entry.enterprise')}
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && hits[active] ? `${id}-opt-${active}` : undefined}
        aria-describedby={`${id}-hint`}
        aria-invalid={Boolean(error)}
        autoComplete="off"
        autoFocus={autoFocus}
        data-initial-focus={autoFocus || undefined}
        value={q}
        placeholder={t('workItems.entry.enterprisePlaceholder')}
        className={inputClass}
        data-testid="enterprise-picker"
        onChange={(e) => {
          setQ(e.currentTarget.value);
          run(e.currentTarget.value);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && hits.length) {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(a + 1, hits.length - 1));
          } else if (e.key === 'ArrowUp' && hits.length) {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
            e.preventDefault();
            if (expanded && hits[active]) choose(hits[active]);
          } else if (e.key === 'Escape' && expanded) {
            e.stopPropagation();
            e.preventDefault();
            setOpen(false);
          }
        }}
      />
      <p id={`${id}-hint`} className={`mt-1 text-xs ${error ? 'text-red-600' : 'text-slate-500'}`} aria-live="polite">
        {error ??
          (search.status === 'loading'
            ? t('workItems.entry.searching')
            : search.status === 'error'
              ? search.message
              : search.status === 'done' && hits.length === 0
                ? t('workItems.entry.noEnterpriseFound')
                : t('workItems.entry.enterpriseHint'))}
      </p>
      {expanded && hits.length > 0 ? (
        <ul
          id={listId}
          role="listbox"
          aria-label={t('workItems.entry.enterpriseResults')}
          className="absolute z-30 mt-1 max-h-72 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg"
          data-testid="enterprise-results"
        >
          {hits.map((hit, i) => (
            <li
              key={hit.id}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={`cursor-pointer px-3 py-2 text-sm ${i === active ? 'bg-brand-50' : 'hover:bg-slate-50'}`}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(hit)}
            >
              <div className="font-medium text-slate-900">{localName(lang, hit.name, hit.nameEn)}</div>
              <div className="mt-0.5 text-xs text-slate-500">
                <span className="font-mono tabular-nums">{hit.creditCode}</span> · {localName(lang, hit.buildingName, hit.buildingNameEn)}
                {hit.primaryContact ? ` · ${hit.primaryContact.name}` : ''}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
