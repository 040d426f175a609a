import { resolve } from 'node:path';
import { z } from 'zod';
import type { FileStorage } from './file-storage.ts';
import { LocalDiskStorage } from './local-disk.ts';
import { S3Storage, type S3StorageOptions } from './s3.ts';

export type StorageConfig = { driver: 'local'; dir: string } | ({ driver: 's3' } & S3StorageOptions);

const repoRoot = resolve(import.meta.dirname, '../../..');

const schema = z
  .object({
    STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
    STORAGE_DIR: z.string().min(1).default('.data/files'),
    S3_ENDPOINT: z.url().optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_BUCKET: z.string().min(1).optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: z.enum(['0', '1', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true'),
  })
  .superRefine((env, ctx) => {
    if (env.STORAGE_DRIVER !== 's3') return;
    for (const name of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: `${name} is required when STORAGE_DRIVER=s3` });
    }
  });

/**
 * The storage settings of a process (web and worker read the same ones). A relative STORAGE_DIR
 * is taken from the repository root, so both processes agree whatever their working directory.
 */
export function storageConfigFromEnv(env: Record<string, string | undefined>): StorageConfig {
  const e = schema.parse(env);
  if (e.STORAGE_DRIVER === 'local') return { driver: 'local', dir: resolve(repoRoot, e.STORAGE_DIR) };
  return {
    driver: 's3',
    ...(e.S3_ENDPOINT ? { endpoint: e.S3_ENDPOINT } : {}),
    region: e.S3_REGION,
    bucket: e.S3_BUCKET!,
    accessKeyId: e.S3_ACCESS_KEY_ID!,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
  };
}

export function createStorage(config: StorageConfig): FileStorage {
  if (config.driver === 'local') return new LocalDiskStorage(config.dir);
  const { driver: _driver, ...s3 } = config;
  return new S3Storage(s3);
}
