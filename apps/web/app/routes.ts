import { index, layout, route, type RouteConfig } from '@react-router/dev/routes';

export default [
  route('sign-in', 'routes/sign-in.tsx'),
  route('sign-out', 'routes/sign-out.ts'),
  route('set-language', 'routes/set-language.ts'),
  route('switch-tenant', 'routes/switch-tenant.ts'),
  layout('routes/shell.tsx', [
    index('routes/home.tsx'),
    route('stations', 'routes/stations.tsx'),
    route('buildings', 'routes/buildings.tsx'),
    route('platform', 'routes/platform.tsx'),
  ]),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig;
