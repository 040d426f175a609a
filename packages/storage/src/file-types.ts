import { fileTypeFromBuffer } from 'file-type';

/** The file types the product accepts anywhere, by the extension we give them. */
export const fileTypes = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
} as const;
export type FileType = keyof typeof fileTypes;

export interface DetectedFileType {
  mime: string;
  ext: string;
}

/**
 * What the bytes are, whatever the file is called: magic numbers through `file-type`, and for
 * text (which has none) a strict check that it is CSV-like text. Null when neither recognises it.
 */
export async function detectFileType(data: Uint8Array): Promise<DetectedFileType | null> {
  if (data.length === 0) return null;
  const sniffed = await fileTypeFromBuffer(data);
  if (sniffed) return { mime: sniffed.mime, ext: sniffed.ext };
  return isCsvText(data) ? { mime: fileTypes.csv, ext: 'csv' } : null;
}

// C0 controls except \t \n \r, DEL and C1 controls: none belongs in a CSV.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/**
 * UTF-8 (a BOM is allowed: Excel writes one) or, failing that, GB18030 (what Excel and WPS save
 * "CSV" as on Chinese Windows), decoded strictly, with no NUL and no control characters besides
 * tab and line breaks. Binary data practically always fails one of these.
 */
function isCsvText(data: Uint8Array): boolean {
  if (data.includes(0)) return false;
  for (const encoding of ['utf-8', 'gb18030']) {
    let text: string;
    try {
      text = new TextDecoder(encoding, { fatal: true }).decode(data);
    } catch {
      continue;
    }
    return !CONTROL.test(text);
  }
  return false;
}
