import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDeps, error, keyOf, makeMember, makeTenant, openTestDb, signedIn, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * The knowledge base (知识库, issue 22): staff write and publish articles with revisions, enterprise
 * admins read only what is published, Markdown is rendered inert, search and suggestions find
 * Chinese fragments (title first), and "this answered my question" is counted without an item.
 */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let foreign: TestTenant;
let manager: Client;
let staff: Client;
let staffId: string;
let admin: Client;
let foreignManager: Client;

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];
const count = async (table: string, tenantId = tenant.tenantId) => Number((await q<{ n: string }>(`select count(*) as n from ${table} where tenant_id = $1`, [tenantId]))[0]!.n);

const fitOut = {
  title: '二次装修施工许可材料清单',
  body: '## 所需材料\n\n1. 装修施工方案\n2. 物业同意书\n3. 消防设计图纸\n\n办理地点：街道城建办。',
  category: 'fit_out' as const,
  tags: ['装修', '许可'],
  agencyTypes: ['fit_out'],
};

async function publish(c: Client, id: string) {
  const { version } = await c.call((api) => api.knowledge.get({ id }));
  return c.call((api) => api.knowledge.publish({ id, version, published: true }));
}

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  foreign = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  const s = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
  staffId = s.id;
  staff = await signedIn(deps, s.email);
  admin = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 })).email);
  foreignManager = await signedIn(deps, (await makeMember(t.owner, foreign, 'manager')).email);
  await q(`insert into agency_types (tenant_id, code, name, department, statutory_days, promised_days) values ($1, 'fit_out', '二次装修', '区城建管理中心', 20, 10)`, [tenant.tenantId]);
}, 120_000);
afterAll(() => t.close());

describe('articles: write, publish, revise', () => {
  it('a draft, an edit, a publish: three revisions; admins see it only once published', async () => {
    const { id, version } = await staff.call((api) => api.knowledge.create({ ...fitOut, tags: [' 装修 ', '装修', '许可'] }));
    expect(version).toBe(1);
    const draft = await staff.call((api) => api.knowledge.get({ id }));
    expect(draft).toMatchObject({ status: 'draft', tags: ['装修', '许可'], agencyTypes: ['fit_out'], category: 'fit_out', titleEn: null });
    expect(draft.html).toContain('<h2>所需材料</h2>');
    expect(draft.html).toContain('<li>物业同意书</li>');

    // A draft is not there for the enterprise: not found, not listed, not searched, not suggested.
    expect((await error(admin.call((api) => api.knowledge.get({ id })))).code).toBe('NOT_FOUND');
    expect((await admin.call((api) => api.knowledge.list({}))).items.map((a) => a.id)).not.toContain(id);
    expect((await admin.call((api) => api.knowledge.search({ q: '装修' }))).items).toEqual([]);
    expect((await admin.call((api) => api.knowledge.suggest({ text: '二次装修要准备哪些材料' }))).items).toEqual([]);

    const saved = await manager.call((api) => api.knowledge.update({ id, version: 1, ...fitOut, titleEn: 'Fit-out permit: documents', bodyEn: 'Bring the **works plan**.' }));
    expect(saved.version).toBe(2);
    const published = await publish(staff, id);
    expect(published.version).toBe(3);

    const read = await admin.call((api) => api.knowledge.get({ id }));
    expect(read).toMatchObject({ status: 'published', title: fitOut.title, titleEn: 'Fit-out permit: documents' });
    expect(read.htmlEn).toContain('<strong>works plan</strong>');
    expect((await admin.call((api) => api.knowledge.list({}))).items.map((a) => a.id)).toContain(id);

    const revisions = await staff.call((api) => api.knowledge.revisions({ id }));
    expect(revisions.items.map((r) => [r.version, r.status])).toEqual([
      [3, 'published'],
      [2, 'draft'],
      [1, 'draft'],
    ]);
    expect(revisions.items[2]!.tags).toEqual(['装修', '许可']);
    expect(Number((await q<{ n: string }>('select count(*) as n from knowledge_revisions where article_id = $1', [id]))[0]!.n)).toBe(3);

    // Taken back: gone from the portal again.
    await staff.call((api) => api.knowledge.publish({ id, version: 3, published: false }));
    expect((await error(admin.call((api) => api.knowledge.get({ id })))).code).toBe('NOT_FOUND');
    await staff.call((api) => api.knowledge.publish({ id, version: 4, published: true }));
  });

  it('a stale version, a repeated publish and a half English version are refused, nothing written', async () => {
    const { id } = await staff.call((api) => api.knowledge.create({ ...fitOut, title: '装修备案常见问题' }));
    await staff.call((api) => api.knowledge.update({ id, version: 1, ...fitOut, title: '装修备案常见问题（新）' }));
    const before = await count('knowledge_revisions');
    const stale = await error(manager.call((api) => api.knowledge.update({ id, version: 1, ...fitOut, title: '旧版覆盖' })));
    expect([stale.code, keyOf(stale)]).toEqual(['CONFLICT', 'errors.concurrentEdit']);
    await publish(staff, id);
    const twice = await error(staff.call((api) => api.knowledge.publish({ id, version: 3, published: true })));
    expect(keyOf(twice)).toBe('errors.knowledge.alreadyPublished');
    const half = await error(staff.call((api) => api.knowledge.update({ id, version: 3, ...fitOut, titleEn: 'Only a title' })));
    expect([half.code, keyOf(half)]).toEqual(['BAD_REQUEST', 'errors.knowledge.englishIncomplete']);
    const unknownType = await error(staff.call((api) => api.knowledge.create({ ...fitOut, agencyTypes: ['no_such_type'] })));
    expect(keyOf(unknownType)).toBe('errors.knowledge.agencyTypeUnknown');
    expect(await count('knowledge_revisions')).toBe(before + 1);
    expect((await staff.call((api) => api.knowledge.get({ id }))).title).toBe('装修备案常见问题（新）');
  });

  it('bad input: empty title, huge body, wrong types', async () => {
    const before = await count('knowledge_articles');
    expect((await error(staff.call((api) => api.knowledge.create({ ...fitOut, title: ' ' })))).code).toBe('BAD_REQUEST');
    expect((await error(staff.call((api) => api.knowledge.create({ ...fitOut, body: '字'.repeat(50_001) })))).code).toBe('BAD_REQUEST');
    expect((await error(staff.call((api) => api.knowledge.create({ ...fitOut, category: 'gossip' as never })))).code).toBe('BAD_REQUEST');
    expect((await error(staff.call((api) => api.knowledge.create({ ...fitOut, tags: 'x' as never })))).code).toBe('BAD_REQUEST');
    expect((await error(admin.call((api) => api.knowledge.suggest({ text: '字'.repeat(1001) })))).code).toBe('BAD_REQUEST');
    expect(await count('knowledge_articles')).toBe(before);
  });

  it('wrong role: enterprise admins write nothing and read no revisions', async () => {
    const before = await count('knowledge_articles');
    expect((await error(admin.call((api) => api.knowledge.create(fitOut)))).code).toBe('FORBIDDEN');
    const { items } = await admin.call((api) => api.knowledge.list({}));
    expect((await error(admin.call((api) => api.knowledge.revisions({ id: items[0]!.id })))).code).toBe('FORBIDDEN');
    expect((await error(admin.call((api) => api.knowledge.update({ id: items[0]!.id, version: 1, ...fitOut })))).code).toBe('FORBIDDEN');
    expect((await error(staff.call((api) => api.knowledge.deflect({ articleId: items[0]!.id })))).code).toBe('FORBIDDEN');
    expect(await count('knowledge_articles')).toBe(before);
  });

  it('wrong tenant: another subdistrict neither reads nor edits nor lists the articles', async () => {
    const { items } = await staff.call((api) => api.knowledge.list({}));
    const id = items[0]!.id;
    expect((await error(foreignManager.call((api) => api.knowledge.get({ id })))).code).toBe('NOT_FOUND');
    expect((await error(foreignManager.call((api) => api.knowledge.update({ id, version: 1, ...fitOut })))).code).toBe('NOT_FOUND');
    expect((await error(foreignManager.call((api) => api.knowledge.revisions({ id })))).code).toBe('NOT_FOUND');
    expect((await foreignManager.call((api) => api.knowledge.list({}))).items).toEqual([]);
    expect((await foreignManager.call((api) => api.knowledge.search({ q: '装修' }))).items).toEqual([]);
    expect(await count('knowledge_articles', foreign.tenantId)).toBe(0);
  });
});

describe('Markdown is rendered inert', () => {
  it('scripts, iframes, javascript: links and event handlers do not survive', async () => {
    const body = [
      '# 通知',
      '<script>window.__pwned = 1</script>',
      '<iframe src="https://evil.example/"></iframe>',
      '[点这里](javascript:alert(1))',
      '<img src="x" onerror="alert(1)">',
      '<a href="https://www.gov.cn" onclick="alert(1)">政府网</a>',
      '<p style="color:red" onmouseover="alert(1)">悬停</p>',
      '[data](data:text/html;base64,PHNjcmlwdD4=)',
      '正常的 **加粗** 和 [链接](https://zwdt.sh.gov.cn)',
    ].join('\n\n');
    const { id } = await staff.call((api) => api.knowledge.create({ title: '安全测试文章', body, category: 'other' }));
    const { html } = await staff.call((api) => api.knowledge.get({ id }));
    expect(html).not.toMatch(/<script|<iframe|javascript:|onerror|onclick|onmouseover|style=|data:text/i);
    expect(html).toContain('<strong>加粗</strong>');
    expect(html).toContain('<a href="https://zwdt.sh.gov.cn" rel="noopener noreferrer" target="_blank">链接</a>');
    expect(html).toContain('<a href="https://www.gov.cn" rel="noopener noreferrer" target="_blank">政府网</a>');
    // The Markdown itself is kept as written (staff edit it), only its rendering is cleaned.
    expect((await staff.call((api) => api.knowledge.get({ id }))).body).toBe(body);
  });
});

describe('search and suggestions in Chinese', () => {
  let stable: string;
  let residence: string;
  let mention: string;
  beforeAll(async () => {
    stable = (await staff.call((api) => api.knowledge.create({ title: '稳岗补贴申领条件', body: '参保企业上年度未裁员或裁员率低于标准，可申请稳岗返还。', category: 'subsidy' }))).id;
    residence = (await staff.call((api) => api.knowledge.create({ title: '居住证积分办理指南', body: '积分达到标准分值可享受子女入学等待遇。', category: 'talent' }))).id;
    // Mentions 稳岗补贴 only in its body.
    mention = (await staff.call((api) => api.knowledge.create({ title: '企业用工政策汇总', body: '包括社保补贴、稳岗补贴、培训补贴等多项政策。', category: 'employment' }))).id;
    for (const id of [stable, residence, mention]) await publish(staff, id);
  });

  it('search: two characters are enough; title matches come before body matches', async () => {
    const { items } = await admin.call((api) => api.knowledge.search({ q: '稳岗补贴' }));
    expect(items.map((a) => a.id)).toEqual([stable, mention]);
    expect((await admin.call((api) => api.knowledge.search({ q: '积分' }))).items.map((a) => a.id)).toEqual([residence]);
    expect((await admin.call((api) => api.knowledge.search({ q: '稳' }))).items).toEqual([]);
    // The list's filter: every gram in the article; by category.
    const listed = await staff.call((api) => api.knowledge.list({ q: '补贴', category: 'subsidy' }));
    expect(listed.items.map((a) => a.id)).toEqual([stable]);
  });

  it('suggest: a typed question finds the article by its words, best first; unrelated text finds none', async () => {
    const { items } = await admin.call((api) => api.knowledge.suggest({ text: '我们公司想申请稳岗补贴，需要什么条件？' }));
    expect(items[0]!.id).toBe(stable);
    expect(items[0]!.excerpt).toContain('参保企业');
    expect(items.map((a) => a.id)).not.toContain(residence);
    expect((await admin.call((api) => api.knowledge.suggest({ text: '门口的路灯坏了' }))).items).toEqual([]);
    expect((await admin.call((api) => api.knowledge.suggest({ text: '' }))).items).toEqual([]);
  });

  it('keyset pages walk every article once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await staff.call((api) => api.knowledge.list({ limit: 2, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await count('knowledge_articles'));
  });
});

describe('deflection', () => {
  it('"this answered my question" is counted, no item is created, and the rate says so', async () => {
    const [article] = (await admin.call((api) => api.knowledge.suggest({ text: '居住证积分怎么办理' }))).items;
    expect(article).toBeDefined();
    const items = await count('work_items');
    await admin.call((api) => api.knowledge.deflect({ articleId: article!.id, question: '居住证积分怎么办理' }));
    expect(await count('work_items')).toBe(items);
    const [row] = await q<{ article_id: string; enterprise_id: string; station_id: string }>('select article_id, enterprise_id, station_id from knowledge_deflections where tenant_id = $1', [tenant.tenantId]);
    expect(row).toMatchObject({ article_id: article!.id, enterprise_id: tenant.enterpriseIds[0] });

    await admin.call((api) => api.workItem.create({ kind: 'consultation', title: '社保开户', description: '新公司社保开户怎么办？', channel: 'portal', category: 'hr' }));
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const rate = await manager.call((api) => api.knowledge.deflectionRate({ from: today, to: today }));
    const [independent] = await q<{ d: string; c: string }>(
      `select (select count(*) from knowledge_deflections where tenant_id = $1) as d,
              (select count(*) from work_items where tenant_id = $1 and kind = 'consultation' and channel = 'portal') as c`,
      [tenant.tenantId],
    );
    expect(rate).toEqual({ numerator: Number(independent!.d), denominator: Number(independent!.d) + Number(independent!.c), rate: Number(independent!.d) / (Number(independent!.d) + Number(independent!.c)) });
    expect((await error(admin.call((api) => api.knowledge.deflectionRate({ from: today, to: today })))).code).toBe('FORBIDDEN');
  });

  it('a draft or another tenant\'s article cannot be named', async () => {
    const { id } = await staff.call((api) => api.knowledge.create({ title: '未发布的草稿', body: '草稿', category: 'other' }));
    const before = await count('knowledge_deflections');
    expect((await error(admin.call((api) => api.knowledge.deflect({ articleId: id })))).code).toBe('NOT_FOUND');
    expect(await count('knowledge_deflections')).toBe(before);
  });
});

describe('an answer becomes an article draft', () => {
  it('a resolved consultation: its title and answer; an open one is refused', async () => {
    const { id } = await admin.call((api) => api.workItem.create({ kind: 'consultation', title: '税务登记需要带什么？', description: '新设立的公司第一次去税务登记。', channel: 'portal', category: 'policy' }));
    const refused = await error(staff.call((api) => api.knowledge.draftFromItem({ itemId: id })));
    expect(keyOf(refused)).toBe('errors.knowledge.itemNotResolved');
    const move = async (action: string, note?: string) => {
      const { version } = await staff.call((api) => api.workItem.get({ id }));
      return staff.call((api) => api.workItem.transition({ id, action: action as never, version, ...(note ? { note } : {}) }));
    };
    await staff.call((api) => api.workItem.assign({ id, assigneeId: staffId }));
    await move('accept');
    await move('start');
    await move('resolve', '新办纳税人通过电子税务局完成信息确认即可，无需单独办理税务登记证。');
    const draft = await staff.call((api) => api.knowledge.draftFromItem({ itemId: id }));
    const article = await staff.call((api) => api.knowledge.get({ id: draft.id }));
    expect(article).toMatchObject({ title: '税务登记需要带什么？', status: 'draft', sourceItemId: id });
    expect(article.body).toContain('电子税务局');
    expect(article.body).toContain('> 新设立的公司第一次去税务登记。');
    expect((await error(foreignManager.call((api) => api.knowledge.draftFromItem({ itemId: id })))).code).toBe('NOT_FOUND');
  });
});
