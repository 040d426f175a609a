import { z } from 'zod';
import { line } from '../schema.ts';

/** enterprise.timeline: everything about one enterprise, newest first. */
export const enterpriseTimelineInput = z.object({ enterpriseId: z.uuid(), cursor: line(500).optional(), limit: z.number().int().min(1).max(100).optional() }).strict();
export type EnterpriseTimelineInput = z.infer<typeof enterpriseTimelineInput>;

const timelineEntry = z.object({
  at: z.string(),
  kind: z.string(),
  refId: z.uuid(),
  /** A locale key (e.g. enterprise.updated); the page translates it. */
  title: z.string(),
  detail: z.record(z.string(), z.unknown()),
  actor: z.object({ id: z.uuid(), name: z.string().nullable() }).nullable(),
});
export type TimelineEntry = z.infer<typeof timelineEntry>;
export const enterpriseTimelineOutput = z.object({ items: z.array(timelineEntry), nextCursor: z.string().nullable() });
export type EnterpriseTimelineOutput = z.infer<typeof enterpriseTimelineOutput>;
