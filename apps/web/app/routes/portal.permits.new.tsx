import { useId, useState } from 'react';
import { Form, Link, redirect, useActionData, useFetcher, useLoaderData, useNavigation } from 'react-router';
import { translator } from '@stationdesk/i18n';
import { useTranslation } from 'react-i18next';
import { storeFile } from '../components/agency-case/upload.ts';
import { ATTACHMENT_ACCEPT, FileButton } from '../components/file-picker.tsx';
import { fetcherFailure, FormErrors } from '../components/form.tsx';
import { IdempotencyKeyInput, useIdempotencyKey } from '../components/idempotency-key.tsx';
import { Page } from '../components/page.tsx';
import { buttonClass, Field, inputClass, Notice, Section } from '../components/ui.tsx';
import { failureOf, type ActionFailure, type ActionResult } from '../lib/action-result.ts';
import { actionFailure, formFailure, notFoundOr } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { fileSize } from '../lib/format.ts';
import { freshIdempotencyKey, idempotencyKeyOf } from '../lib/idempotency.ts';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/portal.permits.new';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'portalPermits.newTitle');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const draftId = new URL(request.url).searchParams.get('draft');
  const { data } = await loadForRoles(request, context, ['enterprise_admin'], async () =>
    draftId ? { draft: await context.trpc.agencyCase.getDraft({ id: draftId }).catch(notFoundOr), types: null } : { draft: null, types: (await context.trpc.agencyType.portalList()).types },
  );
  // A submitted draft is its case now.
  if (data.draft?.status === 'submitted' && data.draft.itemId) throw redirect(`/portal/permits/${data.draft.itemId}`);
  return { ...data, idempotencyKey: freshIdempotencyKey() };
}

type Done = { ok: true; intent: string; message: string };

/**
 * One page from the choice of a type to the submission: `create` opens the draft, `upload` and
 * `remove` keep its files per checklist point, `save` keeps the description to come back to,
 * `submit` hands it to the station (refused naming the required points still empty).
 */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Done | Response> {
  await requireRole(request, context, ['enterprise_admin']);
  const form = await request.formData();
  const lang = context.lang;
  const t = translator(lang);
  const intent = text(form, 'intent');
  const a = context.trpc.agencyCase;
  const id = text(form, 'draftId');
  try {
    switch (intent) {
      case 'create': {
        const draft = await a.createDraft({ typeId: text(form, 'typeId'), ...idempotencyKeyOf(form) });
        return redirect(`/portal/permits/new?draft=${draft.id}`);
      }
      case 'upload':
        await a.uploadDraftMaterial({ id, checklistKey: text(form, 'checklistKey'), fileId: text(form, 'fileId') });
        return { ok: true, intent, message: t('portalPermits.uploaded', { name: text(form, 'entryName') }) };
      case 'remove':
        await a.removeDraftMaterial({ materialId: text(form, 'materialId') });
        return { ok: true, intent, message: t('portalPermits.removed') };
      case 'save':
        await a.saveDraft({ id, description: text(form, 'description') });
        return redirectWithFlash(request, context, t('portalPermits.saved'), { to: `/portal/permits/new?draft=${id}` });
      case 'submit': {
        await a.saveDraft({ id, description: text(form, 'description') });
        const created = await a.submit({ id, ...idempotencyKeyOf(form) });
        return redirectWithFlash(request, context, t('portalPermits.submitted', { number: created.number }), { to: `/portal/permits/${created.id}` });
      }
      default:
        return formFailure({ lang, intent }, 'errors.invalidInput');
    }
  } catch (e) {
    return actionFailure(e, { lang, intent, fields: ['description'], posted: form });
  }
}

export default function PortalPermitNew() {
  const { draft, types } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page
      title={t('portalPermits.newTitle')}
      subtitle={draft ? undefined : t('portalPermits.newSubtitle')}
      actions={
        <Link to="/portal/permits" className="text-sm text-slate-500 hover:text-slate-800">
          ← {t('portalPermits.backToList')}
        </Link>
      }
    >
      {draft ? <DraftForm draft={draft} /> : <TypeChoice types={types ?? []} />}
    </Page>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type TypeRow = NonNullable<Loaded['types']>[number];
type Draft = NonNullable<Loaded['draft']>;

/** The catalogue: each type's department, days and checklist read before anything is started. */
function TypeChoice({ types }: { types: TypeRow[] }) {
  const { t, i18n } = useTranslation();
  const onceKey = useIdempotencyKey(useLoaderData<typeof loader>().idempotencyKey);
  const navigation = useNavigation();
  const failed = failureOf(useActionData<typeof action>());
  return (
    <div className="space-y-3" data-testid="permit-types">
      <FormErrors failure={failed} />
      {types.map((type) => {
        const name = localName(i18n.language, type.name, type.nameEn);
        return (
          <section key={type.id} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="permit-type" data-name={type.name}>
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div>
                <h2 className="font-medium text-slate-900">{name}</h2>
                <p className="mt-0.5 text-sm text-slate-600" data-testid="permit-type-facts">
                  {t('portalPermits.typeFacts', { department: type.department, statutory: type.statutoryDays, promised: type.promisedDays })}
                </p>
              </div>
              <Form method="post">
                <IdempotencyKeyInput value={onceKey} />
                <input type="hidden" name="intent" value="create" />
                <input type="hidden" name="typeId" value={type.id} />
                <button type="submit" className={buttonClass.primary} disabled={navigation.state !== 'idle'} aria-label={t('portalPermits.startLabel', { name })} data-testid="permit-start">
                  {t('portalPermits.start')}
                </button>
              </Form>
            </div>
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer text-brand-700">{t('portalPermits.checklist', { count: type.checklist.length })}</summary>
              <ul className="mt-2 list-disc space-y-0.5 pl-5 text-slate-700">
                {type.checklist.map((e) => (
                  <li key={e.key}>
                    {localName(i18n.language, e.name, e.nameEn)}
                    <span className={`ml-1 text-xs ${e.required ? 'text-red-700' : 'text-slate-500'}`}>{e.required ? t('agencyCase.checklist.required') : t('agencyCase.checklist.optional')}</span>
                    {e.notes ? <span className="ml-1 text-xs text-slate-500">{e.notes}</span> : null}
                  </li>
                ))}
              </ul>
            </details>
          </section>
        );
      })}
    </div>
  );
}

function DraftForm({ draft }: { draft: Draft }) {
  const { t, i18n } = useTranslation();
  const onceKey = useIdempotencyKey(useLoaderData<typeof loader>().idempotencyKey);
  const navigation = useNavigation();
  const result = useActionData<typeof action>();
  const failed = failureOf(result);
  const busy = navigation.state !== 'idle';
  const missing = draft.checklist.filter((e) => draft.missingRequired.includes(e.key)).map((e) => localName(i18n.language, e.name, e.nameEn));
  return (
    <div className="max-w-3xl space-y-4" data-testid="permit-draft-form" data-draft={draft.id}>
      <section className="rounded-lg border border-slate-200 bg-white p-4" data-testid="permit-draft-type">
        <h2 className="text-lg font-semibold text-slate-900">{localName(i18n.language, draft.typeName, draft.typeNameEn)}</h2>
        <p className="mt-1 text-sm text-slate-600">{t('portalPermits.typeFacts', { department: draft.department, statutory: draft.statutoryDays, promised: draft.promisedDays })}</p>
      </section>

      <Section title={t('portalPermits.materials')} testId="permit-checklist">
        <p className="border-b border-slate-100 px-4 py-2 text-xs text-slate-600">{t('portalPermits.materialsHint')}</p>
        <ul className="divide-y divide-slate-100">
          {draft.checklist.map((entry) => (
            <DraftEntry key={entry.key} draftId={draft.id} entry={entry} />
          ))}
        </ul>
      </Section>

      <Form method="post" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" noValidate data-testid="permit-submit-form">
        <IdempotencyKeyInput value={onceKey} />
        <input type="hidden" name="draftId" value={draft.id} />
        <Field label={t('portalPermits.description')} hint={t('portalPermits.descriptionHint')} error={failed?.fieldErrors.description}>
          {(p) => <textarea {...p} name="description" rows={4} maxLength={20000} defaultValue={draft.description} className={inputClass} />}
        </Field>
        {missing.length ? (
          <Notice tone="warning">
            <span data-testid="permit-missing">{t('portalPermits.stillMissing', { names: missing.join('、') })}</span>
          </Notice>
        ) : (
          <Notice tone="success">{t('portalPermits.complete')}</Notice>
        )}
        <FormErrors failure={failed} testId="permit-errors" />
        <div className="flex flex-wrap justify-end gap-2 border-t border-slate-100 pt-4">
          <button type="submit" name="intent" value="save" className={buttonClass.secondary} disabled={busy} data-testid="permit-save">
            {t('portalPermits.saveDraft')}
          </button>
          <button type="submit" name="intent" value="submit" className={buttonClass.primary} disabled={busy} data-testid="permit-submit">
            {t('portalPermits.submit')}
          </button>
        </div>
      </Form>
    </div>
  );
}

/** One checklist point: its files (each removable) and the button adding another. */
function DraftEntry({ draftId, entry }: { draftId: string; entry: Draft['checklist'][number] }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const fetcher = useFetcher<ActionResult>();
  const [storing, setStoring] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = localName(i18n.language, entry.name, entry.nameEn);
  const busy = storing || fetcher.state !== 'idle';
  const failed = fetcherFailure(fetcher);
  const shownError = error ?? failed?.error ?? null;
  const upload = async (chosen: File) => {
    setError(null);
    setStoring(true);
    const stored = await storeFile(chosen, t);
    setStoring(false);
    if (!stored.ok) return setError(stored.error);
    void fetcher.submit({ intent: 'upload', draftId, checklistKey: entry.key, entryName: name, fileId: stored.file.id }, { method: 'post' });
  };
  return (
    <li className="px-4 py-3" data-testid="permit-entry" data-key={entry.key} data-files={entry.files.length}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <span className="font-medium text-slate-900">{name}</span>
          <span className={`ml-2 text-xs ${entry.required ? 'font-medium text-red-700' : 'text-slate-500'}`}>{entry.required ? t('agencyCase.checklist.required') : t('agencyCase.checklist.optional')}</span>
          {entry.notes ? <p className="mt-0.5 text-xs text-slate-500">{entry.notes}</p> : null}
          {entry.templateFileId ? (
            <a href={`/api/files/${entry.templateFileId}`} className="mt-1 block text-xs font-medium text-brand-700 hover:underline">
              {t('agencyCase.checklist.template')}
            </a>
          ) : null}
        </div>
        <div className="flex flex-col items-end text-right">
          <FileButton
            id={id}
            accept={ATTACHMENT_ACCEPT}
            disabled={busy}
            label={entry.files.length ? t('portalPermits.addFile') : t('agencyCase.upload.choose')}
            ariaLabel={t('agencyCase.upload.inputLabel', { action: t('agencyCase.upload.choose'), name })}
            describedBy={`${id}-status`}
            clearAfterChoose
            onChoose={(chosen) => void upload(chosen)}
            testId="permit-file-input"
          />
          <div id={`${id}-status`} className="mt-1 max-w-56 text-xs" aria-live="polite">
            {busy ? <span className="text-slate-600">{t('agencyCase.upload.uploading')}</span> : null}
            {!busy && shownError ? (
              <span className="text-red-600" role="alert">
                {shownError}
              </span>
            ) : null}
          </div>
        </div>
      </div>
      {entry.files.length ? (
        <ul className="mt-2 space-y-1">
          {entry.files.map((f) => (
            <li key={f.id} className="flex items-center gap-2 rounded-md border border-slate-200 bg-slate-50/60 px-3 py-1.5 text-sm" data-testid="permit-file">
              <a href={`/api/files/${f.fileId}`} className="min-w-0 truncate text-brand-700 hover:underline">
                {f.name}
              </a>
              <span className="text-xs text-slate-400 tabular-nums">{fileSize(f.size)}</span>
              <fetcher.Form method="post" className="ml-auto">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="materialId" value={f.id} />
                <button type="submit" className={buttonClass.smallDanger} disabled={busy} aria-label={t('portalPermits.removeLabel', { name: f.name })}>
                  {t('portalPermits.remove')}
                </button>
              </fetcher.Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-xs text-slate-500">{t('agencyCase.checklist.noFiles')}</p>
      )}
    </li>
  );
}
