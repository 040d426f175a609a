import { LRUCache } from 'lru-cache';
import pg from 'pg';

/** The channel migration 0012's triggers notify on commit: 'tenant:<id>', 'user:<id>' or '*'. */
export const CHANGES_CHANNEL = 'sd_changes';

const RECONNECT_MS = [100, 500, 1000, 5000];
const HEARTBEAT_MS = 10_000;

/**
 * What changed in Postgres, as this process hears it (LISTEN on one connection of its own). Each
 * change takes the next number of a counter; something read at mark `m` is still good while none of
 * the keys it depends on changed after `m`. While the connection is down nothing is good (`mark()`
 * is null), and reconnecting counts as everything having changed: reads then go to Postgres.
 *
 * A change made by another process is heard when its NOTIFY arrives — on one machine a fraction of
 * a millisecond after the commit; this process's own writes are counted at once (`changed`).
 */
export class ChangeFeed {
  #seq = 0;
  #everything = 0;
  #changedAt = new Map<string, number>();
  #listening = false;
  #closed = false;
  #client: pg.Client | null = null;
  #attempt = 0;
  #timer: NodeJS.Timeout | null = null;
  #heartbeat: NodeJS.Timeout | null = null;

  constructor(private readonly connectionString: string) {}

  /** Starts listening; resolves once the first LISTEN is in place (or the first attempt failed). */
  start(): Promise<void> {
    return this.#connect();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#down();
    if (this.#timer) clearTimeout(this.#timer);
    await this.#client?.end().catch(() => undefined);
    this.#client = null;
  }

  get listening(): boolean {
    return this.#listening;
  }

  /** The counter now, to hand back with what is about to be read; null while not listening. */
  mark(): number | null {
    return this.#listening ? this.#seq : null;
  }

  /** Whether nothing under `keys` (nor everything) changed after mark `at`. */
  unchangedSince(at: number, keys: readonly string[]): boolean {
    if (!this.#listening || this.#everything > at) return false;
    for (const k of keys) if ((this.#changedAt.get(k) ?? 0) > at) return false;
    return true;
  }

  changed(key: string): void {
    const seq = ++this.#seq;
    if (key === '*') this.#everything = seq;
    else this.#changedAt.set(key, seq);
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true, application_name: 'stationdesk-changes' });
    this.#client = client;
    client.on('notification', (m) => {
      if (m.channel === CHANGES_CHANNEL && m.payload) this.changed(m.payload);
    });
    const lost = () => {
      if (this.#client !== client) return;
      this.#down();
      this.#client = null;
      client.end().catch(() => undefined);
      this.#retry();
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch {
      lost();
      return;
    }
    if (this.#closed || this.#client !== client) return;
    // Whatever happened while no one listened is unknown: all of it changed.
    this.changed('*');
    this.#listening = true;
    this.#attempt = 0;
    // A connection that died without a word (no FIN) must not keep stale answers alive.
    this.#heartbeat = setInterval(() => {
      const timeout = setTimeout(lost, HEARTBEAT_MS / 2);
      client.query('SELECT 1').then(
        () => clearTimeout(timeout),
        () => {
          clearTimeout(timeout);
          lost();
        },
      );
    }, HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  #down() {
    this.#listening = false;
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
  }

  #retry() {
    if (this.#closed || this.#timer) return;
    const wait = RECONNECT_MS[Math.min(this.#attempt++, RECONNECT_MS.length - 1)]!;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#connect();
    }, wait);
    this.#timer.unref();
  }
}

/**
 * Answers kept in memory until the feed says what they were read from changed. `mark()` before
 * reading, `set` after: an answer whose keys changed in between is not kept.
 */
export class ReadCache<V extends object> {
  #entries: LRUCache<string, { value: V; at: number; keys: readonly string[] }>;

  constructor(
    readonly feed: ChangeFeed,
    max: number,
  ) {
    this.#entries = new LRUCache({ max });
  }

  mark(): number | null {
    return this.feed.mark();
  }

  get(key: string): V | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (this.feed.unchangedSince(e.at, e.keys)) return e.value;
    this.#entries.delete(key);
    return undefined;
  }

  set(key: string, value: V, at: number | null, keys: readonly string[]): void {
    if (at !== null && this.feed.unchangedSince(at, keys)) this.#entries.set(key, { value, at, keys });
  }
}
