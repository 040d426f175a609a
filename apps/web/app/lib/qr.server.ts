import QRCode from 'qrcode';

/**
 * A check-in code's link as a QR image (docs/decisions/016): an SVG drawn on the server, shown
 * inline, so the page works without scripts and nothing is added to the browser bundle.
 */
export async function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 240 });
}
