import { useMemo, useState } from 'react';
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from 'react-router';
import { useTranslation } from 'react-i18next';
import { patrolTiers } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { FormErrors } from '../components/form.tsx';
import { OfflineQueue, usePatrolQueue, usePatrolServiceWorker } from '../components/patrol/offline-queue.tsx';
import { PhotoPicker, queuedPhotos, type PickedPhoto } from '../components/patrol/photo-picker.tsx';
import { RoundStatusBadge, RoundProgressBar } from '../components/patrol-rounds/badges.tsx';
import { Field, FieldError, inputClass, selectClass } from '../components/ui.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure, formFailure, notFoundOr } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { checkKey, isMine, type QueuedCheckEntry, type QueuedCheckFinding, type QueuedPhoto } from '../lib/patrol-offline.ts';
import { queueCheck } from '../lib/patrol-offline-store.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/patrol.rounds.$id';

export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'patrolRounds.walk.title', loaderData?.round.planName);
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { timezone, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([context.trpc.patrolRound.get({ id: params.id }), context.trpc.patrolCategory.list()]).catch(notFoundOr),
  );
  const [round, categories] = data;
  return { round, categories: categories.filter((c) => c.active), timezone };
}

/** 开始巡查 and 完成巡查: the ticks themselves go through the phone's queue (patrolRound.check, ADR 017). */
export async function action({ request, params, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, staffRoles);
  const form = await request.formData();
  const intent = text(form, 'intent');
  const c = { lang: context.lang, intent };
  const t = translator(context.lang);
  try {
    if (intent === 'start') {
      await context.trpc.patrolRound.start({ id: params.id });
      return redirectWithFlash(request, context, t('patrolRounds.walk.started'), { to: `/patrol/rounds/${params.id}`, form: 'start' });
    }
    if (intent === 'finish') {
      const reason = text(form, 'reason');
      const done = await context.trpc.patrolRound.finish({ id: params.id, ...(reason ? { reason } : {}) });
      return redirectWithFlash(request, context, t('patrolRounds.walk.finished', { checked: done.checked, total: done.total, findings: done.findings }), { to: '/patrol', form: 'finish' });
    }
    return formFailure(c, 'errors.invalidInput');
  } catch (e) {
    return actionFailure(e, { ...c, fields: ['reason'], refusalFields: { 'errors.patrolRounds.pointsUnchecked': 'reason' }, posted: form });
  }
}

type Round = Awaited<ReturnType<typeof loader>>['round'];
type Category = Awaited<ReturnType<typeof loader>>['categories'][number];
type Mark = { result: 'ok' | 'finding'; pending: boolean; findingNumber: string | null; findingItemId: string | null };

type CheckFields = Pick<QueuedCheckEntry, 'buildingId' | 'floor' | 'pointId' | 'result' | 'finding' | 'photos' | 'summary'>;

/**
 * This round's ticks still on the phone (the one queue of ADR 017, only the signed-in person's),
 * and `add`: a tick goes into that queue first and is sent from there at once when there is
 * signal, or when it returns, under the client id it got here.
 */
function useCheckQueue(roundId: string) {
  const revalidator = useRevalidator();
  const queue = usePatrolQueue((sent) => {
    if (sent.some((x) => x.roundId === roundId)) void revalidator.revalidate();
  });
  const { entries, owner } = queue;
  const queued = useMemo(
    () => (entries ?? []).filter((e): e is QueuedCheckEntry => e.kind === 'check' && e.roundId === roundId && !e.refused && isMine(e, owner)),
    [entries, roundId, owner],
  );
  const add = (c: CheckFields) => {
    if (!owner) return;
    void queueCheck({ ...c, clientId: crypto.randomUUID(), owner, roundId }).then(() => queue.sync(false));
  };
  return { queue, queued, add };
}

export default function WalkRound() {
  const { round, categories, timezone } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  usePatrolServiceWorker();
  const { queue, queued, add } = useCheckQueue(round.id);
  const canCheck = round.allowed.includes('check');

  const marks = useMemo(() => {
    const m = new Map<string, Mark>();
    for (const c of round.checks) m.set(checkKey(c), { result: c.result, pending: false, findingNumber: c.findingNumber, findingItemId: c.findingItemId });
    for (const c of queued) if (!m.has(checkKey(c)) || c.result === 'finding') m.set(checkKey(c), { result: c.result, pending: true, findingNumber: null, findingItemId: null });
    return m;
  }, [round.checks, queued]);
  const floorDone = (i: number) => {
    const f = round.floorList[i]!;
    return round.points.filter((p) => marks.has(checkKey({ ...f, pointId: p.id }))).length;
  };
  const firstOpen = round.floorList.findIndex((_, i) => floorDone(i) < round.points.length);
  const [floorIndex, setFloorIndex] = useState(firstOpen >= 0 ? firstOpen : 0);
  const floor = round.floorList[floorIndex]!;
  const ticked = marks.size;
  const [findingFor, setFindingFor] = useState<string | null>(null);
  const buildingName = (f: Round['floorList'][number]) => localName(i18n.language, f.buildingName, f.buildingNameEn);
  const summary = (label: string, result: 'ok' | 'finding') =>
    [`${buildingName(floor)} ${floor.floor}`, label, t(result === 'ok' ? 'patrolRounds.walk.markedOk' : 'patrolRounds.walk.markedFinding')].join(' · ');

  return (
    <div className="mx-auto max-w-xl pb-24">
      <Link to="/patrol" className="mb-2 inline-block py-2 text-sm text-brand-700">
        ← {t('patrolRounds.walk.back')}
      </Link>
      <header className="mb-3">
        <div className="flex items-start justify-between gap-2">
          <h1 className="text-lg leading-snug font-semibold" data-testid="round-title">
            {round.planName}
          </h1>
          <RoundStatusBadge status={round.status} />
        </div>
        <p className="mt-0.5 text-sm text-slate-600">
          {localName(i18n.language, round.stationName, round.stationNameEn)} · {round.roundDate} · {round.assigneeName}
        </p>
        <div className="mt-2">
          <RoundProgressBar checked={ticked} total={round.total} />
          <p className="mt-1 text-sm text-slate-700 tabular-nums" data-testid="round-progress">
            {t('patrolRounds.walk.progress', { checked: ticked, total: round.total })}
            {round.findings ? ` · ${t('patrolRounds.walk.findingsCount', { count: round.findings })}` : ''}
          </p>
        </div>
      </header>

      <OfflineQueue queue={queue} />

      {round.status === 'planned' && round.allowed.includes('start') ? (
        <Form method="post" className="mb-3">
          <input type="hidden" name="intent" value="start" />
          <button type="submit" className="min-h-12 w-full rounded-lg bg-brand-600 px-4 text-base font-medium text-white shadow-sm active:bg-brand-700" data-testid="start-round">
            {t('patrolRounds.walk.start')}
          </button>
        </Form>
      ) : null}

      <nav aria-label={t('patrolRounds.walk.floors')} className="-mx-1 mb-3 flex gap-1.5 overflow-x-auto px-1 pb-1" data-testid="floor-strip">
        {round.floorList.map((f, i) => {
          const done = floorDone(i);
          const full = done === round.points.length;
          return (
            <button
              key={`${f.buildingId}:${f.floor}`}
              type="button"
              onClick={() => {
                setFindingFor(null);
                setFloorIndex(i);
              }}
              aria-current={i === floorIndex ? 'true' : undefined}
              className={`min-h-11 shrink-0 rounded-lg border px-3 text-sm tabular-nums ${
                i === floorIndex ? 'border-brand-600 bg-brand-600 text-white' : full ? 'border-green-300 bg-green-50 text-green-800' : 'border-slate-300 bg-white text-slate-700'
              }`}
            >
              {round.floorList.some((g) => g.buildingId !== f.buildingId) ? `${buildingName(f).slice(-4)} ` : ''}
              {f.floor}
              {full ? ' ✓' : ''}
            </button>
          );
        })}
      </nav>

      <section className="rounded-lg border border-slate-200 bg-white" aria-labelledby="floor-heading" data-testid="floor-panel">
        <div className="flex items-center justify-between border-b border-slate-100 px-4 py-3">
          <h2 id="floor-heading" className="text-base font-semibold" data-testid="floor-heading">
            {buildingName(floor)} · {floor.floor}
          </h2>
          <span className="text-sm text-slate-500 tabular-nums">
            {floorDone(floorIndex)}/{round.points.length}
          </span>
        </div>
        <ul className="divide-y divide-slate-100">
          {round.points.map((p) => {
            const key = checkKey({ ...floor, pointId: p.id });
            const mark = marks.get(key);
            return (
              <li key={p.id} className="px-4 py-3" data-testid="check-point">
                <div className="mb-2 flex items-start justify-between gap-2">
                  <span className="text-base text-slate-900">{p.label}</span>
                  {mark ? <MarkBadge mark={mark} /> : null}
                </div>
                {canCheck && mark?.result !== 'finding' ? (
                  <div className="grid grid-cols-2 gap-2">
                    <button
                      type="button"
                      disabled={mark?.result === 'ok'}
                      onClick={() => add({ buildingId: floor.buildingId, floor: floor.floor, pointId: p.id, result: 'ok', finding: null, photos: [], summary: summary(p.label, 'ok') })}
                      className="min-h-12 rounded-lg border border-green-300 bg-green-50 text-base font-medium text-green-800 active:bg-green-100 disabled:opacity-50"
                      data-testid="tick-ok"
                    >
                      {t('patrolRounds.walk.ok')}
                    </button>
                    <button
                      type="button"
                      onClick={() => setFindingFor(findingFor === key ? null : key)}
                      aria-expanded={findingFor === key}
                      className="min-h-12 rounded-lg border border-red-300 bg-white text-base font-medium text-red-700 active:bg-red-50"
                      data-testid="tick-finding"
                    >
                      {t('patrolRounds.walk.finding')}
                    </button>
                  </div>
                ) : null}
                {findingFor === key ? (
                  <FindingForm
                    point={p.label}
                    place={`${buildingName(floor)} ${floor.floor}`}
                    categories={categories}
                    onCancel={() => setFindingFor(null)}
                    onSave={(finding, photos) => {
                      add({ buildingId: floor.buildingId, floor: floor.floor, pointId: p.id, result: 'finding', finding, photos, summary: summary(p.label, 'finding') });
                      setFindingFor(null);
                    }}
                  />
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>

      <div className="mt-3 grid grid-cols-2 gap-2">
        <button type="button" disabled={floorIndex === 0} onClick={() => setFloorIndex(floorIndex - 1)} className="min-h-12 rounded-lg border border-slate-300 bg-white text-base text-slate-700 disabled:opacity-40" data-testid="previous-floor">
          {t('patrolRounds.walk.previousFloor')}
        </button>
        <button
          type="button"
          disabled={floorIndex === round.floorList.length - 1}
          onClick={() => setFloorIndex(floorIndex + 1)}
          className="min-h-12 rounded-lg border border-slate-300 bg-white text-base text-slate-700 disabled:opacity-40"
          data-testid="next-floor"
        >
          {t('patrolRounds.walk.nextFloor')}
        </button>
      </div>

      {round.allowed.includes('finish') ? <FinishForm missing={round.total - ticked} pending={queued.length} /> : null}
      {round.status === 'done' ? (
        <p className="mt-4 text-sm text-slate-600" data-testid="round-finished">
          {t('patrolRounds.walk.finishedAt', { at: round.finishedAt ? formatDateTime(round.finishedAt, timezone) : '', name: round.walkedByName ?? round.assigneeName })}
          {round.finishNote ? ` ${t('patrolRounds.walk.finishNote', { note: round.finishNote })}` : ''}
        </p>
      ) : null}
    </div>
  );
}

function MarkBadge({ mark }: { mark: Mark }) {
  const { t } = useTranslation();
  const pending = mark.pending ? ` · ${t('patrolRounds.walk.pending')}` : '';
  if (mark.result === 'ok') {
    return (
      <span className="shrink-0 rounded-full bg-green-50 px-2 py-0.5 text-xs font-medium text-green-700 ring-1 ring-green-600/20" data-testid="mark-ok">
        ✓ {t('patrolRounds.walk.markedOk')}
        {pending}
      </span>
    );
  }
  const label = `⚠ ${mark.findingNumber ?? t('patrolRounds.walk.markedFinding')}${pending}`;
  return mark.findingItemId ? (
    <Link to={`/items/${mark.findingItemId}`} className="shrink-0 rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700 ring-1 ring-red-600/20" data-testid="mark-finding">
      {label}
    </Link>
  ) : (
    <span className="shrink-0 rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700 ring-1 ring-red-600/20" data-testid="mark-finding">
      {label}
    </span>
  );
}

const tierClass = {
  red: 'peer-checked:border-red-600 peer-checked:bg-red-600 peer-checked:text-white border-red-300 text-red-700',
  yellow: 'peer-checked:border-amber-500 peer-checked:bg-amber-500 peer-checked:text-white border-amber-300 text-amber-800',
  blue: 'peer-checked:border-blue-600 peer-checked:bg-blue-600 peer-checked:text-white border-blue-300 text-blue-700',
} as const;

/**
 * 发现问题: photos (the camera, shrunk on the phone as on the new-finding page; kept on the phone
 * without signal), what, how urgent, where exactly — queued with the check and made a finding when
 * it is recorded.
 */
function FindingForm({
  point,
  place,
  categories,
  onSave,
  onCancel,
}: {
  point: string;
  place: string;
  categories: Category[];
  onSave: (f: QueuedCheckFinding, photos: QueuedPhoto[]) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [category, setCategory] = useState(categories[0]?.key ?? '');
  const [tier, setTier] = useState<QueuedCheckFinding['tier']>('yellow');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [busy, setBusy] = useState(false);
  const [description, setDescription] = useState(`${point}：`);
  const [location, setLocation] = useState('');
  const [error, setError] = useState<string | null>(null);
  const categoryName = (c: Category) => localName(i18n.language, c.name ?? t(`patrol.category.${c.key}`, { defaultValue: c.key }), c.nameEn);
  return (
    <div className="mt-3 space-y-3 rounded-lg border border-red-200 bg-red-50/40 p-3" data-testid="finding-form">
      <p className="text-sm text-slate-700">{t('patrolRounds.finding.at', { place })}</p>
      <PhotoPicker name="photoFileId" label={t('patrolRounds.finding.photos')} onBusyChange={setBusy} testId="finding-photos" keepOffline onPhotosChange={setPhotos} />
      <Field label={t('patrolRounds.finding.category')} required>
        {(p) => (
          <select {...p} value={category} onChange={(e) => setCategory(e.currentTarget.value)} className={`${selectClass} min-h-11 text-base`} data-testid="finding-category">
            {categories.map((c) => (
              <option key={c.key} value={c.key}>
                {categoryName(c)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset>
        <legend className="mb-1 block text-sm font-medium text-slate-700">{t('patrolRounds.finding.tier')}</legend>
        <div className="grid grid-cols-3 gap-2">
          {patrolTiers.map((x) => (
            <label key={x} className="cursor-pointer">
              <input type="radio" name="tier" value={x} checked={tier === x} onChange={() => setTier(x)} className="peer sr-only" />
              <span className={`flex min-h-11 items-center justify-center rounded-lg border bg-white text-sm font-medium peer-focus-visible:outline-2 peer-focus-visible:outline-brand-600 ${tierClass[x]}`} data-testid={`tier-${x}`}>
                {t(`patrolRounds.finding.tiers.${x}`)}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <Field label={t('patrolRounds.finding.description')} required>
        {(p) => <textarea {...p} value={description} onChange={(e) => setDescription(e.currentTarget.value)} rows={3} maxLength={5000} className={`${inputClass} text-base`} data-testid="finding-description" />}
      </Field>
      <Field label={t('patrolRounds.finding.location')}>
        {(p) => <input {...p} value={location} onChange={(e) => setLocation(e.currentTarget.value)} maxLength={200} placeholder={t('patrolRounds.finding.locationHint')} className={`${inputClass} text-base`} data-testid="finding-location" />}
      </Field>
      <FieldError error={error} />
      <div className="grid grid-cols-2 gap-2">
        <button type="button" onClick={onCancel} className="min-h-12 rounded-lg border border-slate-300 bg-white text-base text-slate-700">
          {t('patrolRounds.finding.cancel')}
        </button>
        <button
          type="button"
          onClick={() => {
            if ([...description.trim()].length < 2 || !category) return setError(t('errors.patrolRounds.findingRequired'));
            onSave({ category, tier, description: description.trim(), location: location.trim() }, queuedPhotos(photos));
          }}
          disabled={busy}
          className="min-h-12 rounded-lg bg-red-600 text-base font-medium text-white active:bg-red-700 disabled:opacity-50"
          data-testid="save-finding"
        >
          {t('patrolRounds.finding.save')}
        </button>
      </div>
    </div>
  );
}

/** 完成巡查: with points left, the reason is asked for (and kept with the round). */
function FinishForm({ missing, pending }: { missing: number; pending: number }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const failure = failureOf(useActionData<ActionFailure>(), 'finish');
  const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'finish';
  return (
    <Form method="post" className="mt-6 space-y-2 rounded-lg border border-slate-200 bg-white p-4" data-testid="finish-form">
      <input type="hidden" name="intent" value="finish" />
      {missing > 0 ? (
        <Field label={t('patrolRounds.walk.reason', { count: missing })} error={failure?.fieldErrors.reason} hint={t('patrolRounds.walk.reasonHint')}>
          {(p) => <textarea {...p} name="reason" rows={2} maxLength={500} className={`${inputClass} text-base`} data-testid="finish-reason" />}
        </Field>
      ) : null}
      <FormErrors failure={failure} />
      {pending ? <p className="text-sm text-amber-800">{t('patrolRounds.walk.waitForQueue')}</p> : null}
      <button type="submit" disabled={busy || pending > 0} className="min-h-12 w-full rounded-lg bg-brand-600 px-4 text-base font-medium text-white shadow-sm active:bg-brand-700 disabled:opacity-50" data-testid="finish-round">
        {t('patrolRounds.walk.finish')}
      </button>
    </Form>
  );
}
