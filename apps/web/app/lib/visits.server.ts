import type { AppLoadContext } from 'react-router';
import { errorMessage } from './errors.server.ts';
import { loadForRoles, staffRoles } from './loader.server.ts';
import { readVisitFilters, type VisitFilters } from './visits.ts';

/**
 * The loader of a follow-up desk list (待回访, 整改): the filters and cursor from the address, the
 * stations in the reader's scope, and the list's page — or why it could not be read, shown in
 * the page's place while the filters stay usable.
 */
export async function loadVisitDesk<P>(request: Request, context: AppLoadContext, readPage: (filters: VisitFilters, cursor: string | undefined) => Promise<P>) {
  const url = new URL(request.url);
  const filters = readVisitFilters(url.searchParams);
  const cursor = url.searchParams.get('cursor') || undefined;
  const { timezone, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([
      context.trpc.station.list(),
      readPage(filters, cursor).then(
        (page) => ({ page, error: null }),
        (e: unknown) => ({ page: null, error: errorMessage(e, context.lang) }),
      ),
    ]),
  );
  const [stations, { page, error }] = data;
  return { filters, cursor: cursor ?? null, timezone, stations: stations.filter((s) => s.inScope), page, error };
}
