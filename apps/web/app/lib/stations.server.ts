import { orNull, text } from './work-items.server.ts';

/** The station form as station.create / station.update take it (the procedure checks every field). */
export function readStationForm(form: FormData) {
  return { code: text(form, 'code'), name: text(form, 'name'), nameEn: orNull(text(form, 'nameEn')), address: orNull(text(form, 'address')), phone: orNull(text(form, 'phone')) };
}

/** The building form: the floor rows in order, as typed (core says which one is wrong). */
export function readBuildingForm(form: FormData) {
  return {
    name: text(form, 'name'),
    nameEn: orNull(text(form, 'nameEn')),
    address: orNull(text(form, 'address')),
    floors: form.getAll('floors').map((f) => (typeof f === 'string' ? f : '')),
  };
}

/** The version a form read (0 when missing: refused as stale by the procedure). */
export function versionOf(form: FormData): number {
  const n = Number(text(form, 'version'));
  return Number.isInteger(n) && n > 0 ? n : 0;
}
