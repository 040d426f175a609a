#!/usr/bin/env node
// Entry for `npm start`, `npm test`, … on a fresh clone: plain Node with no dependencies, so it
// can install them first. Then it hands over to the TypeScript launcher (infra/src/cli.ts).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const lockfile = join(root, 'package-lock.json');
const marker = join(root, 'node_modules', '.stationdesk-install');

function lockHash() {
  return existsSync(lockfile) ? createHash('sha256').update(readFileSync(lockfile)).digest('hex') : 'no-lockfile';
}

function ensureDependencies() {
  const want = lockHash();
  if (existsSync(marker) && readFileSync(marker, 'utf8') === want) return;
  const args = existsSync(lockfile) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  console.log(`[stationdesk] installing dependencies: npm ${args.join(' ')}`);
  const r = spawnSync('npm', args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[stationdesk] dependency installation failed');
    process.exit(r.status ?? 1);
  }
  writeFileSync(marker, lockHash());
}

ensureDependencies();
const { register } = await import(pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'esm', 'api', 'index.mjs')).href);
register();
const { main } = await import(pathToFileURL(join(root, 'infra', 'src', 'cli.ts')).href);
await main(process.argv.slice(2));
