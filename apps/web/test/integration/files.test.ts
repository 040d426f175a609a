import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@stationdesk/db';
import { translator } from '@stationdesk/i18n';
import { storeGeneratedFile } from '@stationdesk/services';
import { filePurposes, LocalDiskStorage, type FilePurpose } from '@stationdesk/storage';
import { apiDeps, makeMember, makeTenant, openTestDb, signedIn, type Client, type TestTenant } from '@stationdesk/test-utils';
import sharp from 'sharp';
import { createFileRoutes } from '../../server/files.ts';

/**
 * The file endpoints over real HTTP against the run's database, files on a temporary disk:
 * who may upload and download what, what content is refused, and what the download looks like.
 */
let t: ReturnType<typeof openTestDb>;
let server: Server;
let base: string;
let dir: string;
let storage: LocalDiskStorage;
let staffUserId: string;
let managerEmail: string;
let a: TestTenant;
let b: TestTenant;
type Member = 'staff' | 'otherStaff' | 'admin' | 'otherAdmin' | 'manager' | 'foreignManager';
const cookies: Record<Member, string> = {} as never;
const emails: Record<Member, string> = {} as never;

const MB = 1024 * 1024;

/** A one-page PDF with a correct cross-reference table. */
function pdf(text = 'licence'): Buffer {
  const objects = ['<</Type/Catalog/Pages 2 0 R>>', '<</Type/Pages/Kids[3 0 R]/Count 1>>', `<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Title(${text})>>`];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  return Buffer.from(`${body}trailer\n<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`, 'latin1');
}

/** The first bytes of a Windows executable: MZ, the PE header offset, PE\0\0. */
function windowsExecutable(): Buffer {
  const buf = Buffer.alloc(1024, 0x90);
  buf.write('MZ', 0, 'latin1');
  buf.writeUInt32LE(0x80, 0x3c);
  buf.write('PE\0\0', 0x80, 'latin1');
  return buf;
}

function upload(opts: { cookie?: string; purpose?: string; enterpriseId?: string; name?: string; body: Buffer | Uint8Array | string | ReadableStream<Uint8Array>; headers?: Record<string, string> }) {
  const query = new URLSearchParams({ purpose: opts.purpose ?? 'enterprise_document', ...(opts.enterpriseId ? { enterpriseId: opts.enterpriseId } : {}) });
  return fetch(`${base}/api/files?${query}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/pdf', // ignored: the content decides
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...(opts.name !== undefined ? { 'x-file-name': encodeURIComponent(opts.name) } : {}),
      ...opts.headers,
    },
    body: opts.body,
    ...(opts.body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
}

const download = (id: string, cookie?: string, query = '') => fetch(`${base}/api/files/${id}${query}`, { headers: cookie ? { cookie } : {} });

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

const fileRows = () => withTenant(t.owner, a.tenantId, (trx) => trx.selectFrom('files').selectAll().execute());

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Nothing new in the table or on disk since `before`. */
async function expectNothingStored(before: { rows: number; files: number }) {
  expect((await fileRows()).length).toBe(before.rows);
  expect((await storedFiles()).length).toBe(before.files);
}

const snapshot = async () => ({ rows: (await fileRows()).length, files: (await storedFiles()).length });

beforeAll(async () => {
  t = openTestDb();
  dir = await mkdtemp(join(tmpdir(), 'sd-files-'));
  storage = new LocalDiskStorage(dir);
  const files = createFileRoutes({ db: t.db, storage, logger: pino({ level: 'silent' }), allowedOrigins: [] });
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const meta = { ip: req.socket.remoteAddress ?? null, origin: `http://${req.headers.host}`, requestId: 'test' };
    if (!files(req, res, path, meta)) {
      res.writeHead(404);
      res.end();
    }
  });
  base = await new Promise((done) => server.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

  a = await makeTenant(t.owner);
  b = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  const member = async (who: Member, user: { email: string }) => {
    emails[who] = user.email;
    cookies[who] = (await signedIn(deps, user.email)).state.cookie;
  };
  // Enterprises 0 and 1 are in station 0; enterprise 2 in station 1.
  const staff = await makeMember(t.owner, a, 'staff', { stationIndexes: [0] });
  staffUserId = staff.id;
  await member('staff', staff);
  await member('otherStaff', await makeMember(t.owner, a, 'staff', { stationIndexes: [1] }));
  await member('admin', await makeMember(t.owner, a, 'enterprise_admin', { enterpriseIndex: 0 }));
  await member('otherAdmin', await makeMember(t.owner, a, 'enterprise_admin', { enterpriseIndex: 1 }));
  const manager = await makeMember(t.owner, a, 'manager');
  managerEmail = manager.email;
  await member('manager', manager);
  await member('foreignManager', await makeMember(t.owner, b, 'manager'));
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

describe('an enterprise document, uploaded and downloaded', () => {
  const licence = pdf();
  let fileId: string;

  it('is stored for staff of the enterprise’s station, with its row and its bytes', async () => {
    const res = await upload({ cookie: cookies.staff, enterpriseId: a.enterpriseIds[0], name: '营业执照（副本）.pdf', body: licence });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: string; name: string; contentType: string; size: number };
    expect(body).toEqual({ id: expect.any(String), name: '营业执照（副本）.pdf', contentType: 'application/pdf', size: licence.length });
    fileId = body.id;

    const row = (await fileRows()).find((r) => r.id === fileId)!;
    expect(row).toMatchObject({
      purpose: 'enterprise_document',
      enterprise_id: a.enterpriseIds[0],
      original_name: '营业执照（副本）.pdf',
      content_type: 'application/pdf',
      size_bytes: licence.length,
      sha256: createHash('sha256').update(licence).digest('hex'),
    });
    expect(row.uploaded_by).toEqual(expect.any(String));
    expect(row.storage_key).toMatch(new RegExp(`^${a.tenantId}/\\d{4}/\\d{2}/${fileId}$`));
    expect((await readFile(join(dir, ...row.storage_key.split('/')))).equals(licence)).toBe(true);
  });

  it('comes back byte for byte, as a private download under its Chinese name', async () => {
    const res = await download(fileId, cookies.staff);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(licence)).toBe(true);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-length')).toBe(String(licence.length));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toBe(`attachment; filename="________.pdf"; filename*=UTF-8''${encodeURIComponent('营业执照（副本）.pdf')}`);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!)).toBe('营业执照（副本）.pdf');
  });

  it('opens inline in the browser only when asked', async () => {
    const res = await download(fileId, cookies.staff, '?inline=1');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename=/);
    await res.arrayBuffer();
  });

  it('is readable by the enterprise’s own admin and the manager', async () => {
    for (const cookie of [cookies.admin, cookies.manager]) {
      const res = await download(fileId, cookie);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(licence)).toBe(true);
    }
  });

  it('is not found for staff of another station, another enterprise’s admin, or another tenant', async () => {
    for (const cookie of [cookies.otherStaff, cookies.otherAdmin, cookies.foreignManager]) {
      const res = await download(fileId, cookie);
      expect(res.status).toBe(404);
      expect(await errorOf(res)).toEqual({ code: 'NOT_FOUND', message: translator('zh-CN')('errors.file.notFound') });
    }
    const en = await fetch(`${base}/api/files/${fileId}`, { headers: { cookie: cookies.otherStaff, 'accept-language': 'en' } });
    expect((await errorOf(en)).message).toBe(translator('en')('errors.file.notFound'));
  });

  it('is invisible to another tenant even to a direct query (row-level security)', async () => {
    const seen = await withTenant(t.db, b.tenantId, (trx) => trx.selectFrom('files').select('id').where('id', '=', fileId).execute());
    expect(seen).toEqual([]);
  });

  it('is not found for an unknown or malformed id', async () => {
    expect((await download('0190a6e0-0000-7000-8000-000000000000', cookies.manager)).status).toBe(404);
    expect((await download('not-a-uuid', cookies.manager)).status).toBe(404);
    expect((await download('%E0%A4%A', cookies.manager)).status).toBe(404);
  });
});

describe('who may upload', () => {
  it('refuses staff of another station and another enterprise’s admin, storing nothing', async () => {
    const before = await snapshot();
    for (const cookie of [cookies.otherStaff, cookies.otherAdmin, cookies.foreignManager]) {
      const res = await upload({ cookie, enterpriseId: a.enterpriseIds[0], name: 'licence.pdf', body: pdf() });
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe('NOT_FOUND');
    }
    await expectNothingStored(before);
  });

  it('lets an enterprise admin upload a document for its own enterprise', async () => {
    const res = await upload({ cookie: cookies.admin, enterpriseId: a.enterpriseIds[0], name: 'lease.pdf', body: pdf('lease') });
    expect(res.status).toBe(200);
  });

  it('needs an enterprise for an enterprise document and a known purpose', async () => {
    const missing = await upload({ cookie: cookies.staff, name: 'licence.pdf', body: pdf() });
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).message).toBe(translator('zh-CN')('errors.file.enterpriseRequired'));
    for (const purpose of ['export', 'avatar']) {
      const res = await upload({ cookie: cookies.manager, purpose, name: 'x.csv', body: 'a,b\n' });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).message).toBe(translator('zh-CN')('errors.file.purposeInvalid'));
    }
  });

  it('keeps imports to staff and managers, and their files to the uploader and managers', async () => {
    const csv = Buffer.from('\uFEFF企业名称,统一社会信用代码\r\n新虹科技有限公司,91310000MA1FL0000X\r\n');
    expect((await upload({ cookie: cookies.admin, purpose: 'import', name: '企业名单.csv', body: csv })).status).toBe(403);
    const res = await upload({ cookie: cookies.staff, purpose: 'import', name: '企业名单.csv', body: csv });
    expect(res.status).toBe(200);
    const { id, contentType } = (await res.json()) as { id: string; contentType: string };
    expect(contentType).toBe('text/csv');
    expect((await download(id, cookies.staff)).status).toBe(200);
    expect((await download(id, cookies.manager)).status).toBe(200);
    expect((await download(id, cookies.otherStaff)).status).toBe(404);
  });

  it('answers 401 without a session and 403 to a foreign Origin', async () => {
    const before = await snapshot();
    const anonymous = await upload({ enterpriseId: a.enterpriseIds[0], name: 'licence.pdf', body: pdf() });
    expect(anonymous.status).toBe(401);
    expect((await errorOf(anonymous)).message).toBe('请先登录。');
    expect((await download('0190a6e0-0000-7000-8000-000000000000')).status).toBe(401);
    const forged = await upload({
      cookie: cookies.staff,
      enterpriseId: a.enterpriseIds[0],
      name: 'licence.pdf',
      body: pdf(),
      headers: { origin: 'https://evil.example' },
    });
    expect(forged.status).toBe(403);
    expect((await errorOf(forged)).message).toBe(translator('zh-CN')('errors.foreignOrigin'));
    await expectNothingStored(before);
  });

  it('answers 405 to other methods', async () => {
    expect((await fetch(`${base}/api/files`, { headers: { cookie: cookies.staff } })).status).toBe(405);
    expect((await fetch(`${base}/api/files/0190a6e0-0000-7000-8000-000000000000`, { method: 'DELETE' })).status).toBe(405);
  });
});

/**
 * Every kind of attachment × every role: a file opens exactly for those who may see what it is
 * attached to. Staff are of station 1 (`staff`) or station 2 (`otherStaff`); `admin` is enterprise
 * 0's, `otherAdmin` enterprise 1's (both companies in station 1); `foreignManager` is of another tenant.
 */
describe('who may download: whoever may see what the file is attached to', () => {
  const matrix: { what: string; purpose: FilePurpose; open: Member[] }[] = [
    { what: 'an enterprise document of company 0', purpose: 'enterprise_document', open: ['manager', 'staff', 'admin'] },
    { what: 'a file on a public reply to company 0’s request', purpose: 'attachment', open: ['manager', 'staff', 'admin'] },
    { what: 'a file company 0 sent with its own reply', purpose: 'attachment', open: ['manager', 'staff', 'admin'] },
    { what: 'a file on an internal note on company 0’s request', purpose: 'attachment', open: ['manager', 'staff'] },
    { what: 'a file on a reply to an item of no enterprise', purpose: 'attachment', open: ['manager', 'staff'] },
    { what: 'a file on a reply to company 0’s item handed over to station 2', purpose: 'attachment', open: ['manager', 'otherStaff', 'admin'] },
    { what: 'dispute evidence (company 0 a party)', purpose: 'attachment', open: ['manager', 'staff'] },
    { what: 'a dispute’s signed agreement', purpose: 'attachment', open: ['manager', 'staff'] },
    { what: 'an agreement generated to be signed', purpose: 'attachment', open: ['manager', 'staff'] },
    { what: 'a material company 0 handed in for its agency case', purpose: 'attachment', open: ['manager', 'staff', 'admin'] },
    { what: 'the document an agency case resulted in', purpose: 'attachment', open: ['manager', 'staff', 'admin'] },
    { what: 'a checklist template', purpose: 'attachment', open: ['manager', 'staff', 'otherStaff', 'admin', 'otherAdmin'] },
    { what: 'an upload attached to nothing yet', purpose: 'attachment', open: ['staff'] },
    { what: 'a patrol finding’s photo (about company 0)', purpose: 'patrol_photo', open: ['manager', 'staff'] },
    { what: 'an import', purpose: 'import', open: ['manager', 'staff'] },
    { what: 'an export', purpose: 'export', open: ['manager', 'staff'] },
  ];
  const fileOf = new Map<string, string>();
  const members: Member[] = ['manager', 'staff', 'otherStaff', 'admin', 'otherAdmin', 'foreignManager'];

  beforeAll(async () => {
    const deps = apiDeps(t.db, { storage });
    const api = {} as Record<'manager' | 'staff' | 'otherStaff' | 'admin', Client>;
    for (const who of ['manager', 'staff', 'otherStaff', 'admin'] as const) api[who] = await signedIn(deps, emails[who]);
    const uploaded = async (who: Member, name: string, purpose: FilePurpose = 'attachment', body: Buffer = pdf(name)) => {
      const res = await upload({ cookie: cookies[who], purpose, name, body });
      expect(res.status).toBe(200);
      return ((await res.json()) as { id: string }).id;
    };
    const [e0] = a.enterpriseIds as [string];
    const replyWith = async (who: keyof typeof api, id: string, what: string, visibility: 'public' | 'internal' = 'public') => {
      const fileId = await uploaded(who, `${what}.pdf`);
      await api[who].call((c) => c.workItem.reply({ id, body: what, visibility, attachmentIds: [fileId] }));
      fileOf.set(what, fileId);
    };

    const docRes = await upload({ cookie: cookies.staff, enterpriseId: e0, name: '营业执照.pdf', body: pdf() });
    fileOf.set('an enterprise document of company 0', ((await docRes.json()) as { id: string }).id);

    const request = await api.admin.call((c) => c.workItem.create({ kind: 'consultation', channel: 'portal', title: '社保补缴政策咨询', description: '请问如何补缴' }));
    await replyWith('staff', request.id, 'a file on a public reply to company 0’s request');
    await replyWith('admin', request.id, 'a file company 0 sent with its own reply');
    await replyWith('staff', request.id, 'a file on an internal note on company 0’s request', 'internal');

    const loose = await api.staff.call((c) => c.workItem.create({ kind: 'patrol', channel: 'patrol', title: '楼道消防通道堆物' }));
    await replyWith('staff', loose.id, 'a file on a reply to an item of no enterprise');

    const handedOver = await api.staff.call((c) => c.workItem.create({ kind: 'consultation', enterpriseId: e0, channel: 'walk_in', title: '跨站协办事项', assign: { mode: 'self' } }));
    const assigned = await api.staff.call((c) => c.workItem.get({ id: handedOver.id }));
    await api.staff.call((c) => c.workItem.transition({ id: handedOver.id, action: 'return', note: '属工作站2辖区', version: assigned.version, stationId: a.stations[1]!.id }));
    await replyWith('otherStaff', handedOver.id, 'a file on a reply to company 0’s item handed over to station 2');

    const dispute = await api.staff.call((c) =>
      c.dispute.create({
        source: 'party_application',
        disputeType: 'wage_arrears',
        enterpriseId: e0,
        title: '员工反映拖欠工资',
        facts: '3 名员工反映公司未发放工资。',
        amountYuan: 30000,
        peopleInvolved: 3,
        parties: [
          { side: 'applicant', kind: 'person', name: '王建国', phone: '13812341234' },
          { side: 'respondent', kind: 'organisation', name: '测试企业', enterpriseId: e0 },
        ],
        assign: { mode: 'self' },
      }),
    );
    const d = await api.staff.call((c) => c.workItem.get({ id: dispute.id }));
    if (d.allowedActions.includes('accept')) await api.staff.call((c) => c.workItem.transition({ id: dispute.id, action: 'accept', version: d.version }));
    const evidence = await uploaded('staff', '工资条.pdf');
    await api.staff.call((c) => c.dispute.addEvidence({ id: dispute.id, fileId: evidence }));
    fileOf.set('dispute evidence (company 0 a party)', evidence);
    await api.staff.call((c) =>
      c.dispute.addSession({ id: dispute.id, kind: 'mediation', heldAt: new Date(Date.now() - 3_600_000).toISOString(), mediator: '李调解', attendees: '双方', notes: '同意支付。' }),
    );
    await api.staff.call((c) =>
      c.dispute.recordOutcome({
        id: dispute.id,
        outcome: 'agreement',
        agreement: { number: '新虹调〔2026〕7号', terms: '一次付清。', amountYuan: 30000, method: '银行转账', place: '工作站', dueOn: '2026-12-10' },
      }),
    );
    const signed = await uploaded('staff', '协议签字页.pdf');
    await api.staff.call((c) => c.dispute.attachSignedAgreement({ id: dispute.id, fileId: signed }));
    fileOf.set('a dispute’s signed agreement', signed);
    fileOf.set('an agreement generated to be signed', (await api.staff.call((c) => c.dispute.agreementDocument({ id: dispute.id }))).fileId);

    const template = await uploaded('manager', '施工申请表.pdf');
    fileOf.set('a checklist template', template);
    const type = await api.manager.call((c) =>
      c.agencyType.create({
        code: 'matrix-fit-out',
        name: '装修（矩阵）',
        nameEn: null,
        department: '区建管委',
        statutoryDays: 20,
        promisedDays: 10,
        checklist: [{ key: 'form', name: '施工申请表', required: true, templateFileId: template }],
      }),
    );
    const agency = await api.staff.call((c) => c.agencyCase.create({ typeId: type.id, enterpriseId: e0, channel: 'walk_in', assign: { mode: 'self' } }));
    const ac = await api.staff.call((c) => c.workItem.get({ id: agency.id }));
    if (ac.allowedActions.includes('accept')) await api.staff.call((c) => c.workItem.transition({ id: agency.id, action: 'accept', version: ac.version }));
    const material = await uploaded('admin', '施工图纸.pdf');
    await api.admin.call((c) => c.agencyCase.uploadMaterial({ id: agency.id, checklistKey: 'form', fileId: material }));
    fileOf.set('a material company 0 handed in for its agency case', material);
    const result = await uploaded('staff', '撤回说明.pdf');
    await api.staff.call((c) => c.agencyCase.advance({ id: agency.id, step: 'done', result: 'withdrawn', resultFileId: result, note: '企业撤回' }));
    fileOf.set('the document an agency case resulted in', result);

    fileOf.set('an upload attached to nothing yet', await uploaded('staff', '草稿.pdf'));
    const photo = await uploaded('staff', 'IMG_0001.jpg', 'patrol_photo', await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } }).jpeg().toBuffer());
    await api.staff.call((c) =>
      c.patrolFinding.create({ buildingId: a.stations[0]!.buildingIds[0]!, floor: '1F', enterpriseId: e0, category: 'fire_safety', tier: 'red', description: '楼道堆物', photoFileIds: [photo] }),
    );
    fileOf.set('a patrol finding’s photo (about company 0)', photo);
    fileOf.set('an import', await uploaded('staff', '企业名单.csv', 'import', Buffer.from('企业名称,统一社会信用代码\r\n新虹科技有限公司,91310000MA1FL0000X\r\n')));
    fileOf.set('an export', (await api.staff.call((c) => c.enterprise.export({}))).fileId);
  });

  it('covers every purpose a file may have', () => {
    expect(new Set(matrix.map((m) => m.purpose))).toEqual(new Set(filePurposes));
  });

  it.each(matrix)('$what ($purpose): opens for $open only', async ({ what, open }) => {
    const id = fileOf.get(what)!;
    expect(id).toEqual(expect.any(String));
    const seen: Member[] = [];
    for (const who of members) {
      const res = await download(id, cookies[who]);
      expect([200, 404]).toContain(res.status);
      if (res.status === 200) seen.push(who);
      await res.arrayBuffer();
    }
    expect(seen).toEqual(members.filter((m) => open.includes(m)));
  });
});

describe('attachments and exports', () => {
  it('a checklist template is open to every member of the tenant, the enterprises included', async () => {
    const res = await upload({ cookie: cookies.manager, purpose: 'attachment', name: '装修施工申请表.pdf', body: pdf('form') });
    const { id } = (await res.json()) as { id: string };
    // Until a checklist offers it, a manager's attachment stays with the station team.
    expect((await download(id, cookies.admin)).status).toBe(404);
    const manager = await signedIn(apiDeps(t.db), managerEmail);
    await manager.call((api) =>
      api.agencyType.create({
        code: 'template-test',
        name: '模板测试',
        nameEn: null,
        department: '区建管委',
        statutoryDays: 20,
        promisedDays: 10,
        checklist: [{ key: 'form', name: '施工申请表', required: true, templateFileId: id }],
      }),
    );
    for (const cookie of [cookies.admin, cookies.otherAdmin, cookies.staff, cookies.manager]) expect((await download(id, cookie)).status).toBe(200);
    expect((await download(id, cookies.foreignManager)).status).toBe(404);
  });

  it('only a tenant attachment of no enterprise can become a template', async () => {
    const manager = await signedIn(apiDeps(t.db), managerEmail);
    const doc = await upload({ cookie: cookies.staff, enterpriseId: a.enterpriseIds[0]!, name: '营业执照.pdf', body: pdf('licence') });
    const docId = ((await doc.json()) as { id: string }).id;
    const foreign = await upload({ cookie: cookies.foreignManager, purpose: 'attachment', name: 'other.pdf', body: pdf('other') });
    const foreignId = ((await foreign.json()) as { id: string }).id;
    for (const templateFileId of [docId, foreignId]) {
      const refused = await manager
        .call((api) =>
          api.agencyType.create({
            code: `bad-template-${templateFileId.slice(0, 8)}`,
            name: '坏模板',
            nameEn: null,
            department: '区建管委',
            statutoryDays: 20,
            promisedDays: 10,
            checklist: [{ key: 'form', name: '申请表', required: true, templateFileId }],
          }),
        )
        .then(
          () => null,
          (e: { code?: string; message?: string }) => e,
        );
      expect(refused?.code).toBe('BAD_REQUEST');
      expect(refused?.message).toBe('errors.agency.templateFileInvalid');
      expect(translator('zh-CN')('errors.agency.templateFileInvalid')).toMatch(/模板/);
    }
    // The enterprise's own document is still not open to another enterprise.
    expect((await download(docId, cookies.otherAdmin)).status).toBe(404);
  });

  it('an export we generated is the requester’s and the managers’, served under its name', async () => {
    const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const data = Buffer.from('PK\x03\x04 not sniffed: we wrote it');
    const actor = { userId: staffUserId, role: 'staff' as const, membershipId: null, scope: { kind: 'stations' as const, stationIds: [a.stations[0]!.id] }, ip: null };
    const stored = await withTenant(t.db, a.tenantId, (trx) =>
      storeGeneratedFile({ trx, actor, tenantId: a.tenantId, timezone: 'Asia/Shanghai' }, { storage }, { purpose: 'export', fileName: '企业名录', contentType: xlsxType, data }),
    );
    expect(stored).toMatchObject({ name: '企业名录.xlsx', contentType: xlsxType, size: data.length });
    const res = await download(stored.id, cookies.staff);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true);
    expect((await download(stored.id, cookies.manager)).status).toBe(200);
    expect((await download(stored.id, cookies.otherStaff)).status).toBe(404);
    await expect(
      withTenant(t.db, a.tenantId, (trx) =>
        storeGeneratedFile({ trx, actor, tenantId: a.tenantId, timezone: 'Asia/Shanghai' }, { storage }, { purpose: 'export', fileName: 'x', contentType: 'application/pdf', data }),
      ),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', messageKey: 'errors.file.typeNotAllowed' });
  });
});

describe('what is refused', () => {
  it('an executable named .pdf: 400, and no row, no bytes', async () => {
    const before = await snapshot();
    const res = await upload({ cookie: cookies.staff, enterpriseId: a.enterpriseIds[0], name: 'licence.pdf', body: windowsExecutable() });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({
      code: 'BAD_REQUEST',
      message: translator('zh-CN')('errors.file.typeNotAllowed', { allowed: 'PDF/JPG/PNG/WEBP' }),
    });
    await expectNothingStored(before);
  });

  it('an empty body or no file name: 400', async () => {
    const empty = await upload({ cookie: cookies.staff, enterpriseId: a.enterpriseIds[0], name: 'licence.pdf', body: new Uint8Array(0) });
    expect(empty.status).toBe(400);
    expect((await errorOf(empty)).message).toBe(translator('zh-CN')('errors.file.empty'));
    const unnamed = await upload({ cookie: cookies.staff, enterpriseId: a.enterpriseIds[0], body: pdf() });
    expect(unnamed.status).toBe(400);
    expect((await errorOf(unnamed)).message).toBe(translator('zh-CN')('errors.file.nameMissing'));
  });

  it('a declared size over the limit: 413 before the body is read', async () => {
    const before = await snapshot();
    const res = await upload({ cookie: cookies.staff, enterpriseId: a.enterpriseIds[0], name: 'big.pdf', body: Buffer.concat([pdf(), Buffer.alloc(20 * MB)]) });
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: translator('zh-CN')('errors.file.tooLarge', { maxMb: 20 }) });
    await expectNothingStored(before);
  });

  it('a streamed body that grows over the limit: 413 once it passes it', async () => {
    const before = await snapshot();
    let sent = 0;
    const chunk = Buffer.alloc(MB, 0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Far more than the 10 MB import limit: the server must stop before the end.
        if (sent >= 64 * MB) return controller.close();
        sent += chunk.length;
        controller.enqueue(sent === chunk.length ? Buffer.from('a,b\n') : chunk);
      },
    });
    const res = await upload({ cookie: cookies.manager, purpose: 'import', name: 'big.csv', body });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).message).toBe(translator('zh-CN')('errors.file.tooLarge', { maxMb: 10 }));
    expect(sent).toBeLessThan(64 * MB);
    await expectNothingStored(before);
  });
});

describe('file names', () => {
  it('keep only the last path part, lose control characters and take the real type’s extension', async () => {
    const res = await upload({
      cookie: cookies.staff,
      enterpriseId: a.enterpriseIds[0],
      name: 'C:\\Users\\张三\\Desktop\\"消防"\u202E验收\u0007.PNG',
      body: pdf(),
    });
    const { id, name } = (await res.json()) as { id: string; name: string };
    expect(name).toBe('"消防"验收.pdf');
    const disposition = (await download(id, cookies.staff)).headers.get('content-disposition')!;
    expect(disposition).toBe(`attachment; filename="______.pdf"; filename*=UTF-8''${encodeURIComponent('"消防"验收.pdf')}`);
  });

  it('keep a version number that is not an extension, and stop at 255 characters', async () => {
    const named = async (name: string) =>
      ((await (await upload({ cookie: cookies.staff, enterpriseId: a.enterpriseIds[0], name, body: pdf() })).json()) as { name: string }).name;
    expect(await named('租赁合同v1.2')).toBe('租赁合同v1.2.pdf');
    const long = await named(`${'企'.repeat(300)}.pdf`);
    expect(long).toBe(`${'企'.repeat(251)}.pdf`);
  });
});
