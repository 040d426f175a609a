import { z } from 'zod';

/** A problem of the file or of one row, as a sentence in the reader's language, with the template's column name. */
const issueOutput = z.object({ column: z.string().nullable(), message: z.string() });
export type ImportIssueView = z.infer<typeof issueOutput>;

/** enterprise.import.preview: step one, every row's problems; nothing is written but the import's record. */
export const previewImportInput = z.object({ fileId: z.uuid() }).strict();
export type PreviewImportInput = z.infer<typeof previewImportInput>;
export const previewImportOutput = z.object({
  id: z.uuid(),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  /** Of the valid rows, those the file already holds as they are. */
  unchangedRows: z.number().int(),
  invalidRows: z.number().int(),
  headerErrors: z.array(issueOutput),
  /** Rows with problems first (up to 500), then a sample of valid ones. */
  rows: z.array(
    z.object({
      rowNumber: z.number().int(),
      name: z.string(),
      creditCode: z.string(),
      action: z.enum(['create', 'update', 'unchanged']).nullable(),
      errors: z.array(issueOutput),
    }),
  ),
});
export type PreviewImportOutput = z.infer<typeof previewImportOutput>;

/** enterprise.import.commit: step two, the previewed import written. */
export const commitImportInput = z.object({ id: z.uuid() }).strict();
export type CommitImportInput = z.infer<typeof commitImportInput>;
export const commitImportOutput = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });
export type CommitImportOutput = z.infer<typeof commitImportOutput>;

/** enterprise.import.status: how far a commit has got. */
export const importStatusInput = z.object({ id: z.uuid() }).strict();
export type ImportStatusInput = z.infer<typeof importStatusInput>;
export const importStatusOutput = z.object({
  status: z.enum(['previewed', 'committing', 'committed', 'failed']),
  processed: z.number().int(),
  total: z.number().int(),
  created: z.number().int().nullable(),
  updated: z.number().int().nullable(),
  /** Rows that already matched the stored files: processed, not written. */
  unchanged: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type ImportStatusOutput = z.infer<typeof importStatusOutput>;
