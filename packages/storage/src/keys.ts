/**
 * Storage keys are slash-separated segments of [A-Za-z0-9_-]. No dots means no `..` and no
 * file extensions (so a backend's temporary `.tmp` names can never collide with a key); no leading
 * or doubled slash means no absolute path and no empty segment.
 */
const KEY = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/;
const MAX_KEY_LENGTH = 512;

export class InvalidStorageKey extends Error {
  constructor(key: string) {
    super(`invalid storage key: ${JSON.stringify(key)}`);
    this.name = 'InvalidStorageKey';
  }
}

export function assertStorageKey(key: string): void {
  if (key.length > MAX_KEY_LENGTH || !KEY.test(key)) throw new InvalidStorageKey(key);
}

/** `<tenantId>/<yyyy>/<mm>/<fileId>`: a tenant's files under one prefix, spread by month. */
export function fileStorageKey(tenantId: string, fileId: string, at: Date): string {
  const yyyy = String(at.getUTCFullYear());
  const mm = String(at.getUTCMonth() + 1).padStart(2, '0');
  const key = `${tenantId}/${yyyy}/${mm}/${fileId}`;
  assertStorageKey(key);
  return key;
}
