import { useEffect } from 'react';
import { useActionData, useFetcher, useLocation, type FetcherWithComponents } from 'react-router';
import { buttonClass } from './ui.tsx';

/** What a page action answers an export with (lib/file-export.server.ts). */
interface ExportAnswer {
  exportError: string | null;
  fileId: string | null;
}

type Exporter = FetcherWithComponents<ExportAnswer>;

/**
 * 导出 Excel from a page: the page's own request gets the file's id and starts the download,
 * staying where it is. The error (of either request) is the page's to show where it fits.
 */
export function useFileExport(): { exporter: Exporter; exportError: string | null | undefined } {
  const exporter = useFetcher<ExportAnswer>();
  const exportError = useActionData<ExportAnswer>()?.exportError ?? exporter.data?.exportError;
  const fileId = exporter.data?.fileId;
  useEffect(() => {
    if (fileId) window.location.assign(`/api/files/${fileId}`);
  }, [fileId]);
  return { exporter, exportError };
}

/** The export button: a plain form post to `path` with the page's query (works without scripts), fetched when scripts run. */
export function ExportButton({ exporter, path, label, workingLabel, disabled = false, testId }: { exporter: Exporter; path: string; label: string; workingLabel: string; disabled?: boolean; testId: string }) {
  const location = useLocation();
  const exporting = exporter.state !== 'idle';
  return (
    <exporter.Form
      method="post"
      action={`${path}${location.search}`}
      onSubmit={(e) => {
        e.preventDefault();
        void exporter.submit({ via: 'fetch' }, { method: 'post', action: `${path}${location.search}` });
      }}
    >
      <button type="submit" className={buttonClass.secondary} disabled={exporting || disabled} data-testid={testId}>
        {exporting ? workingLabel : label}
      </button>
    </exporter.Form>
  );
}
