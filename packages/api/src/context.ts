import type { Logger } from 'pino';
import { ReadCache, type ChangeFeed, type Db, type RequestScope } from '@stationdesk/db';
import { resolveLanguage, type Language } from '@stationdesk/i18n';
import type { QueueProducer } from '@stationdesk/jobs';
import type { FileStorage } from '@stationdesk/storage';
import type { Mailer } from '@stationdesk/services';

/** What the server provides once at start-up. */
export interface ApiDeps {
  db: Db;
  logger: Logger;
  queue: QueueProducer | null;
  /** Uploaded and generated files (imports, exports, documents). */
  storage: FileStorage;
  /** Origins besides the request's own that may send mutations (PUBLIC_URL, dev server). */
  allowedOrigins: readonly string[];
  /** Answers kept in memory until Postgres says what they were read from changed (ADR 010); absent: none. */
  reads?: ReadCaches | null;
  /** SMTP for mail to one person outside the deliveries (password reset links); absent: not configured, logged for operators. */
  mailer?: Mailer | null;
  /** scheme://host[:port] the links in such mail point to — configured, never taken from a request's Host. */
  publicUrl?: string | null;
}

export interface ReadCaches {
  /** Session scopes by session id: a request of a known session opens no transaction until it reads. */
  sessions: ReadCache<RequestScope>;
  /** Pages of lists (the work-item queue), by tenant and the exact filter. */
  pages: ReadCache<object>;
}

export function createReadCaches(feed: ChangeFeed): ReadCaches {
  return { sessions: new ReadCache(feed, 10_000), pages: new ReadCache(feed, 1_000) };
}

/** What each request brings. */
export interface RequestInfo {
  headers: Headers;
  /** Set-Cookie and friends the procedure wants on the response. */
  resHeaders: Headers;
  ip: string | null;
  /** scheme://host of the request, as the browser sees it. */
  origin: string;
  requestId: string;
}

export interface Context extends ApiDeps, RequestInfo {
  lang: Language;
  secureCookies: boolean;
}

export function createContext(deps: ApiDeps, req: RequestInfo): Context {
  return {
    ...deps,
    ...req,
    lang: resolveLanguage(req.headers.get('cookie'), req.headers.get('accept-language')),
    secureCookies: req.origin.startsWith('https:'),
  };
}
