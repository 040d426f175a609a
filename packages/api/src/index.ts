export { appRouter, createCaller, type AppRouter } from './root.ts';
export { createContext, createReadCaches, type ApiDeps, type Context, type ReadCaches, type RequestInfo } from './context.ts';
export { RETRY_AFTER_SECONDS, isDatabaseUnavailable, toAppError } from './errors.ts';
export { createTrpcHandler, type RequestMeta } from './http.ts';
