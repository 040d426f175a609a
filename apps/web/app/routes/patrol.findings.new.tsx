import { useEffect, useRef, useState } from 'react';
import { Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { normalizeFloorLabel, patrolTiers } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { FormErrors } from '../components/form.tsx';
import { IdempotencyKeyInput, useIdempotencyKey } from '../components/idempotency-key.tsx';
import { OfflineQueue, usePatrolQueue, usePatrolServiceWorker } from '../components/patrol/offline-queue.tsx';
import { PhotoPicker, queuedPhotos, type PickedPhoto } from '../components/patrol/photo-picker.tsx';
import { buttonClass, FieldError, inputClass, selectClass } from '../components/ui.tsx';
import { fieldErrorsOf, failureOf, type ActionDone, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { freshIdempotencyKey, idempotencyKeyOf } from '../lib/idempotency.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { categoryName, tierClass, type EnterpriseSuggestion } from '../lib/patrol.ts';
import { queueFinding } from '../lib/patrol-offline-store.ts';
import type { Route } from './+types/patrol.findings.new';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'patrol.new.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const { data } = await loadForRoles(request, context, staffRoles, () => Promise.all([context.trpc.patrolFinding.places(), context.trpc.patrolCategory.list()]));
  const [places, categories] = data;
  const buildingId = url.searchParams.get('buildingId') ?? '';
  return {
    places,
    categories: categories.filter((c) => c.active),
    // A round's check links here with the place it was at.
    prefill: { buildingId: places.some((p) => p.id === buildingId) ? buildingId : places.length === 1 ? places[0]!.id : '', floor: normalizeFloorLabel(url.searchParams.get('floor') ?? '') ?? '' },
    idempotencyKey: freshIdempotencyKey(),
  };
}

const fields = ['buildingId', 'floor', 'location', 'enterpriseId', 'category', 'tier', 'description', 'photoFileIds'];

export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, staffRoles);
  const form = await request.formData();
  const get = (k: string) => String(form.get(k) ?? '').trim();
  const c = { lang: context.lang, intent: 'create', fields, posted: form, refusalFields: { 'errors.patrol.floorNotInBuilding': 'floor', 'errors.patrol.buildingNotYours': 'buildingId', 'errors.patrol.categoryNotFound': 'category', 'errors.patrol.enterpriseNotInBuilding': 'enterpriseId' } };
  try {
    const made = await context.trpc.patrolFinding.create({
      buildingId: get('buildingId'),
      floor: get('floor'),
      location: get('location'),
      enterpriseId: get('enterpriseId') || null,
      category: get('category'),
      tier: get('tier') as (typeof patrolTiers)[number],
      description: get('description'),
      photoFileIds: form.getAll('photoFileId').map(String).filter(Boolean),
      ...idempotencyKeyOf(form),
    });
    return redirectWithFlash(request, context, translator(context.lang)('patrol.new.saved', { number: made.number }), { to: `/patrol/findings/${made.id}` });
  } catch (e) {
    return actionFailure(e, c);
  }
}

/**
 * The action's request got no answer at all (the signal dropped after the page thought it was
 * online): answered here instead, and the page keeps the finding on the phone (ADR 017).
 */
export async function clientAction({ serverAction }: Route.ClientActionArgs): Promise<ActionFailure | ActionDone> {
  try {
    return await serverAction();
  } catch (e) {
    if (e instanceof TypeError) return { ok: true, intent: 'offline', message: '' };
    throw e;
  }
}

/** A choice as a large tap target (a radio styled as a chip): one hand, a thumb. */
const chip =
  'flex min-h-12 cursor-pointer items-center justify-center rounded-lg border border-slate-300 bg-white px-2 text-center text-sm font-medium text-slate-800 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-600 has-[:checked]:text-white has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-300';

/**
 * 新建巡查发现, made for a phone held in one hand (390 px): photos first (the camera), the building
 * and floor as large buttons, the enterprise suggested from them, category and tier, what is
 * wrong, one big save button at the bottom.
 */
export default function NewFinding() {
  const { places, categories, prefill, idempotencyKey: fresh } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof clientAction>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const navigation = useNavigation();
  const formKey = useIdempotencyKey(fresh);
  // After a finding is kept on the phone, the next one needs a key of its own (no loader runs offline).
  const [nextKey, setNextKey] = useState<string | null>(null);
  const key = nextKey ?? formKey;
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [generation, setGeneration] = useState(0);
  const [offlineNote, setOfflineNote] = useState<'queued' | 'incomplete' | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  usePatrolServiceWorker();
  const queue = usePatrolQueue();
  const errors = fieldErrorsOf(answer);
  const [buildingId, setBuildingId] = useState(prefill.buildingId);
  const [floor, setFloor] = useState(prefill.floor);
  const [busy, setBusy] = useState(false);
  const [suggestions, setSuggestions] = useState<EnterpriseSuggestion[]>([]);
  const place = places.find((p) => p.id === buildingId);
  const saving = navigation.state === 'submitting';

  useEffect(() => {
    if (!buildingId) return;
    const controller = new AbortController();
    const sp = new URLSearchParams({ buildingId, ...(floor ? { floor } : {}) });
    fetch(`/patrol/findings/suggest?${sp}`, { signal: controller.signal })
      .then((r) => r.json() as Promise<{ suggestions?: EnterpriseSuggestion[] }>)
      .then((b) => setSuggestions(b.suggestions ?? []))
      .catch(() => {});
    return () => controller.abort();
  }, [buildingId, floor]);
  const shown = buildingId ? suggestions : [];

  /**
   * No signal, or a photo that could only be kept on the phone: the finding is saved in the phone's
   * queue (IndexedDB) under this form's key and sent from there (ADR 017); the form starts afresh.
   */
  const keepOnPhone = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const get = (k: string) => String(data.get(k) ?? '').trim();
    const tier = get('tier');
    if (!queue.owner || !get('buildingId') || !get('floor') || !get('category') || !(tier === 'red' || tier === 'yellow' || tier === 'blue') || get('description').length < 2) {
      setOfflineNote('incomplete');
      return;
    }
    const summary = [place ? localName(lang, place.name, place.nameEn) : '', get('floor'), categoryName(t, lang, categories, get('category')), t(`patrol.tier.${tier}`)].filter(Boolean).join(' · ');
    await queueFinding({
      clientId: key,
      owner: queue.owner,
      fields: { buildingId: get('buildingId'), floor: get('floor'), location: get('location'), enterpriseId: get('enterpriseId') || null, category: get('category'), tier, description: get('description') },
      photos: queuedPhotos(photos),
      summary,
    });
    setNextKey(crypto.randomUUID());
    setBuildingId(prefill.buildingId);
    setFloor(prefill.floor);
    setPhotos([]);
    setGeneration((g) => g + 1);
    setOfflineNote('queued');
    window.scrollTo(0, 0);
  };
  const keepOnPhoneRef = useRef(keepOnPhone);
  useEffect(() => {
    keepOnPhoneRef.current = keepOnPhone;
  });
  useEffect(() => {
    if (answer?.ok && answer.intent === 'offline' && formRef.current) void keepOnPhoneRef.current(formRef.current);
  }, [answer]);

  return (
    <div className="mx-auto max-w-md pb-28">
      <nav className="mb-2 text-sm">
        <Link to="/patrol/findings" className="inline-flex min-h-10 items-center text-slate-500 hover:text-slate-800">
          ← {t('patrol.list.title')}
        </Link>
      </nav>
      <h1 className="mb-3 text-xl font-semibold">{t('patrol.new.title')}</h1>
      <OfflineQueue queue={queue} />
      {offlineNote ? (
        <p role="status" className={`mb-3 rounded-md px-3 py-2 text-sm ${offlineNote === 'queued' ? 'bg-green-50 text-green-800' : 'bg-red-50 text-red-800'}`} data-testid="offline-note">
          {t(`patrolOffline.${offlineNote}`)}
        </p>
      ) : null}
      <Form
        key={generation}
        ref={formRef}
        method="post"
        className="space-y-5"
        noValidate
        aria-label={t('patrol.new.title')}
        data-testid="finding-form"
        onSubmit={(e) => {
          setOfflineNote(null);
          if (navigator.onLine && photos.every((p) => p.id)) return;
          e.preventDefault();
          void keepOnPhone(e.currentTarget);
        }}
      >
        <IdempotencyKeyInput value={key} />
        <PhotoPicker
          name="photoFileId"
          label={t('patrol.new.photos')}
          hint={t('patrol.new.photosHint')}
          onBusyChange={setBusy}
          testId="before-photos"
          error={errors.photoFileIds}
          keepOffline
          onPhotosChange={setPhotos}
        />

        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-700">{t('patrol.fields.building')}</legend>
          <select
            name="buildingId"
            value={buildingId}
            onChange={(e) => {
              setBuildingId(e.currentTarget.value);
              setFloor('');
            }}
            className={`${selectClass} min-h-12 text-base`}
            aria-label={t('patrol.fields.building')}
            aria-invalid={Boolean(errors.buildingId)}
            data-testid="building"
          >
            <option value="">{t('patrol.new.chooseBuilding')}</option>
            {places.map((p) => (
              <option key={p.id} value={p.id}>
                {localName(lang, p.name, p.nameEn)} · {p.stationName}
              </option>
            ))}
          </select>
          <FieldError error={errors.buildingId} />
        </fieldset>

        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-700">{t('patrol.fields.floor')}</legend>
          {place?.floors ? (
            <div className="grid grid-cols-5 gap-1.5" data-testid="floors">
              {place.floors.map((f) => (
                <label key={f} className={chip}>
                  <input type="radio" name="floor" value={f} checked={floor === f} onChange={() => setFloor(f)} className="sr-only" />
                  {f}
                </label>
              ))}
            </div>
          ) : (
            <input
              name="floor"
              value={floor}
              onChange={(e) => setFloor(e.currentTarget.value)}
              className={`${inputClass} min-h-12 text-base`}
              placeholder={t('patrol.new.floorPlaceholder')}
              aria-label={t('patrol.fields.floor')}
              aria-invalid={Boolean(errors.floor)}
              data-testid="floor-input"
            />
          )}
          <FieldError error={errors.floor} />
        </fieldset>

        <div>
          <label htmlFor="finding-location" className="mb-1 block text-sm font-medium text-slate-700">
            {t('patrol.fields.location')}
          </label>
          <input id="finding-location" name="location" className={`${inputClass} min-h-12 text-base`} placeholder={t('patrol.new.locationPlaceholder')} maxLength={200} data-testid="location" />
          <FieldError error={errors.location} />
        </div>

        {shown.length ? (
          <fieldset>
            <legend className="mb-1 text-sm font-medium text-slate-700">{t('patrol.fields.enterprise')}</legend>
            <div className="space-y-1.5" data-testid="enterprise-suggestions">
              <label className={`${chip} justify-start`}>
                <input type="radio" name="enterpriseId" value="" defaultChecked className="sr-only" />
                {t('patrol.new.noEnterprise')}
              </label>
              {shown.slice(0, 8).map((e) => (
                <label key={e.id} className={`${chip} justify-start text-left`}>
                  <input type="radio" name="enterpriseId" value={e.id} className="sr-only" />
                  <span className="min-w-0 truncate">{e.name}</span>
                  {e.floor || e.room ? <span className="ml-auto shrink-0 pl-2 text-xs opacity-80">{[e.floor, e.room].filter(Boolean).join(' ')}</span> : null}
                </label>
              ))}
            </div>
            <FieldError error={errors.enterpriseId} />
          </fieldset>
        ) : null}

        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-700">{t('patrol.fields.category')}</legend>
          <div className="grid grid-cols-2 gap-1.5" data-testid="categories">
            {categories.map((c) => (
              <label key={c.key} className={chip}>
                <input type="radio" name="category" value={c.key} className="sr-only" data-testid={`category-${c.key}`} />
                {categoryName(t, lang, categories, c.key)}
              </label>
            ))}
          </div>
          <FieldError error={errors.category} />
        </fieldset>

        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-700">{t('patrol.fields.tier')}</legend>
          <div className="grid grid-cols-3 gap-1.5">
            {patrolTiers.map((tier) => (
              <label
                key={tier}
                className={`flex min-h-14 cursor-pointer flex-col items-center justify-center rounded-lg border-2 border-transparent text-sm font-semibold ring-1 ring-inset has-[:checked]:border-slate-900 has-[:checked]:ring-2 has-[:focus-visible]:outline-2 ${tierClass[tier]}`}
              >
                <input type="radio" name="tier" value={tier} className="sr-only" data-testid={`tier-${tier}`} />
                {t(`patrol.tier.${tier}`)}
                <span className="text-xs font-normal">{t(`patrol.tierLimit.${tier}`)}</span>
              </label>
            ))}
          </div>
          <FieldError error={errors.tier} />
        </fieldset>

        <div>
          <label htmlFor="finding-description" className="mb-1 block text-sm font-medium text-slate-700">
            {t('patrol.fields.description')}
          </label>
          <textarea
            id="finding-description"
            name="description"
            rows={4}
            className={`${inputClass} text-base`}
            placeholder={t('patrol.new.descriptionPlaceholder')}
            aria-invalid={Boolean(errors.description)}
            data-testid="description"
          />
          <FieldError error={errors.description} />
        </div>

        <FormErrors failure={failureOf(answer)} testId="finding-error" />

        <div className="fixed inset-x-0 bottom-0 z-10 border-t border-slate-200 bg-white/95 p-3 backdrop-blur">
          <div className="mx-auto max-w-md">
            <button type="submit" className={`${buttonClass.primary} min-h-12 w-full text-base`} disabled={busy || saving} data-testid="save-finding">
              {busy ? t('patrol.photos.uploading') : saving ? t('enterprise.common.saving') : t('patrol.new.save')}
            </button>
          </div>
        </div>
      </Form>
    </div>
  );
}
