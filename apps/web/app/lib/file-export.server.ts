import { redirectDocument } from 'react-router';
import type { Language } from '@stationdesk/i18n';
import { errorMessage } from './errors.server.ts';

/**
 * A page action that exports a file made by `produce`: a plain form post is sent straight to the
 * download; the page's own request (`via=fetch`, components/export-button.tsx) gets the file's id
 * and starts the download itself, so the page does not wait for a navigation that never comes.
 */
export async function fileExport(request: Request, lang: Language, produce: () => Promise<{ fileId: string }>) {
  const viaFetch = (await request.formData()).get('via') === 'fetch';
  try {
    const file = await produce();
    return viaFetch ? { exportError: null, fileId: file.fileId } : redirectDocument(`/api/files/${file.fileId}`);
  } catch (e) {
    return { exportError: errorMessage(e, lang), fileId: null };
  }
}
