import ExcelJS from 'exceljs';

/** Real files, as small as they come, for the type detection tests. */

/** A one-page PDF with a correct cross-reference table. */
export function pdfFile(): Buffer {
  const objects = [
    '<</Type/Catalog/Pages 2 0 R>>',
    '<</Type/Pages/Kids[3 0 R]/Count 1>>',
    '<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** 1×1 pixel images. */
export const pngFile = () =>
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
export const jpegFile = () =>
  Buffer.from(
    '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
    'base64',
  );
export const webpFile = () => Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

export async function xlsxFile(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('企业');
  sheet.addRow(['企业名称', '统一社会信用代码']);
  sheet.addRow(['新虹科技有限公司', '91310000MA1FL0000X']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const csvUtf8 = (bom: boolean) =>
  Buffer.from(`${bom ? '\uFEFF' : ''}企业名称,统一社会信用代码\r\n新虹科技有限公司,91310000MA1FL0000X\r\n`, 'utf8');

/** "企业名称,code\r\n" as GB18030 bytes: 企 C6F3 业 D2B5 名 C3FB 称 B3C6. Not valid UTF-8. */
export const csvGb18030 = () =>
  Buffer.concat([Buffer.from([0xc6, 0xf3, 0xd2, 0xb5, 0xc3, 0xfb, 0xb3, 0xc6]), Buffer.from(',code\r\n', 'ascii')]);

/** A PE header as Windows executables start: MZ, the PE offset at 0x3C, then PE\0\0. */
export function windowsExecutable(): Buffer {
  const buf = Buffer.alloc(256);
  buf.write('MZ', 0, 'latin1');
  buf.writeUInt32LE(0x80, 0x3c);
  buf.write('PE\0\0', 0x80, 'latin1');
  buf.writeUInt16LE(0x8664, 0x84); // x86-64
  return buf;
}

export function linuxExecutable(): Buffer {
  const buf = Buffer.alloc(64);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(buf);
  buf.writeUInt16LE(2, 16); // ET_EXEC
  buf.writeUInt16LE(0x3e, 18); // x86-64
  return buf;
}

/** Deterministic noise (xorshift32), so a lucky magic number cannot make the test flaky. */
export function noise(length: number, seed = 0x2026_0701): Buffer {
  const buf = Buffer.alloc(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    buf[i] = x & 0xff;
  }
  return buf;
}
