/**
 * Gathers the items of concurrently running jobs and hands them to `run` together: as soon as
 * `maxSize` are waiting, else `waitMs` after the first. Each caller gets its own item's result, or
 * the error `run` gave for it (or for the whole batch).
 */
export function createBatcher<I, O>(opts: { maxSize: number; waitMs: number; run: (items: I[]) => Promise<(O | Error)[]> }): (item: I) => Promise<O> {
  let pending: { item: I; resolve: (o: O) => void; reject: (e: Error) => void }[] = [];
  let timer: NodeJS.Timeout | null = null;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = pending;
    pending = [];
    opts.run(batch.map((b) => b.item)).then(
      (results) =>
        batch.forEach((b, i) => {
          const r = results[i];
          if (r instanceof Error) b.reject(r);
          else if (r === undefined) b.reject(new Error('no result for this item'));
          else b.resolve(r);
        }),
      (e: unknown) => batch.forEach((b) => b.reject(e instanceof Error ? e : new Error(String(e)))),
    );
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (pending.length >= opts.maxSize) flush();
      else timer ??= setTimeout(flush, opts.waitMs);
    });
}
