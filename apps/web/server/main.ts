import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import type { ServerBuild } from 'react-router';
import { ChangeFeed, createDb } from '@stationdesk/db';
import { createReadCaches } from '@stationdesk/api';
import { createProducer, createQueueBackend } from '@stationdesk/jobs';
import { allowRobotHosts, createSmtpMailer, parseRobotHostList } from '@stationdesk/services';
import { createStorage } from '@stationdesk/storage';
import { createAppServer } from './app-server.ts';
import { readStorageConfig } from './storage-env.ts';
import { readWebEnv } from './env.ts';

const env = readWebEnv();
const dev = process.argv.includes('--dev');
const logger = pino({ level: env.LOG_LEVEL, base: { app: 'web' } });
const webRoot = resolve(import.meta.dirname, '..');

// One process uses one core; in production several share the port (node:cluster). They keep no
// state of their own between requests (sessions, throttles and metrics live in Postgres).
const processes = dev ? 1 : env.WEB_PROCESSES || availableParallelism();
if (processes > 1 && cluster.isPrimary) {
  superviseWorkers(processes);
} else {
  await serve();
}

function superviseWorkers(count: number) {
  let stopping = false;
  const startedAt = new Map<number, number>();
  const fork = () => startedAt.set(cluster.fork().id, Date.now());
  for (let i = 0; i < count; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    // Dying right after start (no build, bad configuration) would only die again: give up.
    if (Date.now() - (startedAt.get(worker.id) ?? 0) < 10_000) {
      logger.fatal({ pid: worker.process.pid, code, signal }, 'web process failed at start-up');
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      process.exitCode = 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'web process died; starting another');
    fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'web shutting down');
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function serve() {
  const db = createDb(env.APP_DATABASE_URL, {
    max: env.DB_POOL_MAX,
    applicationName: 'stationdesk-web',
    onConnectionError: (err) => logger.warn({ err: err.message }, 'a database connection was lost; the pool reconnects'),
  });
  const backend = createQueueBackend(
    env.REDIS_URL
      ? { kind: 'redis', url: env.REDIS_URL, prefix: env.QUEUE_PREFIX }
      : { kind: 'postgres', url: env.APP_DATABASE_URL, schema: 'bullmq' },
  );
  const changes = env.READ_CACHE ? new ChangeFeed(env.APP_DATABASE_URL) : null;
  await changes?.start();
  const deps = {
    reads: changes ? createReadCaches(changes) : null,
    db,
    logger,
    queue: createProducer(backend),
    storage: createStorage(readStorageConfig()),
    allowedOrigins: env.PUBLIC_URL ? [new URL(env.PUBLIC_URL).origin] : [],
    mailer: env.SMTP_HOST
      ? createSmtpMailer({ host: env.SMTP_HOST, port: env.SMTP_PORT, secure: env.SMTP_SECURE, user: env.SMTP_USER, password: env.SMTP_PASSWORD, from: env.SMTP_FROM })
      : null,
    publicUrl: env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : `http://${env.HOST}:${env.PORT}`,
  };

  let server: import('node:http').Server;
  let closeVite: (() => Promise<void>) | undefined;
  if (dev) {
    const { createServer: createViteServer } = await import('vite');
    const vite = await createViteServer({ root: webRoot, server: { middlewareMode: true }, appType: 'custom' });
    closeVite = () => vite.close();
    server = createAppServer({
      deps,
      trustProxy: env.TRUST_PROXY,
      metricsToken: env.METRICS_TOKEN,
      devMiddleware: vite.middlewares,
      build: {
        server: () => vite.ssrLoadModule('virtual:react-router/server-build') as Promise<ServerBuild>,
        clientDir: join(webRoot, 'public'),
        mode: 'development',
      },
    });
  } else {
    const serverBuild = join(webRoot, 'build', 'server', 'index.js');
    if (!existsSync(serverBuild)) throw new Error(`no build at ${serverBuild}: run npm run build first`);
    const build = (await import(pathToFileURL(serverBuild).href)) as ServerBuild;
    server = createAppServer({
      deps,
      trustProxy: env.TRUST_PROXY,
      metricsToken: env.METRICS_TOKEN,
      build: { server: async () => build, clientDir: join(webRoot, 'build', 'client'), mode: 'production' },
    });
  }

  server.keepAliveTimeout = 65_000;
  server.listen(env.PORT, env.HOST, () => {
    logger.info({ url: `http://${env.HOST}:${env.PORT}` }, 'web listening');
  });

  let closing = false;
  async function shutdown(signal: string) {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'web shutting down');
    server.closeIdleConnections?.();
    await new Promise<void>((done) => server.close(() => done()));
    await closeVite?.();
    await backend.close();
    await changes?.close();
    await db.close();
    process.exit(0);
  }
  // A promise someone forgot to await must not take every user's requests down with it: log it.
  // Robots inside this machine or its networks only where the operator names them (never by default).
  allowRobotHosts(parseRobotHostList(env.WEBHOOK_ALLOW_HOSTS));
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
