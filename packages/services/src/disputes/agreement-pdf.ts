import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { badRequest, forbidden, localDate, notFound } from '@stationdesk/core';
import { translator, type Language } from '@stationdesk/i18n';
import type { FileStorage } from '@stationdesk/storage';
import type { TenantContext } from '../context.ts';
import { storeGeneratedFile } from '../files/store-generated-file.ts';
import { requireWorkItem } from '../work-items/access.ts';
import type { GenerateAgreementDocumentInput } from './agreement-pdf.schema.ts';

const require = createRequire(import.meta.url);

/**
 * Noto Sans SC (SIL OFL 1.1) from an npm package, so the PDF renders Chinese on a machine with no
 * system fonts; pdfkit embeds only the glyphs used. Read once per process (10 MB each).
 */
const fontFiles = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;
let fonts: Promise<{ regular: Buffer; bold: Buffer }> | undefined;
function loadFonts() {
  fonts ??= Promise.all([readFile(require.resolve(fontFiles.regular)), readFile(require.resolve(fontFiles.bold))]).then(([regular, bold]) => ({ regular, bold }));
  return fonts;
}

const PDF = 'application/pdf';

/**
 * 人民调解协议书: the agreement of a mediated dispute as a PDF for the parties to sign — number,
 * parties (full names: it is for signing; no phone or ID numbers, which the reader of the file
 * may not be allowed to see), station, the facts, the terms, amount, how/where/when performed,
 * signature lines for both sides and the mediator, and the date. Stored as an attachment so the
 * station team and managers can open it.
 */
export async function generateAgreementDocument(ctx: TenantContext, deps: { storage: FileStorage; lang: Language }, input: GenerateAgreementDocumentInput): Promise<{ fileId: string; fileName: string }> {
  if (ctx.actor.role !== 'staff' && ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
  // Station scope (staff see only their stations' items) is the work item's access rule.
  const item = await requireWorkItem(ctx, input.id);
  const c = await ctx.trx.selectFrom('dispute_cases').selectAll().where('item_id', '=', input.id).executeTakeFirst();
  if (!c) throw notFound('errors.dispute.notFound');
  if (c.outcome !== 'agreement' || !c.agreement_no || !c.agreement_terms) throw badRequest('errors.dispute.agreementMissing');

  // One connection per transaction: these run one after the other.
  const parties = await ctx.trx.selectFrom('dispute_parties').select(['side', 'kind', 'name']).where('item_id', '=', input.id).orderBy('side').orderBy('id').execute();
  const station = await ctx.trx.selectFrom('stations').select(['name', 'name_en']).where('id', '=', item.station_id).executeTakeFirst();
  const tenant = await ctx.trx.selectFrom('tenants').select(['name', 'name_en']).where('id', '=', ctx.tenantId).executeTakeFirst();
  const mediator = item.assignee_id ? await ctx.trx.selectFrom('users').select('display_name').where('id', '=', item.assignee_id).executeTakeFirst() : undefined;

  const t = translator(deps.lang);
  const en = deps.lang === 'en';
  const pick = (zh: string | undefined, english: string | null | undefined) => (en && english ? english : (zh ?? ''));
  const signedOn = localDate(c.outcome_at ? new Date(c.outcome_at) : new Date(), ctx.timezone);
  const amount = c.agreement_amount_yuan === null ? null : Number(c.agreement_amount_yuan);

  const data = await renderPdf(await loadFonts(), (doc, f) => {
    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    const heading = (text: string) => {
      doc.moveDown(0.8).font(f.bold).fontSize(12).text(text);
      doc.moveDown(0.2).font(f.regular).fontSize(11);
    };
    const body = (text: string) => doc.font(f.regular).fontSize(11).text(text, { lineGap: 3, align: 'justify' });

    doc.font(f.bold).fontSize(20).text(t('disputes.agreementPdf.title'), { align: 'center' });
    doc.moveDown(0.3).font(f.regular).fontSize(10).fillColor('#444444');
    doc.text(`${t('disputes.agreementPdf.number')}${c.agreement_no}    ${t('disputes.agreementPdf.caseNumber')}${item.number}`, { align: 'center' });
    doc.text(`${t('disputes.agreementPdf.committee', { tenant: pick(tenant?.name, tenant?.name_en) })} · ${pick(station?.name, station?.name_en)}`, { align: 'center' });
    doc.fillColor('#000000');

    heading(t('disputes.agreementPdf.parties'));
    for (const side of ['applicant', 'respondent'] as const) {
      for (const p of parties.filter((x) => x.side === side)) {
        body(t('disputes.agreementPdf.partyLine', { side: t(`vocab.dispute.side.${side}`), kind: t(`vocab.dispute.partyKind.${p.kind}`), name: p.name }));
      }
    }

    heading(t('disputes.agreementPdf.facts'));
    body(`${item.title}\n${c.facts}`);

    heading(t('disputes.agreementPdf.terms'));
    body(t('disputes.agreementPdf.termsIntro'));
    body(c.agreement_terms!);

    heading(t('disputes.agreementPdf.performance'));
    const none = t('disputes.agreementPdf.notSet');
    body(`${t('disputes.agreementPdf.amount')}${amount === null ? none : t('disputes.agreementPdf.yuan', { amount: amount.toLocaleString(en ? 'en' : 'zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) })}`);
    body(`${t('disputes.agreementPdf.method')}${c.performance_method ?? none}`);
    body(`${t('disputes.agreementPdf.place')}${c.performance_place ?? none}`);
    body(`${t('disputes.agreementPdf.dueOn')}${c.performance_due_on ?? none}`);

    doc.moveDown(0.8);
    body(t('disputes.agreementPdf.effect'));

    // The signature block stays together on one page.
    if (doc.y > doc.page.height - doc.page.margins.bottom - 190) doc.addPage();
    doc.moveDown(1.5);
    const left = doc.page.margins.left;
    const column = width / 2;
    const line = (label: string, x: number, y: number) => {
      doc.font(f.regular).fontSize(11).text(label, x, y, { width: column - 16, lineBreak: false });
      doc
        .moveTo(x, y + 34)
        .lineTo(x + column - 24, y + 34)
        .lineWidth(0.6)
        .stroke();
    };
    let y = doc.y;
    line(t('disputes.agreementPdf.signApplicant'), left, y);
    line(t('disputes.agreementPdf.signRespondent'), left + column, y);
    y += 56;
    line(t('disputes.agreementPdf.signMediator', { name: mediator?.display_name ?? '' }), left, y);
    line(t('disputes.agreementPdf.seal'), left + column, y);
    y += 56;
    doc.font(f.regular).fontSize(11).text(t('disputes.agreementPdf.date', { date: signedOn }), left, y, { width, align: 'right' });
    doc.moveDown(1).fontSize(9).fillColor('#444444').text(t('disputes.agreementPdf.copies'), left, doc.y, { width });
  });

  const fileName = `${t('disputes.agreementPdf.fileName')}-${c.agreement_no}.pdf`;
  const file = await storeGeneratedFile(ctx, deps, { purpose: 'attachment', fileName, contentType: PDF, data });
  // Attached to its case: it opens for whoever sees the case file (an earlier one stays its asker's).
  await ctx.trx.updateTable('dispute_cases').set({ agreement_file_id: file.id }).where('item_id', '=', input.id).execute();
  return { fileId: file.id, fileName: file.name };
}

type Doc = InstanceType<typeof PDFDocument>;

/** Draws with the CJK font registered as regular/bold and collects the bytes. */
function renderPdf(font: { regular: Buffer; bold: Buffer }, draw: (doc: Doc, f: { regular: string; bold: string }) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margins: { top: 64, bottom: 64, left: 64, right: 64 }, info: { Title: 'Agreement', Producer: 'StationDesk' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      doc.registerFont('cjk', font.regular);
      doc.registerFont('cjk-bold', font.bold);
      draw(doc, { regular: 'cjk', bold: 'cjk-bold' });
      doc.end();
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
