import { changeRequestKinds } from '@stationdesk/core';
import { z } from 'zod';
import { text } from '../schema.ts';
import { contactInput, documentInput } from './contacts-documents.schema.ts';

const changeProposal = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('contact_add'), payload: contactInput }),
  z.object({ kind: z.literal('contact_update'), targetId: z.uuid(), payload: contactInput }),
  z.object({ kind: z.literal('contact_remove'), targetId: z.uuid(), payload: z.object({}).strict().default({}) }),
  z.object({ kind: z.literal('document_add'), payload: documentInput }),
  z.object({ kind: z.literal('document_update'), targetId: z.uuid(), payload: documentInput }),
]);

/** enterprise.proposeChange: an enterprise admin's change to its own file's contacts or documents. */
export const proposeChangeInput = z.intersection(z.object({ enterpriseId: z.uuid() }), changeProposal);
export type ProposeChangeInput = z.infer<typeof proposeChangeInput>;
export const proposeChangeOutput = z.object({ id: z.uuid() });

/** enterprise.reviewChange: staff approve a proposal or reject it with a reason. */
export const reviewChangeInput = z.object({ changeId: z.uuid(), decision: z.enum(['approve', 'reject']), reason: text(1000).nullable().optional() }).strict();
export type ReviewChangeInput = z.infer<typeof reviewChangeInput>;
export const reviewChangeOutput = z.object({ status: z.enum(['approved', 'rejected']) });

/** enterprise.changes: proposals in the actor's scope, newest first. */
export const listChangesInput = z
  .object({ enterpriseId: z.uuid().optional(), status: z.enum(['pending', 'approved', 'rejected']).optional(), limit: z.number().int().min(1).max(200).optional() })
  .strict();
export type ListChangesInput = z.infer<typeof listChangesInput>;

const changeOutput = z.object({
  id: z.uuid(),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  kind: z.enum(changeRequestKinds),
  targetId: z.uuid().nullable(),
  payload: z.record(z.string(), z.unknown()),
  status: z.enum(['pending', 'approved', 'rejected']),
  proposedBy: z.uuid(),
  proposedByName: z.string().nullable(),
  proposedAt: z.string(),
  reviewedAt: z.string().nullable(),
  reviewReason: z.string().nullable(),
});
export type ChangeRequestView = z.infer<typeof changeOutput>;
export const listChangesOutput = z.array(changeOutput);
