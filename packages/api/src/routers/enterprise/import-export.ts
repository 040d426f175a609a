import { z } from 'zod';
import { importColumns, type ImportIssue } from '@stationdesk/core';
import { translator, type Language } from '@stationdesk/i18n';
import { commitImport, exportEnterprises, importStatus, previewImport } from '@stationdesk/services';
import { router, staffProcedure } from '../../trpc.ts';
import { listFilterInput } from './schemas.ts';

const issueOutput = z.object({ column: z.string().nullable(), message: z.string() });

/** Row problems as sentences in the reader's language, with the template's column name. */
function describe(issues: ImportIssue[], lang: Language) {
  const t = translator(lang);
  return issues.map((i) => {
    const col = importColumns.find((c) => c.key === i.column);
    return {
      column: col ? (lang === 'en' ? col.headerEn : col.header).replace(/\*$/, '') : null,
      message: t(i.key, i.params ?? {}),
    };
  });
}

export const importRouter = router({
  preview: staffProcedure
    .input(z.object({ fileId: z.uuid() }).strict())
    .output(
      z.object({
        importId: z.uuid(),
        totalRows: z.number().int(),
        validRows: z.number().int(),
        unchangedRows: z.number().int(),
        invalidRows: z.number().int(),
        headerErrors: z.array(issueOutput),
        rows: z.array(
          z.object({
            rowNumber: z.number().int(),
            name: z.string(),
            creditCode: z.string(),
            action: z.enum(['create', 'update', 'unchanged']).nullable(),
            errors: z.array(issueOutput),
          }),
        ),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const p = await previewImport(ctx.tenant, { storage: ctx.storage, db: ctx.db }, input);
      return {
        ...p,
        headerErrors: describe(p.headerErrors, ctx.lang),
        rows: p.rows.map((r) => ({ ...r, errors: describe(r.errors, ctx.lang) })),
      };
    }),
  commit: staffProcedure
    .input(z.object({ importId: z.uuid() }).strict())
    .output(z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }))
    .mutation(({ ctx, input }) => commitImport(ctx.tenant, { storage: ctx.storage, db: ctx.db }, input)),
  status: staffProcedure
    .input(z.object({ importId: z.uuid() }).strict())
    .output(
      z.object({
        status: z.enum(['previewed', 'committing', 'committed', 'failed']),
        processed: z.number().int(),
        total: z.number().int(),
        created: z.number().int().nullable(),
        updated: z.number().int().nullable(),
        unchanged: z.number().int().nullable(),
        error: z.string().nullable(),
      }),
    )
    .query(({ ctx, input }) => importStatus(ctx.tenant, input)),
});

export const exportProcedure = staffProcedure
  .input(listFilterInput)
  .output(z.object({ fileId: z.uuid(), fileName: z.string(), rows: z.number().int() }))
  .mutation(({ ctx, input }) => exportEnterprises(ctx.tenant, { storage: ctx.storage }, input));
