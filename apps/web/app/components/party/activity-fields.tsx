import { useTranslation } from 'react-i18next';
import { activityAudiences, activityKinds } from '@stationdesk/core';
import { Field, inputClass, selectClass } from '../ui.tsx';
import { PosterPicker } from './poster-picker.tsx';

export interface ActivityFormValues {
  title: string;
  kind: (typeof activityKinds)[number];
  stationId: string;
  startsAt: string;
  endsAt: string;
  postId: string;
  place: string;
  capacity: number;
  audience: (typeof activityAudiences)[number];
  audienceStationId: string;
  audienceTagId: string;
  signUpOpensAt: string;
  signUpClosesAt: string;
  cancelDeadline: string;
  description: string;
  posterFileId: string | null;
}

interface Option {
  id: string;
  name: string;
}

/**
 * The fields of an activity, the same on the new and the edit page: times as the tenant's local
 * date and time, the post or a place, capacity, the audience with its station or tag, the
 * sign-up window, the description and the poster. The edit page leaves the station out (an
 * activity stays at its station) and says what moving the time and lowering the capacity do.
 */
export function ActivityFields({
  values,
  errors,
  stations,
  tags,
  posts,
  withStation,
  confirmed,
}: {
  values: ActivityFormValues;
  errors: Record<string, string>;
  stations: Option[];
  tags: Option[];
  posts: Option[];
  withStation: boolean;
  /** The people confirmed so far (edit): the capacity may not go below them. */
  confirmed?: number;
}) {
  const { t } = useTranslation();
  const time = (name: keyof ActivityFormValues, label: string, hint?: string) => (
    <Field label={label} required error={errors[name]} hint={hint}>
      {(p) => <input {...p} type="datetime-local" name={name} defaultValue={String(values[name] ?? '')} className={inputClass} data-testid={`field-${name}`} />}
    </Field>
  );
  return (
    <>
      <Field label={t('activities.field.title')} required error={errors.title} className="sm:col-span-2">
        {(p) => <input {...p} name="title" maxLength={120} defaultValue={values.title} className={inputClass} />}
      </Field>
      <Field label={t('activities.field.kind')} required error={errors.kind}>
        {(p) => (
          <select {...p} name="kind" defaultValue={values.kind} className={selectClass}>
            {activityKinds.map((k) => (
              <option key={k} value={k}>
                {t(`activities.kind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {withStation ? (
        <Field label={t('activities.field.station')} required error={errors.stationId}>
          {(p) => (
            <select {...p} name="stationId" defaultValue={values.stationId} className={selectClass}>
              {stations.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <div className="hidden sm:block" />
      )}
      {time('startsAt', t('activities.field.startsAt'), withStation ? undefined : t('activities.edit.timesHint'))}
      {time('endsAt', t('activities.field.endsAt'))}
      <Field label={t('activities.field.post')} error={errors.postId} hint={t('activities.new.postHint')}>
        {(p) => (
          <select {...p} name="postId" defaultValue={values.postId} className={selectClass}>
            <option value="">{t('activities.new.noPost')}</option>
            {posts.map((post) => (
              <option key={post.id} value={post.id}>
                {post.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('activities.field.place')} error={errors.place}>
        {(p) => <input {...p} name="place" maxLength={200} defaultValue={values.place} className={inputClass} />}
      </Field>
      <Field label={t('activities.field.capacity')} required error={errors.capacity} hint={confirmed !== undefined ? t('activities.edit.capacityHint', { count: confirmed }) : undefined}>
        {(p) => <input {...p} type="number" name="capacity" min={Math.max(1, confirmed ?? 1)} max={5000} defaultValue={values.capacity} className={inputClass} data-testid="field-capacity" />}
      </Field>
      <Field label={t('activities.field.audience')} required error={errors.audience}>
        {(p) => (
          <select {...p} name="audience" defaultValue={values.audience} className={selectClass} data-testid="field-audience">
            {activityAudiences.map((a) => (
              <option key={a} value={a}>
                {t(`activities.audience.${a}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('activities.field.audienceStation')} error={errors.audienceStationId}>
        {(p) => (
          <select {...p} name="audienceStationId" defaultValue={values.audienceStationId} className={selectClass} data-testid="field-audienceStationId">
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('activities.field.audienceTag')} error={errors.audienceTagId}>
        {(p) => (
          <select {...p} name="audienceTagId" defaultValue={values.audienceTagId} className={selectClass} data-testid="field-audienceTagId">
            <option value="" />
            {tags.map((tg) => (
              <option key={tg.id} value={tg.id}>
                {tg.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {time('signUpOpensAt', t('activities.field.signUpOpensAt'))}
      {time('signUpClosesAt', t('activities.field.signUpClosesAt'))}
      {time('cancelDeadline', t('activities.field.cancelDeadline'))}
      <Field label={t('activities.field.description')} error={errors.description} className="sm:col-span-2">
        {(p) => <textarea {...p} name="description" rows={4} maxLength={5000} defaultValue={values.description} className={inputClass} />}
      </Field>
      <div className="sm:col-span-2">
        <PosterPicker current={values.posterFileId} error={errors.posterFileId} />
      </div>
    </>
  );
}
