/** What the e2e global setup hands the tests (vitest `inject`). */
declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    ownerUrl: string;
  }
}

export {};
