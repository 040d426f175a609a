import type { Readable } from 'node:stream';

/** Where file bytes live. The `files` table holds what they are; this only holds the bytes. */
export interface FileStorage {
  put(key: string, data: Buffer): Promise<void>;
  /**
   * Stores the local file at `path` under the key, streamed — never read whole into memory (a
   * tenant's export zip may be gigabytes). The file must be finished and not change meanwhile.
   */
  putFile(key: string, path: string): Promise<void>;
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
