import type { createCaller } from '@stationdesk/api';
import type { Language } from '@stationdesk/i18n';

/** What the server (apps/web/server/app-server.ts) hands every loader and action. */
export interface ServerLoadContext {
  trpc: ReturnType<typeof createCaller>;
  lang: Language;
  resHeaders: Headers;
  /** This response's Content-Security-Policy nonce (entry.server.tsx puts it on the page's scripts). */
  cspNonce: string;
}

declare module 'react-router' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- module augmentation
  interface AppLoadContext extends ServerLoadContext {}
}
