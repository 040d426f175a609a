import { storageConfigFromEnv, type StorageConfig } from '@stationdesk/storage';

/** Where uploaded files live (STORAGE_*, S3_*); the worker reads the same variables. */
export function readStorageConfig(env: NodeJS.ProcessEnv = process.env): StorageConfig {
  return storageConfigFromEnv(env);
}
