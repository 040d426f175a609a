import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '@stationdesk/auth';
import { createDb, DEMO_PASSWORD, demoAccounts, seedDemo, type Db } from '@stationdesk/db';
import { fileStorageKey } from '@stationdesk/storage';
import { apiDeps, createTestDatabase, signedIn, testStorage, type Client } from '@stationdesk/test-utils';

/**
 * The demo's permit requests from the portal (seed/demo-portal-permits.ts): two of the demo
 * company's open cases came in as submitted drafts with their files, a fit-out draft is being
 * prepared — seen through the API as the demo enterprise admin. A database of its own (seedDemo
 * runs once per database).
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: Db;
let app: Db;
let admin: Client;

beforeAll(async () => {
  database = await createTestDatabase(inject('db').ownerUrl, 'demo');
  owner = createDb(database.ownerUrl, { max: 4 });
  app = createDb(database.appUrl, { max: 4 });
  const storage = testStorage();
  await seedDemo(owner, {
    passwordHash: await hashPassword(DEMO_PASSWORD),
    storeFile: async ({ tenantId, fileId, at, data }) => {
      const key = fileStorageKey(tenantId, fileId, at);
      await storage.put(key, data);
      return key;
    },
  });
  admin = await signedIn(apiDeps(app), demoAccounts.xinhongEnterprise, DEMO_PASSWORD);
}, 180_000);

afterAll(async () => {
  await Promise.all([owner?.close(), app?.close()]);
  await database?.drop();
});

describe('demo permit requests from the portal', () => {
  it('two open cases came from the portal with their files; a fit-out draft is being prepared', async () => {
    const submitted = (await owner.pool.query(`select d.item_id, a.step from agency_drafts d join agency_cases a on a.item_id = d.item_id where d.status = 'submitted'`)).rows;
    expect(submitted).toHaveLength(2);
    expect(submitted.every((r) => r.step !== 'done')).toBe(true);
    const list = await admin.call((api) => api.agencyCase.portalList());
    expect(list.drafts).toEqual([expect.objectContaining({ typeName: '二次装修施工许可', filesUploaded: 0, missingRequired: 5 })]);
    for (const r of submitted) expect(list.cases.map((c) => c.id)).toContain(r.item_id);
    const home = await admin.call((api) => api.portal.home());
    for (const r of submitted) expect(home.inProgress.map((c) => c.id)).toContain(r.item_id);
  });
});
