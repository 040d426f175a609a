import { useState } from 'react';
import { Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { labourDisputeTypes } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { FormErrors } from '../components/form.tsx';
import { PhotoPicker } from '../components/patrol/photo-picker.tsx';
import { SourceBadge, TierBadge } from '../components/patrol/badges.tsx';
import { buttonClass, DefinitionList, FieldError, inputClass, Section, selectClass } from '../components/ui.tsx';
import { ActionBar } from '../components/work-items/action-bar.tsx';
import { ItemStatusBadge, SlaBadge, useNow } from '../components/work-items/badges.tsx';
import { Composer, MessageList } from '../components/work-items/conversation.tsx';
import { History } from '../components/work-items/history.tsx';
import { DueTimes } from '../components/work-items/item-facts.tsx';
import { failureOf, fieldErrorsOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure, notFoundOr } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { freshIdempotencyKey } from '../lib/idempotency.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { categoryName, photoUrl, type PatrolFinding } from '../lib/patrol.ts';
import { minuteNow, type DeskRole } from '../lib/work-items.ts';
import { runItemAction, staffView } from '../lib/work-items.server.ts';
import type { Route } from './+types/patrol.findings.$id';

export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'patrol.list.title', loaderData?.finding.number);
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const id = params.id;
  const { me, role, timezone, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([
      context.trpc.patrolFinding.get({ id }).catch(notFoundOr),
      context.trpc.workItem.get({ id }).catch(notFoundOr),
      context.trpc.workItem.assignees({ id }).catch(() => []),
      context.trpc.station.list().catch(() => []),
      context.trpc.patrolCategory.list(),
      context.trpc.workItem.cannedReply.list().catch(() => []),
    ]),
  );
  const [finding, answer, assignees, stations, categories, cannedReplies] = data;
  return { role: role as DeskRole, userId: me.user.id, timezone, now: minuteNow(), finding, item: staffView(answer), assignees, stations, categories, cannedReplies, replyKey: freshIdempotencyKey() };
}

const verifyFields = ['result', 'note', 'photoFileIds'];
const convertFields = ['disputeType', 'applicantName', 'applicantPhone', 'peopleInvolved', 'amountYuan', 'note'];

/** 复查 and 转为调解 here; every other step of the item as the item page takes it. */
export async function action({ request, context, params }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, staffRoles);
  const id = params.id;
  const form = await request.formData();
  const get = (k: string) => String(form.get(k) ?? '').trim();
  const intent = get('intent');
  const t = translator(context.lang);
  if (intent === 'verify') {
    const c = { lang: context.lang, intent, fields: verifyFields, posted: form, refusalFields: { 'errors.patrol.afterPhotoRequired': 'photoFileIds', 'errors.patrol.failureNoteRequired': 'note' } };
    try {
      const result = get('result') as 'passed' | 'failed';
      await context.trpc.patrolFinding.verify({ id, result, note: get('note') || null, photoFileIds: form.getAll('photoFileId').map(String).filter(Boolean), version: Number(get('version')) });
      return redirectWithFlash(request, context, t(`patrol.verify.done.${result === 'passed' ? 'passed' : 'failed'}`), { form: intent });
    } catch (e) {
      return actionFailure(e, c);
    }
  }
  if (intent === 'convertToDispute') {
    const c = { lang: context.lang, intent, fields: convertFields, posted: form };
    try {
      const amount = get('amountYuan');
      const dispute = await context.trpc.patrolFinding.convertToDispute({
        id,
        disputeType: get('disputeType') as (typeof labourDisputeTypes)[number],
        applicantName: get('applicantName'),
        applicantPhone: get('applicantPhone') || null,
        peopleInvolved: Number(get('peopleInvolved')),
        amountYuan: amount === '' ? null : Number(amount),
        note: get('note') || null,
      });
      return redirectWithFlash(request, context, t('patrol.convert.done', { number: dispute.number }), { form: intent, link: { href: `/disputes/${dispute.itemId}`, label: dispute.number } });
    } catch (e) {
      return actionFailure(e, c);
    }
  }
  const r = await runItemAction(context.trpc, context.lang, id, form);
  return r.ok ? redirectWithFlash(request, context, r.message, { form: r.intent, ...(r.link ? { link: r.link } : {}) }) : r;
}

/**
 * 巡查发现: where and what, the photos as found and as fixed, the item's steps (the work-item
 * page's action bar), the 复查 form once it is resolved, and — for a labour finding — the way to a
 * dispute case.
 */
export default function FindingPage() {
  const { role, userId, timezone, now: serverNow, finding, item, assignees, stations, categories, cannedReplies, replyKey } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const now = useNow(serverNow);
  const names = Object.fromEntries(assignees.map((a) => [a.userId, a.name]));
  const stationNames = Object.fromEntries(stations.map((s) => [s.id, localName(lang, s.name, s.nameEn)]));
  const before = finding.photos.filter((p) => p.phase === 'before');
  const after = finding.photos.filter((p) => p.phase === 'after');
  const place = [finding.buildingName, finding.floor, finding.location].filter(Boolean).join(' · ');

  return (
    <div className="mx-auto max-w-6xl">
      <nav className="mb-2 text-sm">
        <Link to="/patrol/findings" className="inline-flex min-h-10 items-center text-slate-500 hover:text-slate-800">
          ← {t('patrol.list.title')}
        </Link>
      </nav>
      <header className="mb-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5" data-testid="finding-header">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-mono text-sm font-medium text-slate-600 tabular-nums" data-testid="finding-number">
            {finding.number}
          </span>
          <TierBadge tier={finding.tier} />
          <ItemStatusBadge status={finding.status} />
          <SlaBadge item={finding} now={now} />
          <SourceBadge source={finding.source} sourceName={finding.sourceName} />
        </div>
        <h1 className="mt-2 text-xl font-semibold break-words text-slate-900">{finding.title}</h1>
        <p className="mt-1 text-sm text-slate-600" data-testid="finding-place">
          {place}
        </p>
        {finding.dispute ? (
          <Link to={`/disputes/${finding.dispute.itemId}`} className="mt-2 inline-block text-sm font-medium text-brand-700 hover:underline" data-testid="finding-dispute">
            {t('patrol.detail.becameDispute', { number: finding.dispute.number })} →
          </Link>
        ) : null}
        {finding.clearedAt ? <p className="mt-2 text-sm text-emerald-700">{t('patrol.detail.cleared', { time: formatDateTime(finding.clearedAt, timezone) })}</p> : null}
      </header>

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-4">
          <ActionBar item={item} role={role} userId={userId} assignees={assignees} stations={stations} timezone={timezone} />
          {finding.canVerify ? <VerifyForm finding={finding} /> : null}
          <Section title={t('patrol.detail.photos')} count={finding.photos.length} testId="finding-photos">
            <div className="space-y-3 px-4 py-3">
              <PhotoRow title={t('patrol.detail.before')} photos={before} testId="photos-before" />
              <PhotoRow title={t('patrol.detail.after')} photos={after} testId="photos-after" />
            </div>
          </Section>
          <Section title={t('patrol.fields.description')}>
            <p className="px-4 py-3 text-sm break-words whitespace-pre-wrap text-slate-800">{finding.description}</p>
          </Section>
          {finding.canConvertToDispute ? <ConvertForm /> : null}
          <Section title={t('workItems.conversation.title')} count={item.messages.length}>
            <MessageList messages={item.messages} timezone={timezone} mode="staff" />
            {item.status !== 'closed' ? (
              <div className="border-t border-slate-100 p-3">
                <Composer mode="staff" cannedReplies={cannedReplies} idempotencyKey={replyKey} />
              </div>
            ) : null}
          </Section>
        </div>
        <aside className="min-w-0 space-y-4">
          <Section title={t('patrol.detail.facts')}>
            <DefinitionList
              items={[
                { label: t('patrol.fields.category'), value: categoryName(t, lang, categories, finding.category) },
                { label: t('patrol.fields.station'), value: stationNames[finding.stationId] ?? finding.stationName },
                {
                  label: t('patrol.fields.enterprise'),
                  value: finding.enterpriseId ? (
                    <Link to={`/enterprises/${finding.enterpriseId}`} className="text-brand-700 hover:underline" data-testid="finding-enterprise">
                      {finding.enterpriseName}
                    </Link>
                  ) : (
                    t('patrol.detail.noEnterprise')
                  ),
                },
                { label: t('workItems.item.assignee'), value: finding.assigneeName ?? t('workItems.queue.unassigned') },
                { label: t('patrol.detail.reportedBy'), value: finding.createdByName ?? t(`patrol.source.${finding.source}`) },
                { label: t('workItems.item.createdAt'), value: formatDateTime(finding.createdAt, timezone) },
                ...(finding.verification
                  ? [
                      {
                        label: t('patrol.detail.lastVerification'),
                        wide: true,
                        value: (
                          <span data-testid="last-verification" data-result={finding.verification.result}>
                            {t(`patrol.verify.result.${finding.verification.result}`)} · {finding.verification.byName} · {formatDateTime(finding.verification.at, timezone)}
                            {finding.verification.note ? <span className="mt-1 block text-slate-600">{finding.verification.note}</span> : null}
                          </span>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Section>
          <Section title={t('workItems.item.timeLimits')}>
            <DueTimes item={item} timezone={timezone} now={now} />
          </Section>
          <Section title={t('workItems.history.title')} count={item.history.length}>
            <History events={item.history} timezone={timezone} names={names} stations={stationNames} />
          </Section>
        </aside>
      </div>
    </div>
  );
}

function PhotoRow({ title, photos, testId }: { title: string; photos: PatrolFinding['photos']; testId: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid={testId}>
      <h3 className="mb-1 text-xs font-medium text-slate-500">{title}</h3>
      {photos.length ? (
        <ul className="grid grid-cols-3 gap-2 sm:grid-cols-4">
          {photos.map((p, i) => (
            <li key={p.fileId}>
              <a href={photoUrl(p.fileId)} target="_blank" rel="noreferrer" className="block aspect-square overflow-hidden rounded-md bg-slate-100">
                <img src={photoUrl(p.fileId)} alt={t('patrol.photos.alt', { n: i + 1 })} loading="lazy" className="size-full object-cover" data-testid="finding-photo" />
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-400">{t('patrol.detail.noPhotos')}</p>
      )}
    </div>
  );
}

/** 复查: on site, an "after" photo and passed — or failed, saying what is still wrong. */
function VerifyForm({ finding }: { finding: PatrolFinding }) {
  const { t } = useTranslation();
  const answer = useActionData<typeof action>();
  const failure = failureOf(answer, 'verify');
  const errors = fieldErrorsOf(answer, 'verify');
  const navigation = useNavigation();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<'passed' | 'failed'>('passed');
  return (
    <Section title={t('patrol.verify.title')} testId="verify-section">
      <Form method="post" className="space-y-3 px-4 py-3" noValidate aria-label={t('patrol.verify.title')} data-testid="verify-form">
        <input type="hidden" name="intent" value="verify" />
        <input type="hidden" name="version" value={finding.version} />
        <p className="text-sm text-slate-600">{t('patrol.verify.hint')}</p>
        <PhotoPicker name="photoFileId" label={t('patrol.verify.photos')} onBusyChange={setBusy} testId="after-photos" error={errors.photoFileIds} />
        <fieldset className="grid grid-cols-2 gap-2">
          <legend className="sr-only">{t('patrol.verify.resultLabel')}</legend>
          {(['passed', 'failed'] as const).map((r) => (
            <label
              key={r}
              className={`flex min-h-12 cursor-pointer items-center justify-center rounded-lg border text-sm font-medium has-[:checked]:text-white ${r === 'passed' ? 'border-emerald-300 text-emerald-800 has-[:checked]:bg-emerald-600' : 'border-red-300 text-red-800 has-[:checked]:bg-red-600'}`}
            >
              <input type="radio" name="result" value={r} checked={result === r} onChange={() => setResult(r)} className="sr-only" data-testid={`verify-${r}`} />
              {t(`patrol.verify.result.${r}`)}
            </label>
          ))}
        </fieldset>
        <div>
          <label htmlFor="verify-note" className="mb-1 block text-sm font-medium text-slate-700">
            {t(result === 'failed' ? 'patrol.verify.noteFailed' : 'patrol.verify.note')}
          </label>
          <textarea id="verify-note" name="note" rows={2} className={`${inputClass} text-base`} aria-invalid={Boolean(errors.note)} data-testid="verify-note" />
          <FieldError error={errors.note} />
        </div>
        <FormErrors failure={failure} />
        <button type="submit" className={`${buttonClass.primary} min-h-12 w-full`} disabled={busy || navigation.state === 'submitting'} data-testid="verify-submit">
          {busy ? t('patrol.photos.uploading') : t('patrol.verify.submit')}
        </button>
      </Form>
    </Section>
  );
}

/** 劳资风险 → 矛盾调解: the workers' side and how many; the enterprise is the respondent. */
function ConvertForm() {
  const { t } = useTranslation();
  const answer = useActionData<typeof action>();
  const errors = fieldErrorsOf(answer, 'convertToDispute');
  const failure = failureOf(answer, 'convertToDispute');
  const [open, setOpen] = useState(Boolean(failure));
  return (
    <Section
      title={t('patrol.convert.title')}
      testId="convert-section"
      actions={
        <button type="button" className={buttonClass.smallSecondary} aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="convert-open">
          {t('patrol.convert.open')}
        </button>
      }
    >
      {open ? (
        <Form method="post" className="grid grid-cols-1 gap-3 px-4 py-3 sm:grid-cols-2" noValidate data-testid="convert-form">
          <input type="hidden" name="intent" value="convertToDispute" />
          <div>
            <label htmlFor="convert-type" className="mb-1 block text-sm font-medium text-slate-700">
              {t('patrol.convert.disputeType')}
            </label>
            <select id="convert-type" name="disputeType" className={selectClass} defaultValue="wage_arrears">
              {labourDisputeTypes.map((d) => (
                <option key={d} value={d}>
                  {t(`vocab.dispute.type.${d}`)}
                </option>
              ))}
            </select>
          </div>
          <ConvertField name="applicantName" label={t('patrol.convert.applicantName')} error={errors.applicantName} />
          <ConvertField name="applicantPhone" label={t('patrol.convert.applicantPhone')} error={errors.applicantPhone} type="tel" />
          <ConvertField name="peopleInvolved" label={t('patrol.convert.peopleInvolved')} error={errors.peopleInvolved} type="number" />
          <ConvertField name="amountYuan" label={t('patrol.convert.amountYuan')} error={errors.amountYuan} type="number" />
          <div className="sm:col-span-2">
            <label htmlFor="convert-note" className="mb-1 block text-sm font-medium text-slate-700">
              {t('patrol.convert.note')}
            </label>
            <textarea id="convert-note" name="note" rows={2} className={inputClass} />
          </div>
          <div className="sm:col-span-2">
            <FormErrors failure={failure} />
            <button type="submit" className={`${buttonClass.primary} mt-2 min-h-11`} data-testid="convert-submit">
              {t('patrol.convert.submit')}
            </button>
          </div>
        </Form>
      ) : (
        <p className="px-4 py-3 text-sm text-slate-600">{t('patrol.convert.hint')}</p>
      )}
    </Section>
  );
}

function ConvertField({ name, label, error, type = 'text' }: { name: string; label: string; error: string | undefined; type?: string }) {
  return (
    <div>
      <label htmlFor={`convert-${name}`} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input id={`convert-${name}`} name={name} type={type} className={inputClass} aria-invalid={Boolean(error)} {...(type === 'number' ? { inputMode: 'numeric', min: 0 } : {})} data-testid={`convert-${name}`} />
      <FieldError error={error} />
    </div>
  );
}
