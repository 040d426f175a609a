import { useState } from 'react';
import { Form, Link, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@stationdesk/api';
import { defaultPatrolChecklist, patrolAssignmentModes, patrolFrequencies } from '@stationdesk/core';
import { FormErrors } from '../form.tsx';
import { IdempotencyKeyInput } from '../idempotency-key.tsx';
import { buttonClass, Field, FieldError, inputClass, selectClass } from '../ui.tsx';
import type { ActionFailure } from '../../lib/action-result.ts';
import { localName } from '../../lib/names.ts';

type Plan = RouterOutputs['patrolPlan']['list'][number];
type Options = RouterOutputs['patrolPlan']['options'];

/** Monday first, as the week is read here. */
const weekdayOrder = [1, 2, 3, 4, 5, 6, 0] as const;

interface Point {
  key: string;
  id: string;
  label: string;
}

let nextKey = 0;
const point = (label: string, id = ''): Point => ({ key: `p${nextKey++}`, id, label });

/**
 * A plan's form (managers): station (new plans), name, schedule, who walks it, which floors of
 * the station's buildings, the checklist. Posts to its page's action (lib/patrol-rounds.server.ts
 * reads it).
 */
export function PlanForm({ plan, options, failure, today, idempotencyKey }: { plan?: Plan; options: Options; failure: ActionFailure | null; today: string; idempotencyKey?: string }) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const errors = failure?.fieldErrors ?? {};
  const [stationId, setStationId] = useState(plan?.stationId ?? options[0]?.id ?? '');
  const [frequency, setFrequency] = useState<Plan['frequency']>(plan?.frequency ?? 'working_days');
  const [assignment, setAssignment] = useState<Plan['assignment']>(plan?.assignment ?? 'round_robin');
  const [floors, setFloors] = useState<Set<string>>(() => new Set(plan?.buildings.flatMap((b) => b.floors.map((f) => `${b.buildingId}|${f}`)) ?? []));
  const [points, setPoints] = useState<Point[]>(() => (plan ? plan.checklist.map((c) => point(c.label, c.id)) : defaultPatrolChecklist.map((l) => point(l))));
  const station = options.find((s) => s.id === stationId);
  const chosenStaff = new Set(plan?.staff.map((s) => s.userId) ?? []);
  const staff = station ? [...station.staff].sort((a, b) => Number(chosenStaff.has(b.userId)) - Number(chosenStaff.has(a.userId))) : [];

  const toggle = (key: string, on: boolean) => setFloors((prev) => new Set(on ? [...prev, key] : [...prev].filter((k) => k !== key)));
  const setBuilding = (buildingId: string, labels: string[], on: boolean) =>
    setFloors((prev) => {
      const next = new Set([...prev].filter((k) => !k.startsWith(`${buildingId}|`)));
      if (on) for (const l of labels) next.add(`${buildingId}|${l}`);
      return next;
    });

  return (
    <Form method="post" className="max-w-3xl space-y-5" data-testid="plan-form">
      {idempotencyKey ? <IdempotencyKeyInput value={idempotencyKey} /> : null}
      <FormErrors failure={failure} testId="plan-form-error" />
      <div className="grid gap-4 sm:grid-cols-2">
        {plan ? (
          <div>
            <span className="mb-1 block text-sm font-medium text-slate-700">{t('patrolRounds.plans.station')}</span>
            <p className="py-2 text-sm">{localName(i18n.language, plan.stationName, plan.stationNameEn)}</p>
          </div>
        ) : (
          <Field label={t('patrolRounds.plans.station')} required error={errors.stationId}>
            {(p) => (
              <select
                {...p}
                name="stationId"
                value={stationId}
                onChange={(e) => {
                  setStationId(e.currentTarget.value);
                  setFloors(new Set());
                }}
                className={selectClass}
                data-testid="plan-station"
              >
                {options.map((s) => (
                  <option key={s.id} value={s.id}>
                    {localName(i18n.language, s.name, s.nameEn)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t('patrolRounds.plans.name')} required error={errors.name}>
          {(p) => <input {...p} name="name" defaultValue={plan?.name ?? ''} maxLength={100} placeholder={t('patrolRounds.plans.namePlaceholder')} className={inputClass} data-testid="plan-name" />}
        </Field>
      </div>

      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-700">{t('patrolRounds.plans.frequency')}</legend>
        <div className="flex flex-wrap gap-4">
          {patrolFrequencies.map((f) => (
            <label key={f} className="flex items-center gap-2 py-1 text-sm">
              <input type="radio" name="frequency" value={f} checked={frequency === f} onChange={() => setFrequency(f)} data-testid={`frequency-${f}`} />
              {t(`patrolRounds.frequency.${f}`)}
            </label>
          ))}
        </div>
        {frequency === 'weekly' ? (
          <div className="mt-2 flex flex-wrap gap-3" data-testid="plan-weekdays">
            {weekdayOrder.map((d) => (
              <label key={d} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" name="weekdays" value={d} defaultChecked={plan?.weekdays.includes(d) ?? d === 1} />
                {t(`patrolRounds.weekday.${d}`)}
              </label>
            ))}
          </div>
        ) : null}
        {frequency === 'working_days' ? <p className="mt-1 text-xs text-slate-500">{t('patrolRounds.plans.workingDaysHint')}</p> : null}
        <FieldError error={errors.weekdays} />
      </fieldset>

      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-700">{t('patrolRounds.plans.assignment')}</legend>
        <div className="flex flex-wrap gap-4">
          {patrolAssignmentModes.map((m) => (
            <label key={m} className="flex items-center gap-2 py-1 text-sm">
              <input type="radio" name="assignment" value={m} checked={assignment === m} onChange={() => setAssignment(m)} data-testid={`assignment-${m}`} />
              {t(`patrolRounds.assignment.${m}`)}
            </label>
          ))}
        </div>
        <p className="mt-1 text-xs text-slate-500">{t(`patrolRounds.plans.assignmentHint.${assignment}`)}</p>
        <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1" data-testid="plan-staff" key={stationId}>
          {staff.length === 0 ? <p className="text-sm text-slate-500">{t('patrolRounds.plans.noStaff')}</p> : null}
          {staff.map((s) => (
            <label key={s.userId} className="flex items-center gap-1.5 text-sm">
              <input type={assignment === 'fixed' ? 'radio' : 'checkbox'} name="staffIds" value={s.userId} defaultChecked={chosenStaff.has(s.userId)} />
              {s.name}
            </label>
          ))}
        </div>
        <FieldError error={errors.staffIds} />
      </fieldset>

      <fieldset data-testid="plan-floors">
        <legend className="mb-1 text-sm font-medium text-slate-700">{t('patrolRounds.plans.floors')}</legend>
        <div className="space-y-3">
          {(station?.buildings ?? []).map((b) => {
            const chosen = [...floors].filter((k) => k.startsWith(`${b.id}|`)).length;
            return (
              <div key={b.id} className="rounded-md border border-slate-200 p-3" data-testid="plan-building">
                <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
                  <span className="text-sm font-medium">
                    {localName(i18n.language, b.name, b.nameEn)}
                    <span className="ml-2 font-normal text-slate-500">{t('patrolRounds.plans.floorsChosen', { count: chosen })}</span>
                  </span>
                  {b.floors ? (
                    <span className="flex gap-1">
                      <button type="button" className={buttonClass.ghost} onClick={() => setBuilding(b.id, b.floors!, true)}>
                        {t('patrolRounds.plans.allFloors')}
                      </button>
                      <button type="button" className={buttonClass.ghost} onClick={() => setBuilding(b.id, [], false)}>
                        {t('patrolRounds.plans.noFloors')}
                      </button>
                    </span>
                  ) : null}
                </div>
                {b.floors ? (
                  <div className="flex flex-wrap gap-1.5">
                    {b.floors.map((f) => {
                      const key = `${b.id}|${f}`;
                      return (
                        <label key={key} className="cursor-pointer">
                          <input type="checkbox" name="floors" value={key} checked={floors.has(key)} onChange={(e) => toggle(key, e.currentTarget.checked)} className="peer sr-only" />
                          <span className="inline-flex min-w-11 justify-center rounded border border-slate-300 px-2 py-1 text-xs tabular-nums peer-checked:border-brand-600 peer-checked:bg-brand-600 peer-checked:text-white peer-focus-visible:outline-2 peer-focus-visible:outline-brand-600">
                            {f}
                          </span>
                        </label>
                      );
                    })}
                  </div>
                ) : (
                  <Field label={t('patrolRounds.plans.floorsTyped')} hint={t('patrolRounds.plans.floorsTypedHint')}>
                    {(p) => <input {...p} name={`floorsText:${b.id}`} defaultValue={plan?.buildings.find((x) => x.buildingId === b.id)?.floors.join(', ') ?? ''} className={inputClass} />}
                  </Field>
                )}
              </div>
            );
          })}
        </div>
        <FieldError error={errors.buildings} />
      </fieldset>

      <fieldset data-testid="plan-checklist">
        <legend className="mb-1 text-sm font-medium text-slate-700">{t('patrolRounds.plans.checklist')}</legend>
        <ol className="space-y-2">
          {points.map((p, i) => (
            <li key={p.key} className="flex items-center gap-2">
              <span className="w-6 text-right text-sm text-slate-500 tabular-nums">{i + 1}.</span>
              <input type="hidden" name="pointId" value={p.id} />
              <input
                name="point"
                value={p.label}
                onChange={(e) => {
                  const label = e.currentTarget.value;
                  setPoints((list) => list.map((x) => (x.key === p.key ? { ...x, label } : x)));
                }}
                maxLength={100}
                aria-label={t('patrolRounds.plans.pointLabel', { n: i + 1 })}
                className={inputClass}
              />
              <button type="button" className={buttonClass.smallDanger} onClick={() => setPoints((list) => list.filter((x) => x.key !== p.key))} disabled={points.length === 1}>
                {t('patrolRounds.plans.removePoint')}
              </button>
            </li>
          ))}
        </ol>
        <button type="button" className={`${buttonClass.smallSecondary} mt-2`} onClick={() => setPoints((list) => [...list, point('')])} data-testid="add-point">
          {t('patrolRounds.plans.addPoint')}
        </button>
        <FieldError error={errors.checklist} />
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-2">
        {plan ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="active" value="1" defaultChecked={plan.active} data-testid="plan-active" />
            {t('patrolRounds.plans.activeLabel')}
          </label>
        ) : (
          <Field label={t('patrolRounds.plans.startsOn')} error={errors.startsOn}>
            {(p) => <input {...p} type="date" name="startsOn" defaultValue={today} min={today} className={inputClass} />}
          </Field>
        )}
      </div>

      <div className="flex gap-2">
        <button type="submit" disabled={busy} className={buttonClass.primary} data-testid="save-plan">
          {t('patrolRounds.plans.save')}
        </button>
        <Link to="/patrol/plans" className={buttonClass.secondary}>
          {t('patrolRounds.plans.cancel')}
        </Link>
      </div>
    </Form>
  );
}
