export { fileTooLarge, type FileDeps, type StoredFileView } from './save-file.ts';
export * from './upload-file.ts';
export * from './store-generated-file.ts';
export * from './open-file.ts';
