import { z } from 'zod';
import { activityAudiences, activityKinds, activityStatuses } from '@stationdesk/core';
import { idempotencyKey, line, text } from '../schema.ts';

const instant = z.iso.datetime({ offset: true });

export const activityView = z.object({
  id: z.uuid(),
  stationId: z.uuid(),
  stationName: z.string(),
  title: z.string(),
  kind: z.enum(activityKinds),
  startsAt: z.string(),
  endsAt: z.string(),
  postId: z.uuid().nullable(),
  postName: z.string().nullable(),
  place: z.string().nullable(),
  capacity: z.number().int(),
  confirmed: z.number().int(),
  waitlisted: z.number().int(),
  audience: z.enum(activityAudiences),
  audienceStationId: z.uuid().nullable(),
  audienceTagId: z.uuid().nullable(),
  signUpOpensAt: z.string(),
  signUpClosesAt: z.string(),
  cancelDeadline: z.string(),
  description: z.string(),
  posterFileId: z.uuid().nullable(),
  status: z.enum(activityStatuses),
  version: z.number().int(),
  /** For an enterprise admin: its own people on the activity (confirmed and waitlisted); null for the desk. */
  mine: z.object({ confirmed: z.number().int(), waitlisted: z.number().int() }).nullable(),
});
export type ActivityView = z.infer<typeof activityView>;

/** activity.list: newest first; an enterprise admin sees the published activities its enterprise is in the audience of. */
export const listActivitiesInput = z
  .object({
    stationId: z.uuid().optional(),
    status: z.enum(activityStatuses).optional(),
    /** upcoming: not yet ended; past: ended. */
    when: z.enum(['upcoming', 'past']).optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .strict()
  .optional();
export type ListActivitiesInput = z.infer<typeof listActivitiesInput>;
export const listActivitiesOutput = z.object({ activities: z.array(activityView) });
export type ActivityList = z.infer<typeof listActivitiesOutput>;

export const getActivityInput = z.object({ id: z.uuid() }).strict();
export type GetActivityInput = z.infer<typeof getActivityInput>;
export const getActivityOutput = activityView.extend({
  feedback: z.object({ count: z.number().int(), average: z.number().nullable() }),
  attended: z.number().int(),
});
export type ActivityDetail = z.infer<typeof getActivityOutput>;

const activityFields = {
  title: line(120, { min: 1 }),
  kind: z.enum(activityKinds),
  startsAt: instant,
  endsAt: instant,
  postId: z.uuid().nullable().optional(),
  place: line(200, { min: 1 }).nullable().optional(),
  capacity: z.number().int().min(1).max(5000),
  audience: z.enum(activityAudiences),
  audienceStationId: z.uuid().nullable().optional(),
  audienceTagId: z.uuid().nullable().optional(),
  signUpOpensAt: instant,
  signUpClosesAt: instant,
  cancelDeadline: instant,
  description: text(5000).optional(),
  posterFileId: z.uuid().nullable().optional(),
};

/** activity.create: a draft at a station of the actor's. */
export const createActivityInput = z
  .object({ stationId: z.uuid(), ...activityFields, idempotencyKey: idempotencyKey.optional() })
  .strict();
export type CreateActivityInput = z.infer<typeof createActivityInput>;
export const createActivityOutput = z.object({ id: z.uuid() });

/** activity.update: the fields sent, with the version read (a capacity below the confirmed people is refused with their count). */
export const updateActivityInput = z
  .object({
    id: z.uuid(),
    version: z.number().int().min(1),
    title: activityFields.title.optional(),
    kind: activityFields.kind.optional(),
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    postId: activityFields.postId,
    place: activityFields.place,
    capacity: activityFields.capacity.optional(),
    audience: activityFields.audience.optional(),
    audienceStationId: activityFields.audienceStationId,
    audienceTagId: activityFields.audienceTagId,
    signUpOpensAt: instant.optional(),
    signUpClosesAt: instant.optional(),
    cancelDeadline: instant.optional(),
    description: activityFields.description,
    posterFileId: activityFields.posterFileId,
  })
  .strict();
export type UpdateActivityInput = z.infer<typeof updateActivityInput>;
export const activityVersionOutput = z.object({ id: z.uuid(), version: z.number().int(), status: z.enum(activityStatuses), capacity: z.number().int(), confirmed: z.number().int() });
export type ActivityVersion = z.infer<typeof activityVersionOutput>;

export const publishActivityInput = z.object({ id: z.uuid(), version: z.number().int().min(1) }).strict();
export type PublishActivityInput = z.infer<typeof publishActivityInput>;

export const cancelActivityInput = z.object({ id: z.uuid(), version: z.number().int().min(1), reason: line(500, { min: 1 }) }).strict();
export type CancelActivityInput = z.infer<typeof cancelActivityInput>;
