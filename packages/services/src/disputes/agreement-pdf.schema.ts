import { z } from 'zod';

/** dispute.agreementDocument: 人民调解协议书 as a PDF for the parties to sign. */
export const generateAgreementDocumentInput = z.object({ id: z.uuid() }).strict();
export type GenerateAgreementDocumentInput = z.infer<typeof generateAgreementDocumentInput>;
export const generateAgreementDocumentOutput = z.object({ fileId: z.uuid(), fileName: z.string() });
