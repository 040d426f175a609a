import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layers (docs/ARCHITECTURE.md, ADR 011): which of our packages the sources under each folder
 * may import. Every source file falls under one entry at most; tests, infra/ and e2e/ may import
 * anything.
 */
const io = ['pg', 'kysely', 'kysely/*', 'ioredis', 'bullmq', '@aws-sdk/*'];
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const layers = [
  { files: ['packages/core/src'], may: [], also: [...io, ...nodeBuiltins], why: 'core holds pure rules: no I/O, nothing of ours (it also runs in the browser)' },
  { files: ['packages/i18n/src'], may: [], also: [...io, ...nodeBuiltins], why: 'i18n is locale files and a translator (it also runs in the browser)' },
  { files: ['packages/{auth,jobs,storage}/src'], may: ['core'], why: 'auth, jobs and storage build on core alone' },
  { files: ['packages/db/src'], may: ['core'], why: 'db builds on core alone; use cases live in services' },
  { files: ['packages/services/src'], may: ['core', 'db', 'auth', 'jobs', 'storage', 'i18n'], why: 'services sit below the API: they never import it' },
  { files: ['packages/api/src'], may: ['core', 'db', 'auth', 'jobs', 'storage', 'i18n', 'services'], why: 'the API sits below the apps: it never imports them' },
  {
    files: ['apps/web/app'],
    may: ['core', 'i18n', 'api'],
    also: io,
    why: 'pages reach data only through the API (the tRPC caller in the load context); rules come from core',
  },
  { files: ['apps/web/server'], may: ['core', 'db', 'auth', 'jobs', 'storage', 'i18n', 'services', 'api'], why: 'the web server wires the process; it is not imported by the others' },
  { files: ['apps/worker/src'], may: ['core', 'db', 'auth', 'jobs', 'storage', 'i18n', 'services'], why: 'the worker runs jobs with services; it never goes through the API' },
];
const layerRules = layers.map(({ files, may, also = [], why }) => ({
  files: files.map((dir) => `${dir}/**/*.{ts,tsx}`),
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['@stationdesk/*', ...may.map((p) => `!@stationdesk/${p}`)], message: `${why} (docs/ARCHITECTURE.md, layers).` },
          // Another workspace by relative path dodges the package boundary altogether.
          { group: ['**/apps/*/**', '**/packages/*/**', '**/infra/**', '**/e2e/**'], message: 'import another workspace by its package name, never by path.' },
          ...(also.length ? [{ group: also, message: `${why} (docs/ARCHITECTURE.md, layers).` }] : []),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/build/**', '**/dist/**', '**/.react-router/**', '.data/**', '**/.turbo/**', 'e2e/artifacts/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error', 'log'] }],
    },
  },
  {
    files: ['apps/web/app/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Only the validated env modules and the launcher read process.env.
    files: ['apps/*/app/**/*.{ts,tsx}', 'packages/{core,db,services,api,auth,jobs}/src/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read configuration through the app env schema' }],
    },
  },
  ...layerRules,
);
