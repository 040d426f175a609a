import type { Readable } from 'node:stream';

/** Where file bytes live. The `files` table holds what they are; this only holds the bytes. */
export interface FileStorage {
  put(key: string, data: Buffer): Promise<void>;
  /** Rejects with StoredObjectNotFound when nothing is stored under the key. */
  get(key: string): Promise<Readable>;
  /** Idempotent: deleting a missing key succeeds. */
  delete(key: string): Promise<void>;
}

export class StoredObjectNotFound extends Error {
  constructor(key: string) {
    super(`no stored object under ${key}`);
    this.name = 'StoredObjectNotFound';
  }
}
