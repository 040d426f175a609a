import { documentTypes } from '@stationdesk/core';
import { z } from 'zod';
import { line } from '../schema.ts';
import { optDate, optLine, phoneInput } from './fields.schema.ts';

export const contactInput = z.object({
  name: line(100, { min: 1 }),
  title: optLine(100).default(null),
  phone: phoneInput.default(null),
  email: z
    .email()
    .max(254)
    .nullable()
    .or(z.literal('').transform(() => null))
    .default(null),
  isPrimary: z.boolean().default(false),
});
export type ContactInput = z.infer<typeof contactInput>;

export const documentInput = z.object({
  docType: z.enum(documentTypes),
  number: optLine(100).default(null),
  issuer: optLine(200).default(null),
  issuedOn: optDate.default(null),
  expiresOn: optDate.default(null),
  fileId: z.uuid().nullable().default(null),
});
export type DocumentInput = z.infer<typeof documentInput>;

/** enterprise.contact.save: a new contact without id. */
export const saveContactInput = z.object({ enterpriseId: z.uuid(), id: z.uuid().optional(), contact: contactInput }).strict();
export type SaveContactInput = z.infer<typeof saveContactInput>;
/** enterprise.contact.remove */
export const deleteContactInput = z.object({ enterpriseId: z.uuid(), id: z.uuid() }).strict();
export type DeleteContactInput = z.infer<typeof deleteContactInput>;

/** enterprise.document.save: a new document without id. */
export const saveDocumentInput = z.object({ enterpriseId: z.uuid(), id: z.uuid().optional(), document: documentInput }).strict();
export type SaveDocumentInput = z.infer<typeof saveDocumentInput>;
/** enterprise.document.remove */
export const deleteDocumentInput = z.object({ enterpriseId: z.uuid(), id: z.uuid() }).strict();
export type DeleteDocumentInput = z.infer<typeof deleteDocumentInput>;

/** What contact.save and document.save answer: the row's id. */
export const savedOutput = z.object({ id: z.uuid() });
