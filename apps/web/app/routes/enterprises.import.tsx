import { useCallback, useEffect, useState } from 'react';
import { Link, useFetcher } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '../components/page.tsx';
import { FileUpload } from '../components/enterprise/file-upload.tsx';
import { buttonClass, FormError, Notice, Section } from '../components/ui.tsx';
import { errorMessage } from '../lib/errors.server.ts';
import { formString } from '../lib/enterprise-form.server.ts';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import type { ImportPreview, ImportPreviewRow, ImportStatus } from '../lib/enterprise-types.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/enterprises.import';

const MAX_BYTES = 10 * 1024 * 1024;
/** Shown of a large file: every problem up to this many, and a few good rows as a sample. */
const MAX_ERRORS_SHOWN = 500;
const SAMPLE_SIZE = 10;

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'enterprise.import.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  await loadForRoles(request, context, staffRoles, async () => null);
  return null;
}

type ImportAnswer =
  | ({ ok: true; step: 'preview'; problems: ImportPreviewRow[]; sample: ImportPreviewRow[] } & Omit<ImportPreview, 'rows'>)
  | { ok: true; step: 'done'; created: number; updated: number; unchanged: number }
  | { ok: false; step: 'preview' | 'commit'; error: string };

export async function action({ request, context }: Route.ActionArgs): Promise<ImportAnswer> {
  const form = await request.formData();
  const intent = formString(form, 'intent') === 'commit' ? 'commit' : 'preview';
  const api = context.trpc.enterprise.import;
  try {
    if (intent === 'commit') {
      const result = await api.commit({ id: formString(form, 'importId') });
      return { ok: true, step: 'done', created: result.created, updated: result.updated, unchanged: result.unchanged };
    }
    const p = await api.preview({ fileId: formString(form, 'fileId') });
    return {
      ok: true,
      step: 'preview',
      id: p.id,
      totalRows: p.totalRows,
      validRows: p.validRows,
      unchangedRows: p.unchangedRows,
      invalidRows: p.invalidRows,
      headerErrors: p.headerErrors,
      problems: p.rows.filter((r) => r.errors.length > 0).slice(0, MAX_ERRORS_SHOWN),
      sample: p.rows.filter((r) => r.errors.length === 0).slice(0, SAMPLE_SIZE),
    };
  } catch (e) {
    return { ok: false, step: intent, error: errorMessage(e, context.lang) };
  }
}

type Preview = Extract<ImportAnswer, { step: 'preview'; ok: true }>;

const actionTone = { create: 'bg-green-50 text-green-700', update: 'bg-blue-50 text-blue-700', unchanged: 'bg-slate-100 text-slate-600' } as const;

export default function EnterpriseImport() {
  const { t } = useTranslation();
  // A new attempt starts a fresh wizard (fresh fetchers, nothing remembered of the last file).
  const [attempt, setAttempt] = useState(0);
  return (
    <Page title={t('enterprise.import.title')} subtitle={t('enterprise.import.subtitle')}>
      <ImportWizard key={attempt} onRestart={() => setAttempt((a) => a + 1)} />
    </Page>
  );
}

function ImportWizard({ onRestart: restart }: { onRestart: () => void }) {
  const { t } = useTranslation();
  const previewer = useFetcher<typeof action>();
  const committer = useFetcher<typeof action>();

  const previewData = previewer.data;
  const preview = previewData?.ok && previewData.step === 'preview' ? previewData : null;
  const commitData = committer.data;
  const done = commitData?.ok && commitData.step === 'done' ? commitData : null;
  const step = done ? 3 : preview ? 2 : 1;

  return (
    <>
      <ol className="mb-4 flex flex-wrap items-center gap-2 text-sm" aria-label={t('enterprise.import.steps')}>
        {[t('enterprise.import.step1'), t('enterprise.import.step2'), t('enterprise.import.step3')].map((label, i) => (
          <li key={label} className="flex items-center gap-2" aria-current={step === i + 1 ? 'step' : undefined}>
            <span
              className={`flex size-6 items-center justify-center rounded-full text-xs font-medium tabular-nums ${step > i + 1 ? 'bg-green-600 text-white' : step === i + 1 ? 'bg-brand-600 text-white' : 'bg-slate-200 text-slate-600'}`}
            >
              {step > i + 1 ? '✓' : i + 1}
            </span>
            <span className={step === i + 1 ? 'font-medium text-slate-900' : 'text-slate-500'}>{label}</span>
            {i < 2 ? <span className="mx-1 h-px w-6 bg-slate-300" aria-hidden="true" /> : null}
          </li>
        ))}
      </ol>

      {step === 1 ? (
        <Section title={t('enterprise.import.step1')} testId="import-upload">
          <div className="space-y-4 p-4">
            <Notice>
              {t('enterprise.import.templateIntro')}{' '}
              <a href="/api/templates/enterprise-import.xlsx" className="font-medium underline" download>
                {t('enterprise.import.downloadTemplate')}
              </a>
            </Notice>
            <FileUpload
              purpose="import"
              label={t('enterprise.import.chooseFile')}
              hint={t('enterprise.import.fileHint')}
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              maxBytes={MAX_BYTES}
              onUploaded={(file) => void previewer.submit({ intent: 'preview', fileId: file.id }, { method: 'post' })}
              testId="import-file-input"
            />
            {previewer.state !== 'idle' ? <p className="text-sm text-slate-600">{t('enterprise.import.checking')}</p> : null}
            {previewData && !previewData.ok ? <FormError>{previewData.error}</FormError> : null}
          </div>
        </Section>
      ) : null}

      {step === 2 && preview ? (
        <PreviewStep
          preview={preview}
          committing={committer.state !== 'idle'}
          error={commitData && !commitData.ok ? commitData.error : null}
          onCommit={() => void committer.submit({ intent: 'commit', importId: preview.id }, { method: 'post' })}
          onRestart={restart}
        />
      ) : null}

      {step === 3 && done ? (
        <Section title={t('enterprise.import.step3')} testId="import-result">
          <div className="space-y-4 p-4">
            <Notice tone="success">{t('enterprise.import.doneNotice')}</Notice>
            <div className="grid max-w-xl grid-cols-3 gap-3" data-testid="import-done-summary">
              <Figure label={t('enterprise.import.created')} value={done.created} />
              <Figure label={t('enterprise.import.updated')} value={done.updated} />
              <Figure label={t('enterprise.import.unchanged')} value={done.unchanged} />
            </div>
            <div className="flex flex-wrap gap-2">
              <Link to="/enterprises?sort=updated" className={buttonClass.primary}>
                {t('enterprise.import.backToList')}
              </Link>
              <button type="button" className={buttonClass.secondary} onClick={restart}>
                {t('enterprise.import.another')}
              </button>
            </div>
          </div>
        </Section>
      ) : null}
    </>
  );
}

function Figure({ label, value, tone = 'default' }: { label: string; value: number; tone?: 'default' | 'good' | 'bad' }) {
  const color = tone === 'good' ? 'text-green-700' : tone === 'bad' ? 'text-red-700' : 'text-slate-900';
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3">
      <div className="text-xs text-slate-500">{label}</div>
      <div className={`mt-0.5 text-2xl font-semibold tabular-nums ${color}`}>{value.toLocaleString()}</div>
    </div>
  );
}

function PreviewStep({
  preview,
  committing,
  error,
  onCommit,
  onRestart,
}: {
  preview: Preview;
  committing: boolean;
  error: string | null;
  onCommit: () => void;
  onRestart: () => void;
}) {
  const { t } = useTranslation();
  const blocked = preview.headerErrors.length > 0 || preview.validRows === 0;
  const problems = preview.problems.flatMap((r) => r.errors.map((err, i) => ({ key: `${r.rowNumber}-${i}`, row: r.rowNumber, column: err.column, message: err.message })));
  return (
    <div className="space-y-4">
      <div className="grid grid-cols-2 gap-3 sm:max-w-2xl sm:grid-cols-4" data-testid="import-summary">
        <Figure label={t('enterprise.import.total')} value={preview.totalRows} />
        <Figure label={t('enterprise.import.valid')} value={preview.validRows} tone="good" />
        <Figure label={t('enterprise.import.unchangedRows')} value={preview.unchangedRows} />
        <Figure label={t('enterprise.import.invalid')} value={preview.invalidRows} tone={preview.invalidRows ? 'bad' : 'default'} />
      </div>

      {preview.headerErrors.length ? (
        <FormError>
          <p className="font-medium">{t('enterprise.import.headerProblems')}</p>
          <ul className="mt-1 list-disc pl-5">
            {preview.headerErrors.map((h) => (
              <li key={`${h.column}-${h.message}`}>{h.column ? `${h.column}${t('enterprise.import.colon')}${h.message}` : h.message}</li>
            ))}
          </ul>
        </FormError>
      ) : null}

      {problems.length ? (
        <Section title={t('enterprise.import.problemsTitle')} count={preview.invalidRows}>
          <div className="max-h-96 overflow-auto">
            <table className="w-full text-left text-sm" data-testid="import-problems">
              <thead className="sticky top-0 bg-slate-50 text-xs text-slate-600">
                <tr>
                  <th scope="col" className="w-20 px-4 py-2 font-medium">
                    {t('enterprise.import.row')}
                  </th>
                  <th scope="col" className="w-40 px-3 py-2 font-medium">
                    {t('enterprise.import.column')}
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t('enterprise.import.problem')}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {problems.map((p) => (
                  <tr key={p.key}>
                    <td className="px-4 py-2 tabular-nums">{p.row}</td>
                    <td className="px-3 py-2 text-slate-700">{p.column ?? '—'}</td>
                    <td className="px-3 py-2 text-red-700">{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.problems.length < preview.invalidRows ? <p className="px-4 py-2 text-xs text-slate-500">{t('enterprise.import.moreProblems', { shown: preview.problems.length })}</p> : null}
        </Section>
      ) : null}

      {preview.sample.length ? (
        <Section title={t('enterprise.import.sampleTitle')}>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="import-sample">
              <thead className="bg-slate-50 text-xs text-slate-600">
                <tr>
                  <th scope="col" className="w-20 px-4 py-2 font-medium">
                    {t('enterprise.import.row')}
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t('vocab.field.name')}
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t('vocab.field.creditCode')}
                  </th>
                  <th scope="col" className="w-24 px-3 py-2 font-medium">
                    {t('enterprise.import.action')}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {preview.sample.map((r) => (
                  <tr key={r.rowNumber}>
                    <td className="px-4 py-2 tabular-nums">{r.rowNumber}</td>
                    <td className="px-3 py-2">{r.name}</td>
                    <td className="px-3 py-2 font-mono text-xs tabular-nums">{r.creditCode}</td>
                    <td className="px-3 py-2">
                      {r.action ? (
                        <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${actionTone[r.action]}`}>
                          {t(`enterprise.import.${r.action === 'unchanged' ? 'unchangedAction' : r.action}`)}
                        </span>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Section>
      ) : null}

      {committing ? <CommitProgress importId={preview.id} total={preview.validRows} /> : null}
      {error ? <FormError>{error}</FormError> : null}

      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={buttonClass.primary} disabled={blocked || committing} onClick={onCommit} data-testid="import-commit">
          {committing ? t('enterprise.import.committing') : t('enterprise.import.commit', { count: preview.validRows })}
        </button>
        <button type="button" className={buttonClass.secondary} disabled={committing} onClick={onRestart}>
          {t('enterprise.import.chooseAnother')}
        </button>
        {preview.invalidRows > 0 && !blocked ? <span className="text-xs text-slate-500">{t('enterprise.import.skipNote', { count: preview.invalidRows })}</span> : null}
      </div>
    </div>
  );
}

/** The commit runs in one transaction; its progress is read every 500 ms while it does. */
function CommitProgress({ importId, total }: { importId: string; total: number }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ImportStatus | null>(null);
  const poll = useCallback(async () => {
    try {
      const res = await fetch(`/enterprises/import/status?importId=${encodeURIComponent(importId)}`, { headers: { accept: 'application/json' } });
      if (res.ok) setStatus((await res.json()) as ImportStatus);
    } catch {
      /* the next poll tries again */
    }
  }, [importId]);
  useEffect(() => {
    const timer = setInterval(() => void poll(), 500);
    return () => clearInterval(timer);
  }, [poll]);
  const of = status?.total || total;
  const done = Math.min(status?.processed ?? 0, of);
  const pct = of ? Math.round((done / of) * 100) : 0;
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4" data-testid="import-progress">
      <div className="mb-2 flex justify-between text-sm">
        <span className="text-slate-700">{t('enterprise.import.progress')}</span>
        <span className="text-slate-600 tabular-nums">
          {done.toLocaleString()} / {of.toLocaleString()} · {pct}%
        </span>
      </div>
      <div
        className="h-2 overflow-hidden rounded-full bg-slate-100"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={of}
        aria-valuenow={done}
        aria-label={t('enterprise.import.progress')}
      >
        <div className="h-full rounded-full bg-brand-600 transition-[width] duration-300" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
