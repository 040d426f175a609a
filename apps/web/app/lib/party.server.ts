import type { RouterInputs } from '@stationdesk/api';
import { text } from './work-items.server.ts';

type CreateOrg = RouterInputs['partyOrg']['create'];

/** What the organisation form sent, as partyOrg.create takes it: blank optional fields left out, numbers read. */
export function readOrgForm(form: FormData): Omit<CreateOrg, 'idempotencyKey'> {
  const opt = (key: 'contactName' | 'contactPhone' | 'joinedOn' | 'notes') => (text(form, key) ? { [key]: text(form, key) } : {});
  const members = text(form, 'members');
  return {
    type: text(form, 'type') as CreateOrg['type'],
    name: text(form, 'name'),
    stationId: text(form, 'stationId'),
    ...opt('contactName'),
    ...opt('contactPhone'),
    ...opt('joinedOn'),
    ...opt('notes'),
    ...(members ? { members: Number(members) } : {}),
  };
}

/** The post form's fields: services ticked, and the hours — the calendar's, or each weekday ticked with its times. */
export function readPostForm(form: FormData) {
  const own = text(form, 'hoursMode') === 'own';
  const openingHours = own
    ? [0, 1, 2, 3, 4, 5, 6]
        .filter((d) => form.get(`open_${d}`) === 'on')
        .map((d) => ({ weekday: d, start: text(form, `start_${d}`), end: text(form, `end_${d}`) === '23:59' ? '24:00' : text(form, `end_${d}`) }))
    : null;
  return {
    name: text(form, 'name'),
    location: text(form, 'location'),
    services: form.getAll('services').filter((s): s is string => typeof s === 'string'),
    openingHours,
  };
}
