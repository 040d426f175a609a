import type { Logger } from 'pino';
import type { Db } from '@stationdesk/db';
import { runTenantExport } from '@stationdesk/services';
import type { FileStorage } from '@stationdesk/storage';

/**
 * maintenance/tenant-export: builds one tenant export (the zip of every domain and the files).
 * Idempotent — a finished export, or one another worker is building, is skipped; the reconciler
 * re-enqueues one whose job was lost or whose worker died.
 */
export function tenantExport(deps: { db: Db; storage: FileStorage; log: Logger }) {
  return async (data: unknown) => {
    const payload = data as { tenantId: string; exportId: string };
    const r = await runTenantExport({ db: deps.db, storage: deps.storage }, payload);
    if (r.status === 'ready') deps.log.info({ ...payload, rows: r.rows, files: r.files, missingFiles: r.missingFiles, sizeBytes: r.sizeBytes }, 'tenant export ready');
    return r;
  };
}
