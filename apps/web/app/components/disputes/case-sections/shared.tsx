import { Empty } from '../../ui.tsx';

export const none = <span className="text-slate-400">—</span>;

/** A section's records, or the line saying there are none yet. */
export function Records<T>({ items, empty, ordered = false, children }: { items: readonly T[]; empty: string; ordered?: boolean; children: (item: T) => React.ReactNode }) {
  if (items.length === 0) return <Empty>{empty}</Empty>;
  const List = ordered ? 'ol' : 'ul';
  return <List className="divide-y divide-slate-100">{items.map((item) => children(item))}</List>;
}
