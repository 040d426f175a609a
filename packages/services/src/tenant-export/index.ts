export * from './tenant-export.ts';
export * from './tenant-export.schema.ts';
export * from './build.ts';
