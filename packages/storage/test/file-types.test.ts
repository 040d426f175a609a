import { describe, expect, it } from 'vitest';
import { acceptedContentType, acceptedType, describeTypes, detectFileType, filePolicies, fileTypes } from '../src/index.ts';
import { csvGb18030, csvUtf8, jpegFile, linuxExecutable, noise, pdfFile, pngFile, webpFile, windowsExecutable, xlsxFile } from './samples.ts';

describe('detectFileType', () => {
  it('recognises documents and images by their magic bytes', async () => {
    expect(await detectFileType(pdfFile())).toEqual({ ext: 'pdf', mime: 'application/pdf' });
    expect(await detectFileType(pngFile())).toEqual({ ext: 'png', mime: 'image/png' });
    expect(await detectFileType(jpegFile())).toEqual({ ext: 'jpg', mime: 'image/jpeg' });
    expect(await detectFileType(webpFile())).toEqual({ ext: 'webp', mime: 'image/webp' });
  });

  it('recognises an OOXML spreadsheet as xlsx, not as a bare zip', async () => {
    expect(await detectFileType(await xlsxFile())).toEqual({ ext: 'xlsx', mime: fileTypes.xlsx });
  });

  it('accepts CSV in UTF-8, with or without BOM', async () => {
    expect(await detectFileType(csvUtf8(false))).toEqual({ ext: 'csv', mime: 'text/csv' });
    expect(await detectFileType(csvUtf8(true))).toEqual({ ext: 'csv', mime: 'text/csv' });
  });

  it('accepts CSV in GB18030', async () => {
    const gb = csvGb18030();
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gb)).toThrow();
    expect(new TextDecoder('gb18030').decode(gb)).toBe('企业名称,code\r\n');
    expect(await detectFileType(gb)).toEqual({ ext: 'csv', mime: 'text/csv' });
  });

  it('refuses text with NUL or control characters', async () => {
    expect(await detectFileType(Buffer.from('a,b\r\n1,\0\r\n'))).toBeNull();
    expect(await detectFileType(Buffer.from('a,b\r\n1,\x1b[31m\r\n'))).toBeNull();
    expect(await detectFileType(Buffer.from('a,b\x07\n'))).toBeNull();
    expect(await detectFileType(Buffer.from('a,\u0085b\n'))).toBeNull();
  });

  it('sees executables for what they are, whatever they are called', async () => {
    expect(await detectFileType(windowsExecutable())).toMatchObject({ ext: 'exe' });
    expect(await detectFileType(linuxExecutable())).toMatchObject({ ext: 'elf' });
  });

  it('recognises nothing in random bytes or an empty buffer', async () => {
    expect(await detectFileType(noise(4096))).toBeNull();
    expect(await detectFileType(Buffer.alloc(0))).toBeNull();
  });
});

describe('file policies', () => {
  const accepts = async (purpose: keyof typeof filePolicies, data: Buffer) =>
    acceptedType(filePolicies[purpose], await detectFileType(data));

  it('take enterprise documents as PDF and images only', async () => {
    expect(await accepts('enterprise_document', pdfFile())).toBe('pdf');
    expect(await accepts('enterprise_document', jpegFile())).toBe('jpg');
    expect(await accepts('enterprise_document', pngFile())).toBe('png');
    expect(await accepts('enterprise_document', webpFile())).toBe('webp');
    expect(await accepts('enterprise_document', await xlsxFile())).toBeNull();
    expect(await accepts('enterprise_document', csvUtf8(true))).toBeNull();
  });

  it('take imports as spreadsheets only', async () => {
    expect(await accepts('import', await xlsxFile())).toBe('xlsx');
    expect(await accepts('import', csvGb18030())).toBe('csv');
    expect(await accepts('import', pdfFile())).toBeNull();
  });

  it('take attachments as documents, images and office files', async () => {
    expect(await accepts('attachment', await xlsxFile())).toBe('xlsx');
    expect(await accepts('attachment', pdfFile())).toBe('pdf');
    expect(acceptedType(filePolicies.attachment, { ext: 'docx', mime: fileTypes.docx })).toBe('docx');
    expect(await accepts('attachment', csvUtf8(false))).toBeNull();
  });

  it('never take an executable, for any purpose', async () => {
    for (const purpose of Object.keys(filePolicies) as (keyof typeof filePolicies)[]) {
      expect(await accepts(purpose, windowsExecutable())).toBeNull();
      expect(await accepts(purpose, linuxExecutable())).toBeNull();
      expect(await accepts(purpose, noise(1024))).toBeNull();
    }
  });

  it('match generated files by content type and describe what they accept', () => {
    expect(acceptedContentType(filePolicies.export, fileTypes.xlsx)).toBe('xlsx');
    expect(acceptedContentType(filePolicies.export, 'text/csv')).toBe('csv');
    expect(acceptedContentType(filePolicies.export, 'application/pdf')).toBeNull();
    expect(describeTypes(filePolicies.enterprise_document)).toBe('PDF/JPG/PNG/WEBP');
    expect(filePolicies.import.maxBytes).toBe(10 * 1024 * 1024);
    expect(filePolicies.enterprise_document.maxBytes).toBe(20 * 1024 * 1024);
  });
});
