/** What the integration global setup hands the tests (vitest `inject`). */
declare module 'vitest' {
  export interface ProvidedContext {
    db: { ownerUrl: string; appUrl: string; appRole: string; name: string };
    redisUrl: string | null;
    queuePrefix: string;
  }
}

export {};
