import { z } from 'zod';
import { CHECK_IN_CODE_MINUTES, partyServiceKeyPattern } from '@stationdesk/core';
import { idempotencyKey, line } from '../schema.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: 'HH:MM' });
/** Per weekday (0 = Sunday … 6 = Saturday) one period; null: the tenant's working calendar. */
export const openingHours = z
  .array(z.object({ weekday: z.number().int().min(0).max(6), start: hhmm, end: hhmm }).strict())
  .max(7)
  .nullable();
const serviceKey = z.string().regex(partyServiceKeyPattern);
const services = z.array(serviceKey).min(1).max(30);

export const servicePostView = z.object({
  id: z.uuid(),
  stationId: z.uuid(),
  stationName: z.string(),
  stationNameEn: z.string().nullable(),
  name: z.string(),
  location: z.string(),
  openingHours,
  services: z.array(z.string()),
  active: z.boolean(),
  /** Shifts from today on, and their places booked of all. */
  upcoming: z.object({ shifts: z.number().int(), places: z.number().int(), booked: z.number().int() }),
});
export type ServicePostView = z.infer<typeof servicePostView>;

/** servicePost.list: the posts (managers: all; staff: their stations'; enterprise admins: the active ones, for signing up). */
export const listServicePostsInput = z.object({ stationId: z.uuid().optional() }).strict().optional();
export type ListServicePostsInput = z.infer<typeof listServicePostsInput>;
export const listServicePostsOutput = z.array(servicePostView);

/** servicePost.create: a station's post with its hours and the services it offers. */
export const createServicePostInput = z
  .object({
    stationId: z.uuid(),
    name: line(100, { min: 1 }),
    location: line(200, { min: 1 }),
    openingHours,
    services,
    idempotencyKey: idempotencyKey.optional(),
  })
  .strict();
export type CreateServicePostInput = z.infer<typeof createServicePostInput>;
export const createServicePostOutput = z.object({ id: z.uuid() });

/** servicePost.update: what is given replaces what the post had. */
export const updateServicePostInput = z
  .object({
    id: z.uuid(),
    name: line(100, { min: 1 }).optional(),
    location: line(200, { min: 1 }).optional(),
    openingHours: openingHours.optional(),
    services: services.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type UpdateServicePostInput = z.infer<typeof updateServicePostInput>;
export const updateServicePostOutput = servicePostView;

/** servicePost.issueCheckInCode: a new QR code for the post, valid for `validMinutes` (default twelve hours). */
export const issuePostCheckInCodeInput = z
  .object({ id: z.uuid(), validMinutes: z.number().int().min(CHECK_IN_CODE_MINUTES.min).max(CHECK_IN_CODE_MINUTES.max).optional() })
  .strict();
export type IssuePostCheckInCodeInput = z.infer<typeof issuePostCheckInCodeInput>;
/** The token is answered once and never stored (only its hash): the page shows it as a QR image. */
export const issuePostCheckInCodeOutput = z.object({ token: z.string(), path: z.string(), expiresAt: z.string(), postName: z.string() });
export type IssuedPostCheckInCode = z.infer<typeof issuePostCheckInCodeOutput>;

export const partyServiceView = z.object({
  key: z.string(),
  /** The tenant's own name; null on a default: its translated name is shown. */
  name: z.string().nullable(),
  nameEn: z.string().nullable(),
  active: z.boolean(),
  position: z.number().int(),
  builtIn: z.boolean(),
});
export type PartyServiceView = z.infer<typeof partyServiceView>;
export const listPartyServicesOutput = z.array(partyServiceView);

const serviceFields = {
  nameEn: line(60, { min: 1 }).nullable(),
  active: z.boolean(),
  position: z.number().int().min(0).max(100000),
};
/** servicePost.updateService (managers): rename, hide, reorder a kind of service (a default's name null: back to the default's). */
export const updatePartyServiceInput = z.object({ key: serviceKey, name: line(40, { min: 1 }).nullable(), ...serviceFields }).strict();
export type UpdatePartyServiceInput = z.infer<typeof updatePartyServiceInput>;
/** servicePost.createService (managers): a kind of service of the tenant's own. */
export const createPartyServiceInput = z.object({ name: line(40, { min: 1 }), ...serviceFields }).strict();
export type CreatePartyServiceInput = z.infer<typeof createPartyServiceInput>;
