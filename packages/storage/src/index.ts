export * from './file-storage.ts';
export * from './keys.ts';
export * from './local-disk.ts';
export * from './s3.ts';
export * from './config.ts';
export * from './file-types.ts';
export * from './policy.ts';
export * from './photos.ts';
