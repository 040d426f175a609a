import { activityAudiences, activityKinds, zonedTimeToInstant } from '@stationdesk/core';
import { formatDateTime } from './format.ts';

/** The activity's instants, typed as local date and time of the tenant (datetime-local inputs). */
export const activityTimeFields = ['startsAt', 'endsAt', 'signUpOpensAt', 'signUpClosesAt', 'cancelDeadline'] as const;
export type ActivityTimeField = (typeof activityTimeFields)[number];

/** 'YYYY-MM-DDTHH:MM' in the tenant's zone → an instant; null when unreadable. */
export function instantOf(local: string, timezone: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  return new Date(zonedTimeToInstant(m[1]!, Number(m[2]) * 60 + Number(m[3]), timezone)).toISOString();
}

/** An instant as a datetime-local input's value in the tenant's zone. */
export const localInputOf = (iso: string, timezone: string) => formatDateTime(iso, timezone).replace(' ', 'T');

/** Every field of the activity form (the new and the edit page), for the action's field errors. */
export const activityFormFields = ['stationId', 'title', 'kind', ...activityTimeFields, 'postId', 'place', 'capacity', 'audience', 'audienceStationId', 'audienceTagId', 'description', 'posterFileId'];

/** The refusals the service names a field for. */
export const activityRefusalFields: Readonly<Record<string, string>> = {
  'errors.activity.placeRequired': 'place',
  'errors.activity.endsBeforeStart': 'endsAt',
  'errors.activity.windowEmpty': 'signUpClosesAt',
  'errors.activity.windowAfterEnd': 'signUpClosesAt',
  'errors.activity.cancelDeadlineAfterStart': 'cancelDeadline',
  'errors.activity.audienceStationRequired': 'audienceStationId',
  'errors.activity.audienceTagRequired': 'audienceTagId',
  'errors.activity.tagNotFound': 'audienceTagId',
  'errors.activity.postNotFound': 'postId',
  'errors.activity.posterNotImage': 'posterFileId',
  'errors.activity.posterNotFound': 'posterFileId',
  'errors.activity.capacityBelowConfirmed': 'capacity',
};

const get = (form: FormData, k: string) => String(form.get(k) ?? '').trim();

/**
 * The form's fields as the procedures take them (create and update share them); the times that
 * could not be read as field errors instead.
 */
export function readActivityForm(form: FormData, timezone: string) {
  const times = {} as Record<ActivityTimeField, string>;
  const unreadable: Record<string, string> = {};
  for (const f of activityTimeFields) {
    const v = instantOf(get(form, f), timezone);
    if (v) times[f] = v;
    else unreadable[f] = 'errors.validation.required';
  }
  const audience = get(form, 'audience') as (typeof activityAudiences)[number];
  const fields = {
    title: get(form, 'title'),
    kind: get(form, 'kind') as (typeof activityKinds)[number],
    ...times,
    postId: get(form, 'postId') || null,
    place: get(form, 'place') || null,
    capacity: Number(get(form, 'capacity')),
    audience,
    audienceStationId: audience === 'station' ? get(form, 'audienceStationId') || null : null,
    audienceTagId: audience === 'tag' ? get(form, 'audienceTagId') || null : null,
    description: get(form, 'description'),
    posterFileId: get(form, 'posterFileId') || null,
  };
  return { fields, unreadable: Object.keys(unreadable).length ? unreadable : null };
}
