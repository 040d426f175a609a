export { appRouter, createCaller, type AppRouter } from './root.ts';
export { createContext, type ApiDeps, type Context, type RequestInfo } from './context.ts';
export { toAppError } from './errors.ts';
export { createTrpcHandler } from './http.ts';
