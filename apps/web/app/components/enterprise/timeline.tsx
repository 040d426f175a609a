import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatDateTime, listSeparator } from '../../lib/format.ts';
import type { TimelineEntry, TimelinePage } from '../../lib/enterprise-types.ts';
import { isItemEntry, timelineItemHref, timelineTitleKey } from '../../lib/timeline.ts';
import { useLoadMore } from '../result-list.tsx';
import { ChangeStatusBadge } from './badges.tsx';
import { ChangePayload } from './change-view.tsx';
import { buttonClass, Empty, FormError, Section } from '../ui.tsx';

type Names = Record<string, string>;

/** Of a new file's fields, the first few are listed (name, code, building…). */
const CREATED_SHOWN = 5;

/** A field's value in the history, in words: statuses, industries, yes/no, building names. */
function fieldValue(t: TFunction, lang: string, field: string, value: unknown, buildings: Names): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return t('enterprise.timeline.empty');
  if (field === 'status') return t(`vocab.enterpriseStatus.${String(value)}`);
  if (field === 'industry') return t(`vocab.industry.${String(value)}`);
  if (field === 'docType' || field === 'doc_type') return t(`vocab.documentType.${String(value)}`);
  if (typeof value === 'boolean') return value ? t('enterprise.common.yes') : t('enterprise.common.no');
  if (field === 'buildingId') return buildings[String(value)] ?? t('enterprise.timeline.otherBuilding');
  if (Array.isArray(value)) return value.map(String).join(listSeparator(lang));
  const s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

/** Contact / document fields named in entries (documents' "before" comes in column names). */
const subFieldLabel: Record<string, string> = {
  name: 'enterprise.contacts.name',
  title: 'enterprise.contacts.jobTitle',
  phone: 'enterprise.contacts.phone',
  email: 'enterprise.contacts.email',
  isPrimary: 'enterprise.contacts.primary',
  docType: 'enterprise.documents.type',
  number: 'enterprise.documents.number',
  issuer: 'enterprise.documents.issuer',
  issuedOn: 'enterprise.documents.issuedOn',
  expiresOn: 'enterprise.documents.expiresOn',
  fileId: 'enterprise.documents.file',
};
const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function ChangeList({ changes }: { changes: { label: string; before: string; after: string }[] }) {
  const { t, i18n } = useTranslation();
  const colon = i18n.language === 'en' ? ': ' : '：';
  if (changes.length === 0) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-xs text-slate-600" data-testid="timeline-changes">
      {changes.map((c) => (
        <li key={c.label} className="break-words">
          <span className="text-slate-500">
            {c.label}
            {colon}
          </span>
          <span className="text-slate-500">{c.before}</span>
          <span className="mx-1 text-slate-400" aria-label={t('enterprise.timeline.becomes')}>
            →
          </span>
          <span className="font-medium text-slate-800">{c.after}</span>
        </li>
      ))}
    </ul>
  );
}

/** Which item an event is about: its kind, number (a link to its page) and title, and the status it moved to. */
function ItemLine({ entry, forEnterprise }: { entry: TimelineEntry; forEnterprise: boolean }) {
  const { t } = useTranslation();
  const d = entry.detail as Record<string, unknown>;
  if (typeof d.itemId !== 'string' || typeof d.number !== 'string') return null;
  return (
    <div className="mt-0.5 text-xs break-words text-slate-700" data-testid="timeline-item">
      <span className="text-slate-500">{t(`workItems.kind.${entry.kind}`)}</span>{' '}
      <Link to={timelineItemHref(entry.kind, d.itemId, forEnterprise)} className="font-mono text-brand-700 hover:underline" data-testid="timeline-item-link">
        {d.number}
      </Link>
      {typeof d.title === 'string' && d.title ? <span>{` · ${d.title}`}</span> : null}
      {typeof d.from === 'string' && typeof d.to === 'string' && d.from !== d.to ? (
        <div className="text-slate-500">
          {t(`vocab.workItemStatus.${d.from}`)}
          <span className="mx-1 text-slate-400" aria-label={t('enterprise.timeline.becomes')}>
            →
          </span>
          {t(`vocab.workItemStatus.${d.to}`)}
        </div>
      ) : null}
    </div>
  );
}

function EntryDetail({ entry, buildings, forEnterprise }: { entry: TimelineEntry; buildings: Names; forEnterprise: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const d = entry.detail as Record<string, unknown>;
  if (isItemEntry(entry.title)) return <ItemLine entry={entry} forEnterprise={forEnterprise} />;
  if (entry.kind === 'change_request') {
    const status = String(d.status ?? 'pending');
    const kind = entry.title.replace(/^enterprise\.change\./, '');
    return (
      <div className="mt-1 space-y-1">
        <ChangeStatusBadge status={status} />
        {kind !== 'contact_remove' && d.payload ? <ChangePayload compact change={{ kind: kind as never, payload: d.payload as Record<string, unknown> }} /> : null}
        {status === 'rejected' && d.reason ? <p className="text-xs text-red-700">{t('enterprise.changes.reasonShown', { reason: String(d.reason) })}</p> : null}
      </div>
    );
  }
  if (d.changes && typeof d.changes === 'object' && entry.title === 'enterprise.created') {
    // A new file: what it was created with, not a list of "(empty) →".
    const fields = Object.entries(d.changes as Record<string, [unknown, unknown]>).filter(([field]) => field !== 'notes');
    const shown = fields.slice(0, CREATED_SHOWN);
    return (
      <ul className="mt-1 space-y-0.5 text-xs text-slate-600" data-testid="timeline-changes">
        {shown.map(([field, [, after]]) => (
          <li key={field} className="break-words">
            <span className="text-slate-500">
              {t(`vocab.field.${field}`, { defaultValue: field })}
              {lang === 'en' ? ': ' : '：'}
            </span>
            <span className="text-slate-800">{fieldValue(t, lang, field, after, buildings)}</span>
          </li>
        ))}
        {fields.length > shown.length ? <li className="text-slate-400">{t('enterprise.timeline.moreFields', { count: fields.length - shown.length })}</li> : null}
      </ul>
    );
  }
  if (d.changes && typeof d.changes === 'object') {
    const changes = Object.entries(d.changes as Record<string, [unknown, unknown]>).map(([field, [before, after]]) => ({
      label: t(`vocab.field.${field}`, { defaultValue: field }),
      before: fieldValue(t, lang, field, before, buildings),
      after: fieldValue(t, lang, field, after, buildings),
    }));
    return <ChangeList changes={changes} />;
  }
  const item = (d.contact ?? d.document) as Record<string, unknown> | undefined;
  if (!item) return null;
  const before = d.before as Record<string, unknown> | undefined;
  if (before) {
    const changes = Object.entries(before)
      .map(([k, v]) => [camel(k), v] as const)
      .filter(([k, v]) => subFieldLabel[k] && JSON.stringify(v ?? null) !== JSON.stringify(item[k] ?? null))
      .map(([k, v]) => ({ label: t(subFieldLabel[k]!), before: k === 'fileId' ? fileWord(t, v) : fieldValue(t, lang, k, v, buildings), after: k === 'fileId' ? fileWord(t, item[k]) : fieldValue(t, lang, k, item[k], buildings) }));
    const subject = d.contact ? String(item.name ?? '') : fieldValue(t, lang, 'docType', item.docType, buildings);
    return (
      <div>
        <p className="mt-0.5 text-xs text-slate-700">{subject}</p>
        <ChangeList changes={changes} />
      </div>
    );
  }
  const parts = d.contact
    ? [item.name, item.title, item.phone]
    : [fieldValue(t, lang, 'docType', item.docType ?? item.doc_type, buildings), item.number, item.expiresOn ?? item.expires_on ? t('enterprise.timeline.expires', { date: String(item.expiresOn ?? item.expires_on) }) : null];
  return <p className="mt-0.5 text-xs break-words text-slate-700">{parts.filter(Boolean).map(String).join(' · ')}</p>;
}

const fileWord = (t: TFunction, v: unknown) => (v ? t('enterprise.timeline.fileAttached') : t('enterprise.timeline.empty'));

/**
 * 时间线: everything that happened to the file, newest first, times in the tenant's zone; older
 * entries are fetched from the cursor and appended (without scripts the link opens them).
 */
export function Timeline({
  enterpriseId,
  initial,
  timezone,
  buildings,
  olderHref,
  forEnterprise,
}: {
  enterpriseId: string;
  initial: TimelinePage;
  timezone: string;
  buildings: Names;
  olderHref: (cursor: string) => string;
  /** The enterprise's own admin: items open in the portal. */
  forEnterprise: boolean;
}) {
  const { t } = useTranslation();
  const older = useLoadMore(initial, (cursor) => `/enterprises/${enterpriseId}/timeline?cursor=${encodeURIComponent(cursor)}`, t('enterprise.common.networkError'));
  const items = older.items;

  return (
    <Section title={t('enterprise.timeline.title')} testId="timeline">
      {items.length === 0 ? <Empty>{t('enterprise.timeline.noEntries')}</Empty> : null}
      <ol className="relative px-4 py-3">
        {items.map((entry, i) => (
          <li key={`${entry.refId}-${entry.at}`} className="relative pb-4 pl-5 last:pb-1" data-testid="timeline-entry">
            {i < items.length - 1 ? <span aria-hidden="true" className="absolute top-2.5 bottom-0 left-[5px] w-px bg-slate-200" /> : null}
            <span
              aria-hidden="true"
              className={`absolute top-1.5 left-0 size-[11px] rounded-full border-2 border-white ring-1 ${entry.kind === 'change_request' ? 'bg-amber-400 ring-amber-300' : 'bg-brand-600 ring-brand-100'}`}
            />
            <div className="flex flex-wrap items-baseline justify-between gap-x-2">
              <span className="text-sm font-medium text-slate-900" data-testid="timeline-title">
                {t(timelineTitleKey(entry.title))}
              </span>
              <time dateTime={entry.at} className="text-xs text-slate-500 tabular-nums">
                {formatDateTime(entry.at, timezone)}
              </time>
            </div>
            <div className="text-xs text-slate-500">{entry.actor?.name ?? t('enterprise.timeline.system')}</div>
            <EntryDetail entry={entry} buildings={buildings} forEnterprise={forEnterprise} />
          </li>
        ))}
      </ol>
      {older.error ? (
        <div className="px-4 pb-3">
          <FormError>{older.error}</FormError>
        </div>
      ) : null}
      {older.nextCursor ? (
        <div className="border-t border-slate-100 px-4 py-2 text-center">
          <a href={olderHref(older.nextCursor)} onClick={older.loadMore} className={buttonClass.link} aria-disabled={older.loading} data-testid="timeline-more">
            {older.loading ? t('enterprise.common.loading') : t('enterprise.timeline.loadMore')}
          </a>
        </div>
      ) : null}
    </Section>
  );
}
