import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root.ts';

export { appRouter, createCaller, type AppRouter } from './root.ts';
export { createContext, createReadCaches, type ApiDeps, type Context, type ReadCaches, type RequestInfo } from './context.ts';
export { RETRY_AFTER_SECONDS, isDatabaseUnavailable, toAppError } from './errors.ts';
export { createTrpcHandler, type RequestMeta } from './http.ts';

/** What each procedure takes and answers, e.g. `RouterOutputs['workItem']['get']`: the apps never restate them. */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
