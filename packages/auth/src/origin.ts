/**
 * CSRF defence for state-changing requests (OWASP "verifying origin with standard headers"): the
 * source is Origin, or Referer where a browser left Origin out; a source that is not ours is
 * refused, and so is one that cannot be read. Requests with neither header and no cross-site
 * Sec-Fetch-Site (curl, server-side callers) carry no ambient cookie risk from other sites and
 * pass; SameSite=Lax on the session cookie covers what is left.
 */
export function isForeignOrigin(
  headers: { get(name: string): string | null },
  ownOrigin: string,
  allowedOrigins: readonly string[] = [],
): boolean {
  const source = headers.get('origin') ?? refererOrigin(headers.get('referer'));
  if (source === undefined) return headers.get('sec-fetch-site') === 'cross-site';
  return source !== ownOrigin && !allowedOrigins.includes(source);
}

/** The Referer's origin; 'null' for one that is not a URL; undefined when there is none. */
function refererOrigin(referer: string | null): string | undefined {
  if (referer === null || referer === '') return undefined;
  return URL.canParse(referer) ? new URL(referer).origin : 'null';
}
