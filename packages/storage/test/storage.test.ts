import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertStorageKey,
  createStorage,
  fileStorageKey,
  InvalidStorageKey,
  LocalDiskStorage,
  S3Storage,
  storageConfigFromEnv,
  StoredObjectNotFound,
  type FileStorage,
} from '../src/index.ts';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const newKey = () => fileStorageKey(randomUUID(), randomUUID(), new Date());

const badKeys = ['', '/etc/passwd', '../secrets', 'a/../b', 'a/./b', 'a//b', 'a/b/', 'a/b.pdf', 'a\\b', 'a b', '企业/x', 'C:/x', 'x'.repeat(513)];

interface Backend {
  storage: FileStorage;
  close(): Promise<void>;
}

/** The same contract for every backend: the local disk, and S3 as spoken by a local s3rver. */
const backends: { name: string; open(): Promise<Backend> }[] = [
  {
    name: 'local disk',
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'sd-storage-'));
      return { storage: new LocalDiskStorage(dir), close: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'S3 (s3rver)',
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'sd-s3rver-'));
      const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: 'sd-files', configs: [] }] });
      const { port } = await server.run();
      // Built the way the processes build it: from the environment.
      const storage = createStorage(
        storageConfigFromEnv({
          STORAGE_DRIVER: 's3',
          S3_ENDPOINT: `http://127.0.0.1:${port}`,
          S3_BUCKET: 'sd-files',
          S3_ACCESS_KEY_ID: 'S3RVER',
          S3_SECRET_ACCESS_KEY: 'S3RVER',
          S3_FORCE_PATH_STYLE: '1',
        }),
      );
      expect(storage).toBeInstanceOf(S3Storage);
      return {
        storage,
        close: async () => {
          await server.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
];

describe.each(backends)('storage contract: $name', ({ open }) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await open();
  });
  afterAll(() => backend.close());

  it('gives back exactly the bytes it was given', async () => {
    const key = newKey();
    const data = randomBytes(3 * 1024 * 1024 + 7);
    await backend.storage.put(key, data);
    expect((await readAll(await backend.storage.get(key))).equals(data)).toBe(true);
  });

  it('keeps keys apart and replaces on a second put', async () => {
    const [a, b] = [newKey(), newKey()];
    await backend.storage.put(a, Buffer.from('first'));
    await backend.storage.put(b, Buffer.from('other'));
    await backend.storage.put(a, Buffer.from('second'));
    expect((await readAll(await backend.storage.get(a))).toString()).toBe('second');
    expect((await readAll(await backend.storage.get(b))).toString()).toBe('other');
  });

  it('rejects a missing key with StoredObjectNotFound', async () => {
    await expect(backend.storage.get(newKey())).rejects.toBeInstanceOf(StoredObjectNotFound);
  });

  it('deletes, and deleting again or deleting nothing succeeds', async () => {
    const key = newKey();
    await backend.storage.put(key, Buffer.from('to be removed'));
    await backend.storage.delete(key);
    await expect(backend.storage.get(key)).rejects.toBeInstanceOf(StoredObjectNotFound);
    await backend.storage.delete(key);
    await backend.storage.delete(newKey());
  });

  it('stores a file from the disk (putFile, streamed) byte for byte, replacing what the key held', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sd-putfile-'));
    try {
      const key = newKey();
      await backend.storage.put(key, Buffer.from('an older version'));
      const data = randomBytes(9 * 1024 * 1024 + 5);
      const path = join(dir, 'export.zip');
      await writeFile(path, data);
      await backend.storage.putFile(key, path);
      expect((await readAll(await backend.storage.get(key))).equals(data)).toBe(true);
      // An empty file is an empty object, not a failure.
      const empty = join(dir, 'empty');
      await writeFile(empty, '');
      const emptyKey = newKey();
      await backend.storage.putFile(emptyKey, empty);
      expect((await readAll(await backend.storage.get(emptyKey))).length).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('putFile of a missing file fails and stores nothing', async () => {
    const key = newKey();
    await expect(backend.storage.putFile(key, join(tmpdir(), `sd-none-${randomUUID()}`))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(backend.storage.get(key)).rejects.toBeInstanceOf(StoredObjectNotFound);
  });

  it('refuses malformed keys on every operation', async () => {
    for (const key of badKeys) {
      await expect(backend.storage.putFile(key, '/dev/null'), key).rejects.toBeInstanceOf(InvalidStorageKey);
      await expect(backend.storage.put(key, Buffer.from('x')), key).rejects.toBeInstanceOf(InvalidStorageKey);
      await expect(backend.storage.get(key), key).rejects.toBeInstanceOf(InvalidStorageKey);
      await expect(backend.storage.delete(key), key).rejects.toBeInstanceOf(InvalidStorageKey);
    }
  });
});

describe('LocalDiskStorage', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sd-storage-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('creates the directories of the key and leaves no temporary file behind', async () => {
    const storage = new LocalDiskStorage(dir);
    const [tenantId, fileId] = [randomUUID(), randomUUID()];
    await storage.put(fileStorageKey(tenantId, fileId, new Date('2026-03-15T00:00:00Z')), Buffer.from('%PDF'));
    expect(await readdir(join(dir, tenantId, '2026', '03'))).toEqual([fileId]);
  });

  it('putFile leaves the source in place and no temporary file behind', async () => {
    const storage = new LocalDiskStorage(dir);
    const [tenantId, fileId] = [randomUUID(), randomUUID()];
    const source = join(await mkdtemp(join(tmpdir(), 'sd-putfile-')), 'export.zip');
    await writeFile(source, 'PK');
    await storage.putFile(fileStorageKey(tenantId, fileId, new Date('2026-04-15T00:00:00Z')), source);
    expect(await readdir(join(dir, tenantId, '2026', '04'))).toEqual([fileId]);
    expect(await readdir(resolve(source, '..'))).toEqual(['export.zip']);
    await rm(resolve(source, '..'), { recursive: true, force: true });
  });

  it('replaces a file atomically: a reader of the old version still reads all of it', async () => {
    const storage = new LocalDiskStorage(dir);
    const key = newKey();
    const before = randomBytes(512 * 1024);
    await storage.put(key, before);
    const reading = await storage.get(key);
    await storage.put(key, Buffer.from('after'));
    expect((await readAll(reading)).equals(before)).toBe(true);
    expect((await readAll(await storage.get(key))).toString()).toBe('after');
  });
});

describe('storage keys', () => {
  it('are tenant/yyyy/mm/file, the month in UTC', () => {
    const tenantId = randomUUID();
    const fileId = randomUUID();
    expect(fileStorageKey(tenantId, fileId, new Date('2026-01-31T20:00:00+08:00'))).toBe(`${tenantId}/2026/01/${fileId}`);
    expect(fileStorageKey(tenantId, fileId, new Date('2026-12-31T23:30:00Z'))).toBe(`${tenantId}/2026/12/${fileId}`);
  });

  it('refuse path tricks and foreign characters', () => {
    expect(() => assertStorageKey(`${randomUUID()}/2026/01/${randomUUID()}`)).not.toThrow();
    expect(() => assertStorageKey('exports/a_b-c')).not.toThrow();
    for (const key of badKeys) expect(() => assertStorageKey(key), key).toThrow(InvalidStorageKey);
    expect(() => fileStorageKey('..', randomUUID(), new Date())).toThrow(InvalidStorageKey);
  });
});

describe('storageConfigFromEnv', () => {
  const repoRoot = resolve(import.meta.dirname, '../../..');

  it('defaults to the local disk under the repository .data directory', () => {
    expect(storageConfigFromEnv({})).toEqual({ driver: 'local', dir: join(repoRoot, '.data', 'files') });
    expect(storageConfigFromEnv({ STORAGE_DIR: 'var/files' })).toEqual({ driver: 'local', dir: join(repoRoot, 'var', 'files') });
    expect(storageConfigFromEnv({ STORAGE_DIR: '/srv/files' })).toEqual({ driver: 'local', dir: '/srv/files' });
    expect(createStorage(storageConfigFromEnv({}))).toBeInstanceOf(LocalDiskStorage);
  });

  it('reads the S3 settings and requires bucket and credentials', () => {
    expect(
      storageConfigFromEnv({
        STORAGE_DRIVER: 's3',
        S3_REGION: 'cn-east-1',
        S3_BUCKET: 'files',
        S3_ACCESS_KEY_ID: 'id',
        S3_SECRET_ACCESS_KEY: 'secret',
      }),
    ).toEqual({ driver: 's3', region: 'cn-east-1', bucket: 'files', accessKeyId: 'id', secretAccessKey: 'secret', forcePathStyle: false });
    expect(() => storageConfigFromEnv({ STORAGE_DRIVER: 's3', S3_BUCKET: 'files' })).toThrow(/S3_ACCESS_KEY_ID[\s\S]*S3_SECRET_ACCESS_KEY/);
    expect(() => storageConfigFromEnv({ STORAGE_DRIVER: 'ftp' })).toThrow();
    expect(() => storageConfigFromEnv({ STORAGE_DRIVER: 's3', S3_ENDPOINT: 'not a url', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'i', S3_SECRET_ACCESS_KEY: 's' })).toThrow();
  });
});
