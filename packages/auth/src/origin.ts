/**
 * CSRF defence for state-changing requests: a browser always sends Origin on a cross-site POST,
 * so a present Origin that is not ours is refused. Requests without Origin (curl, server-side
 * callers) carry no ambient cookie risk from other sites and pass.
 */
export function isForeignOrigin(
  headers: { get(name: string): string | null },
  ownOrigin: string,
  allowedOrigins: readonly string[] = [],
): boolean {
  const origin = headers.get('origin');
  if (origin === null) return headers.get('sec-fetch-site') === 'cross-site';
  if (origin === 'null') return true;
  return origin !== ownOrigin && !allowedOrigins.includes(origin);
}
