import { useEffect, useRef, useState } from 'react';
import { Form, Link, useFetcher } from 'react-router';
import { useTranslation } from 'react-i18next';
import { knowledgeCategories } from '@stationdesk/core';
import type { RouterOutputs } from '@stationdesk/api';
import { FormErrors } from '../form.tsx';
import { IdempotencyKeyInput } from '../idempotency-key.tsx';
import { buttonClass, Field, inputClass, selectClass } from '../ui.tsx';
import type { ActionFailure } from '../../lib/action-result.ts';
import { formatPercent } from '../../lib/format.ts';

type Article = RouterOutputs['knowledge']['get'];
type Suggestion = RouterOutputs['knowledge']['suggest']['items'][number];

const statusTone = { draft: 'bg-slate-100 text-slate-700', published: 'bg-green-50 text-green-700' } as const;

export function ArticleStatus({ status }: { status: 'draft' | 'published' }) {
  const { t } = useTranslation();
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${statusTone[status]}`}>{t(`knowledge.status.${status}`)}</span>;
}

/**
 * An article's text: HTML the API rendered from Markdown and sanitised with an allow-list
 * (services/knowledge/render.ts, ADR 022) — scripts, frames, handlers and javascript: links are
 * already gone, so it is inserted as it is.
 */
export function ArticleBody({ html, testId = 'article-body' }: { html: string; testId?: string }) {
  return (
    <div
      className="max-w-none space-y-3 text-sm leading-relaxed text-slate-800 [&_a]:text-brand-700 [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:border-slate-200 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600 [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:text-base [&_h2]:font-semibold [&_h3]:font-semibold [&_ol]:list-decimal [&_ol]:pl-5 [&_pre]:overflow-x-auto [&_table]:text-left [&_td]:border [&_td]:border-slate-200 [&_td]:px-2 [&_th]:border [&_th]:border-slate-200 [&_th]:px-2 [&_ul]:list-disc [&_ul]:pl-5"
      data-testid={testId}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

/** The create and edit form (one shape for both; `article` fills it for an edit). */
export function ArticleForm({
  article,
  onceKey,
  failure,
  saving,
  cancelTo,
  agencyTypes,
}: {
  article?: Article;
  onceKey?: string;
  failure: ActionFailure | null;
  saving: boolean;
  cancelTo: string;
  agencyTypes: { code: string; name: string }[];
}) {
  const { t } = useTranslation();
  const errors = failure?.fieldErrors ?? {};
  return (
    <Form method="post" className="max-w-3xl space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-6" noValidate data-testid="article-form">
      <input type="hidden" name="intent" value={article ? 'update' : 'create'} />
      {article ? <input type="hidden" name="version" value={article.version} /> : null}
      {onceKey ? <IdempotencyKeyInput value={onceKey} /> : null}
      <Field label={t('knowledge.field.title')} required error={errors.title}>
        {(p) => <input {...p} name="title" defaultValue={article?.title ?? ''} maxLength={200} autoComplete="off" className={inputClass} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t('knowledge.field.category')} required error={errors.category}>
          {(p) => (
            <select {...p} name="category" defaultValue={article?.category ?? 'other'} className={selectClass}>
              {knowledgeCategories.map((c) => (
                <option key={c} value={c}>
                  {t(`knowledge.category.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('knowledge.field.tags')} hint={t('knowledge.field.tagsHint')} error={errors.tags}>
          {(p) => <input {...p} name="tags" defaultValue={article?.tags.join('，') ?? ''} autoComplete="off" className={inputClass} />}
        </Field>
      </div>
      <Field label={t('knowledge.field.body')} required error={errors.body}>
        {(p) => <textarea {...p} name="body" rows={12} defaultValue={article?.body ?? ''} className={`${inputClass} font-mono`} />}
      </Field>
      {agencyTypes.length > 0 ? (
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-700">{t('knowledge.field.agencyTypes')}</legend>
          <div className="flex flex-wrap gap-3 text-sm">
            {agencyTypes.map((a) => (
              <label key={a.code} className="inline-flex items-center gap-1.5">
                <input type="checkbox" name="agencyTypes" value={a.code} defaultChecked={article?.agencyTypes.includes(a.code) ?? false} />
                {a.name}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <details className="rounded-md border border-slate-200 p-3" open={Boolean(article?.titleEn)}>
        <summary className="cursor-pointer text-sm font-medium text-slate-700">{t('knowledge.field.english')}</summary>
        <p className="mt-1 text-xs text-slate-500">{t('knowledge.field.englishHint')}</p>
        <div className="mt-3 space-y-3">
          <Field label={t('knowledge.field.titleEn')} error={errors.titleEn}>
            {(p) => <input {...p} name="titleEn" defaultValue={article?.titleEn ?? ''} maxLength={200} autoComplete="off" className={inputClass} />}
          </Field>
          <Field label={t('knowledge.field.bodyEn')} error={errors.bodyEn}>
            {(p) => <textarea {...p} name="bodyEn" rows={8} defaultValue={article?.bodyEn ?? ''} className={`${inputClass} font-mono`} />}
          </Field>
        </div>
      </details>
      <FormErrors failure={failure} />
      <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
        <Link to={cancelTo} className={buttonClass.secondary}>
          {t('knowledge.cancel')}
        </Link>
        <button type="submit" className={buttonClass.primary} disabled={saving} data-testid="article-save">
          {saving ? t('knowledge.saving') : t('knowledge.save')}
        </button>
      </div>
    </Form>
  );
}

/** Waits until typing pauses before the value changes (one request per pause, not per key). */
function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Deflection (issue 22): articles matching the question being typed, from knowledge.suggest
 * through /knowledge/suggest. "This answered my question" posts `intent=deflect` with the article
 * (and the question) to the page's own action, which counts it and leaves without creating an item.
 */
export function ArticleSuggestions({ question }: { question: string }) {
  const { t, i18n } = useTranslation();
  const fetcher = useFetcher<{ suggestions?: { items: Suggestion[] } }>();
  // Posted to the page's own action (a button, not a form: this sits inside the consultation's form).
  const answer = useFetcher();
  const text = useDebounced(question.trim(), 400);
  const last = useRef('');
  const { load } = fetcher;
  useEffect(() => {
    if ([...text].length < 2 || text === last.current) return;
    last.current = text;
    void load(`/knowledge/suggest?${new URLSearchParams({ text: [...text].slice(0, 200).join('') })}`);
  }, [text, load]);
  const items = [...text].length < 2 ? [] : (fetcher.data?.suggestions?.items ?? []);
  if (items.length === 0) return null;
  const en = i18n.language === 'en';
  return (
    <section className="rounded-lg border border-amber-200 bg-amber-50 p-3" aria-live="polite" data-testid="article-suggestions">
      <h2 className="text-sm font-semibold text-amber-900">{t('knowledge.suggest.title')}</h2>
      <ul className="mt-2 space-y-2">
        {items.map((a) => (
          <li key={a.id} className="rounded-md border border-amber-100 bg-white p-3" data-testid="article-suggestion">
            <div className="font-medium text-slate-800">{en && a.titleEn ? a.titleEn : a.title}</div>
            <p className="mt-0.5 text-xs text-slate-600">{en && a.excerptEn ? a.excerptEn : a.excerpt}</p>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <a href={`/portal/knowledge/${a.id}`} target="_blank" rel="noopener" className={buttonClass.link}>
                {t('knowledge.suggest.read')}
              </a>
              <button
                type="button"
                className={buttonClass.smallPrimary}
                disabled={answer.state !== 'idle'}
                onClick={() => void answer.submit({ intent: 'deflect', articleId: a.id, question: [...question.trim()].slice(0, 200).join('') }, { method: 'post' })}
                data-testid="article-answered"
              >
                {t('knowledge.suggest.answered')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <p className="mt-2 text-xs text-amber-800">{t('knowledge.suggest.stillAsk')}</p>
    </section>
  );
}

/** 知识库解答率 on the KPI dashboard: deflections over deflections plus the portal's consultations. */
export function DeflectionFigure({ figure }: { figure: RouterOutputs['knowledge']['deflectionRate'] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" data-testid="kpi-deflection">
      <h2 className="text-sm text-slate-500">{t('knowledge.kpi.deflection')}</h2>
      <p className="mt-1 text-2xl tabular-nums" data-testid="kpi-deflection-rate">
        {figure.rate === null ? '—' : formatPercent(figure.rate, i18n.language)}
      </p>
      <p className="mt-1 text-xs text-slate-500">
        {figure.denominator === 0 ? t('knowledge.kpi.none') : t('knowledge.kpi.deflectionHint', { numerator: figure.numerator, denominator: figure.denominator })}
      </p>
    </section>
  );
}

/** 转为知识库文章 on a resolved consultation: its answer becomes a draft article, opened for editing. */
export function ArticleFromItemButton({ itemId }: { itemId: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" action="/knowledge/from-item">
      <input type="hidden" name="itemId" value={itemId} />
      <button type="submit" className={buttonClass.smallSecondary} data-testid="article-from-item">
        {t('knowledge.fromItem')}
      </button>
    </Form>
  );
}

/**
 * 插入知识库链接 under the staff reply box: a small search (knowledge.search through
 * /knowledge/lookup) whose pick appends the article's title and portal address to the reply being
 * written (the composer's own text box, found in the section it sits in).
 */
export function ArticleLinkPicker() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim(), 300);
  const lookup = useFetcher<{ items?: { id: string; title: string }[] }>();
  const root = useRef<HTMLDetailsElement>(null);
  const { load } = lookup;
  useEffect(() => {
    if ([...query].length >= 2) void load(`/knowledge/lookup?${new URLSearchParams({ q: query })}`);
  }, [query, load]);
  const insert = (a: { id: string; title: string }) => {
    const box = root.current?.closest('section')?.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
    if (!box) return;
    const link = `《${a.title}》${window.location.origin}/portal/knowledge/${a.id}`;
    box.value = box.value.trim() ? `${box.value.trimEnd()}\n${link}` : link;
    box.focus();
  };
  const items = [...query].length >= 2 ? (lookup.data?.items ?? []) : [];
  return (
    <details ref={root} className="mt-2 text-sm" data-testid="article-link-picker">
      <summary className="cursor-pointer text-brand-700">{t('knowledge.insertLink')}</summary>
      <input value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('knowledge.insertLinkSearch')} aria-label={t('knowledge.insertLinkSearch')} className={`${inputClass} mt-2`} />
      {[...query].length >= 2 && lookup.state === 'idle' && items.length === 0 ? <p className="mt-1 text-xs text-slate-500">{t('knowledge.noMatch')}</p> : null}
      <ul className="mt-1 divide-y divide-slate-100">
        {items.map((a) => (
          <li key={a.id} className="flex items-center justify-between gap-2 py-1.5">
            <span className="min-w-0 truncate">{a.title}</span>
            <button type="button" className={buttonClass.smallSecondary} onClick={() => insert(a)}>
              {t('knowledge.insert')}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
