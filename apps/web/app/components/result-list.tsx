import { useState } from 'react';
import { Link } from 'react-router';
import { buttonClass, FormError } from './ui.tsx';

export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The pages after the loader's first, appended in place: one JSON request from the last cursor
 * per click. A modified click (new tab) and a page without scripts follow the link instead.
 */
export function useLoadMore<T>(initial: KeysetPage<T>, moreUrl: (cursor: string) => string, networkError: string) {
  const [more, setMore] = useState<KeysetPage<T>>({ items: [], nextCursor: initial.nextCursor });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const loadMore = async (e: React.MouseEvent) => {
    if (!more.nextCursor || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    setLoading(true);
    setError(null);
    try {
      const res = await fetch(moreUrl(more.nextCursor), { headers: { accept: 'application/json' } });
      const body = (await res.json()) as KeysetPage<T> | { error: string };
      if ('error' in body) setError(body.error);
      else setMore((prev) => ({ items: [...prev.items, ...body.items], nextCursor: body.nextCursor }));
    } catch {
      setError(networkError);
    } finally {
      setLoading(false);
    }
  };

  return {
    /** The first page and those loaded since (the first page's own array while none are). */
    items: more.items.length ? [...initial.items, ...more.items] : initial.items,
    /** Only the pages loaded since the first. */
    loaded: more.items,
    nextCursor: more.nextCursor,
    loading,
    error,
    loadMore,
  };
}

/**
 * Below a result list: the load error, how many are shown, "load more" (or that the list ends)
 * and, when opened at a cursor, the way back to the first page.
 */
export function LoadMoreFooter({
  error,
  shown,
  shownTestId,
  nextHref,
  onLoadMore,
  loading,
  labels,
  ended,
  firstPageHref,
}: {
  error: string | null;
  /** "N shown", when the list says it here. */
  shown?: string;
  shownTestId?: string;
  nextHref: string | null;
  onLoadMore: (e: React.MouseEvent) => void;
  loading: boolean;
  labels: { loading: string; loadMore: string; end: string; firstPage: string };
  /** Whether "the end" is said when there is nothing more (an empty list says nothing). */
  ended: boolean;
  firstPageHref: string | null;
}) {
  return (
    <div className="mt-4 flex flex-col items-center gap-2">
      {error ? <FormError>{error}</FormError> : null}
      {shown !== undefined ? (
        <p className="text-xs text-slate-500 tabular-nums" data-testid={shownTestId}>
          {shown}
        </p>
      ) : null}
      {nextHref ? (
        <a href={nextHref} onClick={onLoadMore} className={buttonClass.secondary} aria-disabled={loading} data-testid="load-more">
          {loading ? labels.loading : labels.loadMore}
        </a>
      ) : ended ? (
        <p className="text-xs text-slate-400">{labels.end}</p>
      ) : null}
      {firstPageHref ? (
        <Link to={firstPageHref} className={buttonClass.link}>
          {labels.firstPage}
        </Link>
      ) : null}
    </div>
  );
}

/** A list with nothing to show: why, a hint, and where to go from here. */
export function EmptyResults({ testId, title, hint, className = '', children }: { testId: string; title: string; hint?: string; className?: string; children?: React.ReactNode }) {
  return (
    <div className={`rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center ${className}`.trim()} data-testid={testId}>
      <p className="font-medium text-slate-800">{title}</p>
      {hint !== undefined ? <p className="mt-1 text-sm text-slate-500">{hint}</p> : null}
      {children}
    </div>
  );
}

/** An empty list's way on: clear the filters when some are set, else create the first one. */
export function EmptyActions({ filtered, clear, create }: { filtered: boolean; clear: { to: string; label: string }; create: { to: string; label: string } }) {
  return (
    <div className="mt-4 flex justify-center gap-2">
      {filtered ? (
        <Link to={clear.to} className={buttonClass.secondary}>
          {clear.label}
        </Link>
      ) : (
        <Link to={create.to} className={buttonClass.primary}>
          {create.label}
        </Link>
      )}
    </div>
  );
}

export interface ResultColumn {
  label: React.ReactNode;
  /** Width class (`w-36`, `w-[20%]`); the padding follows from the position. */
  width?: string;
  /** The whole class, for a column unlike the others (a select-all box). */
  className?: string;
}

/**
 * A result list's table, shown from the md breakpoint (phones get the list's cards): fixed
 * layout, a hidden caption for screen readers, one header row, then the rows given.
 */
export function ResultTable({ testId, caption, columns, children }: { testId: string; caption?: string; columns: ResultColumn[]; children: React.ReactNode }) {
  return (
    <div className="hidden overflow-hidden rounded-lg border border-slate-200 bg-white md:block">
      <table className="w-full table-fixed text-left text-sm" data-testid={testId}>
        {caption !== undefined ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600">
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={c.className ?? [c.width, i === 0 ? 'px-4' : 'px-3', 'py-2.5 font-medium'].filter(Boolean).join(' ')}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
