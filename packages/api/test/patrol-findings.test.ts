import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPatrolFindings, withTenant } from '@stationdesk/db';
import { openFile, uploadFile, type TenantContext } from '@stationdesk/services';
import { fileStorageKey, LocalDiskStorage, normalizePhoto } from '@stationdesk/storage';
import { apiDeps, error, keyOf, makeMember, makeTenant, openTestDb, signedIn, uid, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * 网格巡查 findings (issue 19): a finding made on site with photos (checked, re-encoded without
 * their metadata), its place checked against the building and the staff member's stations, its
 * tier's deadline, 复查 before it may close, a labour finding turned into a dispute case, the
 * enterprise's timeline, replays and who may do what.
 */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let foreign: TestTenant;
let storage: LocalDiskStorage;
let manager: Client;
let staff: Client; // station 0
let staffOther: Client; // station 1
let admin: Client; // enterprise 0 (station 0, building 0)
let foreignManager: Client;
let staffUser: { id: string; email: string };
let staffOtherUser: { id: string; email: string };
let building0: string; // station 0, floors B2 … 12F, 15F … 20F
let building1: string; // station 0, floors not recorded
let buildingOfStation1: string;
let e0: string; // building 0, 12F

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];
const count = async (table: string) => Number((await q<{ n: string }>(`select count(*) as n from ${table} where tenant_id = $1`, [tenant.tenantId]))[0]!.n);
const storedFiles = () => readdirSync(storage.rootDir, { recursive: true }).filter((f) => String(f).endsWith('.jpg') || !String(f).includes('.')).length;

function staffCtx(trx: TenantContext['trx'], user: { id: string }, stationIndex = 0): TenantContext {
  return {
    trx,
    tenantId: tenant.tenantId,
    timezone: 'Asia/Shanghai',
    actor: { userId: user.id, role: 'staff', membershipId: null, scope: { kind: 'stations', stationIds: [tenant.stations[stationIndex]!.id] }, ip: null },
  };
}

/** What POST /api/files?purpose=patrol_photo runs (apps/web/server/files.ts). */
const upload = (data: Buffer, user = staffUser, fileName = 'IMG_0001.jpg', stationIndex = 0) =>
  withTenant(t.db, tenant.tenantId, (trx) => uploadFile(staffCtx(trx, user, stationIndex), { storage }, { purpose: 'patrol_photo', fileName, data }));

/** A camera JPEG: where it was taken (EXIF GPS), who owns the camera, and its orientation tag. */
async function cameraPhoto(opts: { width?: number; height?: number; orientation?: number } = {}) {
  return sharp({ create: { width: opts.width ?? 640, height: opts.height ?? 480, channels: 3, background: '#b4442c' } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Artist: '李晓燕', Copyright: '李晓燕', Make: 'Xiaomi', Model: '14 Ultra' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 11/1 4321/100', GPSLongitudeRef: 'E', GPSLongitude: '121/1 22/1 1234/100' },
    })
    .withMetadata({ orientation: opts.orientation ?? 1 })
    .toBuffer();
}

/** A valid PNG header claiming `w` × `h` pixels with almost no data: decoding it would take gigabytes. */
function pngBomb(w: number, h: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(0, 9); // greyscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), chunk('IEND', Buffer.alloc(0))]);
}

const finding = (extra: Record<string, unknown> = {}) => ({
  buildingId: building0,
  floor: '12楼',
  location: '东侧消防通道',
  category: 'fire_safety',
  tier: 'red' as const,
  description: '消防通道堆放纸箱和废旧家具，影响疏散。',
  ...extra,
});

/** Staff take the finding on, work it and resolve it. */
async function resolved(c: Client, extra: Record<string, unknown> = {}) {
  const made = await c.call((api) => api.patrolFinding.create(finding({ assign: { mode: 'self' }, ...extra })));
  let v = (await c.call((api) => api.workItem.get({ id: made.id }))).version;
  v = (await c.call((api) => api.workItem.transition({ id: made.id, action: 'start', version: v }))).version;
  await c.call((api) => api.workItem.transition({ id: made.id, action: 'resolve', note: '已督促物业清理完毕', version: v }));
  return made.id;
}

beforeAll(async () => {
  t = openTestDb();
  const dir = mkdtempSync(join(tmpdir(), 'sd-patrol-'));
  storage = new LocalDiskStorage(dir);
  tenant = await makeTenant(t.owner);
  foreign = await makeTenant(t.owner);
  const deps = apiDeps(t.db, { storage });
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  staffUser = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
  staff = await signedIn(deps, staffUser.email);
  staffOtherUser = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [1] });
  staffOther = await signedIn(deps, staffOtherUser.email);
  admin = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 })).email);
  foreignManager = await signedIn(deps, (await makeMember(t.owner, foreign, 'manager')).email);
  [building0, building1] = tenant.stations[0]!.buildingIds as [string, string];
  buildingOfStation1 = tenant.stations[1]!.buildingIds[0]!;
  e0 = tenant.enterpriseIds[0]!;
  const labels = ['B2', 'B1', ...Array.from({ length: 20 }, (_, i) => `${i + 1}F`).filter((f) => f !== '13F' && f !== '14F')];
  await q(`update buildings set floors = 20, floor_labels = $2 where id = $1`, [building0, labels]);
  await q(`update enterprises set floor = '12F', room = '1203' where id = $1`, [e0]);
});

afterAll(() => t.close());

describe('a finding made on site', () => {
  it('is a patrol item XC-… with its place, tier and photo; a red one is due 2 h later on the wall clock', async () => {
    const photo = await upload(await cameraPhoto(), staffUser, 'IMG_2041.JPG');
    expect(photo).toMatchObject({ contentType: 'image/jpeg', name: 'IMG_2041.jpg' });
    const made = await staff.call((api) => api.patrolFinding.create(finding({ enterpriseId: e0, photoFileIds: [photo.id] })));
    expect(made.number).toMatch(/^XC-\d{4}-\d{6}$/);
    const [row] = await q<{ kind: string; priority: string; channel: string; category: string; building_id: string; due: string }>(
      `select kind, priority, channel, category, building_id, extract(epoch from resolution_due_at - created_at)::text as due from work_items where id = $1`,
      [made.id],
    );
    expect(row).toEqual({ kind: 'patrol', priority: 'urgent', channel: 'patrol', category: 'fire_safety', building_id: building0, due: '7200.000000' });
    expect(new Date(made.resolutionDueAt).getTime() - Date.now()).toBeGreaterThan(7_100_000);

    const got = await staff.call((api) => api.patrolFinding.get({ id: made.id }));
    expect(got).toMatchObject({
      number: made.number,
      tier: 'red',
      category: 'fire_safety',
      source: 'staff',
      sourceName: null,
      floor: '12F',
      location: '东侧消防通道',
      buildingId: building0,
      enterpriseId: e0,
      status: 'received',
      verification: null,
      dispute: null,
      canVerify: false,
      canConvertToDispute: false,
    });
    expect(got.title).toContain('12F');
    expect(got.photos).toEqual([expect.objectContaining({ fileId: photo.id, phase: 'before' })]);
    // Found on site: the finder was there.
    expect((await q<{ contacted: boolean }>(`select first_contact_at = created_at as contacted from work_items where id = $1`, [made.id]))[0]!.contacted).toBe(true);
  });

  it('yellow and blue findings are due 24 h and 72 h later', async () => {
    for (const [tier, hours] of [['yellow', 24], ['blue', 72]] as const) {
      const made = await staff.call((api) => api.patrolFinding.create(finding({ tier, category: 'environment_sanitation' })));
      const [row] = await q<{ hours: string }>(`select (extract(epoch from resolution_due_at - created_at) / 3600)::int::text as hours from work_items where id = $1`, [made.id]);
      expect(row!.hours).toBe(String(hours));
    }
  });

  it('takes the floors people type and refuses one the building does not have, writing nothing', async () => {
    const before = [await count('work_items'), await count('patrol_findings')];
    for (const floor of ['13', '14楼', '21', 'B3', '大堂']) {
      const e = await error(staff.call((api) => api.patrolFinding.create(finding({ floor }))));
      expect(e.code, floor).toBe('BAD_REQUEST');
      expect(keyOf(e), floor).toBe('errors.patrol.floorNotInBuilding');
    }
    expect([await count('work_items'), await count('patrol_findings')]).toEqual(before);
    const basement = await staff.call((api) => api.patrolFinding.create(finding({ floor: '负一层', category: 'safety_hazard', tier: 'yellow' })));
    expect((await staff.call((api) => api.patrolFinding.get({ id: basement.id }))).floor).toBe('B1');
    // A building without recorded floors takes any well-formed floor.
    const loose = await staff.call((api) => api.patrolFinding.create(finding({ buildingId: building1, floor: '30F', tier: 'blue' })));
    expect((await staff.call((api) => api.patrolFinding.get({ id: loose.id }))).floor).toBe('30F');
  });

  it('refuses another station’s building, an enterprise of another building and a hidden category', async () => {
    const before = await count('work_items');
    const e = await error(staff.call((api) => api.patrolFinding.create(finding({ buildingId: buildingOfStation1, floor: '1' }))));
    expect([e.code, keyOf(e)]).toEqual(['FORBIDDEN', 'errors.patrol.buildingNotYours']);
    const other = await error(staff.call((api) => api.patrolFinding.create(finding({ buildingId: building1, enterpriseId: e0, floor: '2' }))));
    expect(keyOf(other)).toBe('errors.patrol.enterpriseNotInBuilding');
    const unknown = await error(staff.call((api) => api.patrolFinding.create(finding({ category: 'no_such_thing' }))));
    expect(keyOf(unknown)).toBe('errors.patrol.categoryNotFound');
    expect(await count('work_items')).toBe(before);
  });

  it('suggests the building’s enterprises, those on the floor first', async () => {
    const list = await staff.call((api) => api.patrolFinding.suggestEnterprises({ buildingId: building0, floor: '12楼' }));
    expect(list[0]).toMatchObject({ id: e0, floor: '12F', onFloor: true });
    const places = await staff.call((api) => api.patrolFinding.places());
    expect(places.map((p) => p.id).sort()).toEqual([...tenant.stations[0]!.buildingIds].sort());
    expect(places.find((p) => p.id === building0)!.floors).toEqual(expect.arrayContaining(['B2', 'B1', '12F', '15F']));
    expect(places.find((p) => p.id === building0)!.floors).not.toContain('13F');
    expect(places.find((p) => p.id === building1)!.floors).toBeNull();
    expect(keyOf(await error(staff.call((api) => api.patrolFinding.suggestEnterprises({ buildingId: buildingOfStation1 }))))).toBe('errors.patrol.buildingNotYours');
  });
});

describe('photos', () => {
  it('are stored upright as plain JPEG without any EXIF: the GPS position and the owner go', async () => {
    const original = await cameraPhoto({ width: 400, height: 300, orientation: 6 });
    const meta = await sharp(original).metadata();
    expect(meta.exif?.toString('latin1')).toContain('Xiaomi');
    expect(meta.orientation).toBe(6);
    const stored = await upload(original, staffUser, 'DSC_0042.jpg');
    const [row] = await q<{ storage_key: string; purpose: string; size_bytes: string }>(`select storage_key, purpose, size_bytes from files where id = $1`, [stored.id]);
    expect(row!.purpose).toBe('patrol_photo');
    const bytes = readFileSync(join(storage.rootDir, ...row!.storage_key.split('/')));
    expect(bytes.length).toBe(Number(row!.size_bytes));
    const clean = await sharp(bytes).metadata();
    expect(clean).toMatchObject({ format: 'jpeg', width: 300, height: 400 });
    expect(clean.exif).toBeUndefined();
    expect(clean.orientation).toBeUndefined();
    expect(bytes.includes(Buffer.from('Xiaomi'))).toBe(false);
    expect(bytes.includes(Buffer.from('GPS'))).toBe(false);
  });

  it('refuses what is not an image, too big, unreadable or an image bomb, writing nothing', async () => {
    const filesBefore = await count('files');
    const onDisk = storedFiles();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<</Type/Catalog>>\nendobj\ntrailer\n<</Root 1 0 R>>\n%%EOF\n', 'latin1');
    const tooBig = Buffer.concat([await cameraPhoto(), Buffer.alloc(10 * 1024 * 1024)]);
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 0x41)]);
    const cases: [string, Buffer, string, string][] = [
      ['a PDF named .jpg', pdf, 'BAD_REQUEST', 'errors.file.typeNotAllowed'],
      ['11 MB', tooBig, 'PAYLOAD_TOO_LARGE', 'errors.file.tooLarge'],
      ['a JPEG that is not one', broken, 'BAD_REQUEST', 'errors.photo.unreadable'],
      ['a PNG of 30,000 × 30,000', pngBomb(30_000, 30_000), 'BAD_REQUEST', 'errors.photo.tooManyPixels'],
      ['a PNG of 100,000 × 10', pngBomb(100_000, 10), 'BAD_REQUEST', 'errors.photo.tooManyPixels'],
    ];
    for (const [what, data, code, key] of cases) {
      const e = await upload(data).then(
        () => null,
        (x: { code?: string; messageKey?: string }) => x,
      );
      expect(e, what).not.toBeNull();
      expect([e!.code, e!.messageKey], what).toEqual([code, key]);
    }
    expect(await count('files')).toBe(filesBefore);
    expect(storedFiles()).toBe(onDisk);
  });

  it('are attached once, only by who took them, and opened only by the station', async () => {
    const mine = await upload(await cameraPhoto());
    const e = await error(staffOther.call((api) => api.patrolFinding.create(finding({ buildingId: buildingOfStation1, floor: '1', photoFileIds: [mine.id] }))));
    expect(keyOf(e)).toBe('errors.patrol.photoNotFound');
    const made = await staff.call((api) => api.patrolFinding.create(finding({ enterpriseId: e0, photoFileIds: [mine.id] })));
    expect(keyOf(await error(staff.call((api) => api.patrolFinding.create(finding({ photoFileIds: [mine.id] })))))).toBe('errors.patrol.photoInUse');
    expect((await staff.call((api) => api.patrolFinding.get({ id: made.id }))).photos).toHaveLength(1);
    // Downloads: the station and managers; never the enterprise the finding is about, nor another station.
    const opens = async (user: { id: string }, role: 'staff' | 'enterprise_admin' | 'manager', scope: TenantContext['actor']['scope']) =>
      withTenant(t.db, tenant.tenantId, (trx) =>
        openFile({ trx, tenantId: tenant.tenantId, timezone: 'Asia/Shanghai', actor: { userId: user.id, role, membershipId: null, scope, ip: null } }, { storage }, mine.id).then(
          (f) => (f.stream.destroy(), true),
          () => false,
        ),
      );
    expect(await opens(staffOtherUser, 'manager', { kind: 'tenant' })).toBe(true);
    expect(await opens(staffOtherUser, 'staff', { kind: 'stations', stationIds: [tenant.stations[0]!.id] })).toBe(true);
    expect(await opens(staffOtherUser, 'staff', { kind: 'stations', stationIds: [tenant.stations[1]!.id] })).toBe(false);
    expect(await opens(staffOtherUser, 'enterprise_admin', { kind: 'enterprise', enterpriseId: e0 })).toBe(false);
  });
});

describe('复查 before closing', () => {
  it('a resolved finding cannot be visited, sent back or closed by the ordinary steps', async () => {
    const id = await resolved(staff);
    const item = await staff.call((api) => api.workItem.get({ id }));
    expect(item.allowedActions).not.toContain('visit');
    expect(item.allowedActions).not.toContain('redo');
    expect(keyOf(await error(staff.call((api) => api.workItem.recordVisit({ id, rating: 'satisfied' }))))).toBe('errors.patrol.verificationRequired');
    expect(keyOf(await error(staff.call((api) => api.workItem.transition({ id, action: 'redo', note: '再看看', version: item.version }))))).toBe('errors.patrol.verifyOnSite');
    // Even a finding that reached 已回访 some other way does not close without a passed 复查.
    await q(`update work_items set status = 'visited' where id = $1`, [id]);
    const visited = await manager.call((api) => api.workItem.get({ id }));
    expect(visited.allowedActions).not.toContain('close');
    const e = await error(manager.call((api) => api.workItem.transition({ id, action: 'close', version: visited.version })));
    expect([e.code, keyOf(e)]).toEqual(['CONFLICT', 'errors.patrol.verificationRequired']);
    expect((await q<{ status: string }>(`select status from work_items where id = $1`, [id]))[0]!.status).toBe('visited');
  });

  it('passes only with an after photo, then the finding closes', async () => {
    const id = await resolved(staff);
    let got = await staff.call((api) => api.patrolFinding.get({ id }));
    expect(got.canVerify).toBe(true);
    const noPhoto = await error(staff.call((api) => api.patrolFinding.verify({ id, result: 'passed', version: got.version })));
    expect(keyOf(noPhoto)).toBe('errors.patrol.afterPhotoRequired');
    const after = await upload(await cameraPhoto(), staffUser, 'after.jpg');
    const step = await staff.call((api) => api.patrolFinding.verify({ id, result: 'passed', note: '通道已清空', photoFileIds: [after.id], version: got.version }));
    expect(step.status).toBe('visited');
    got = await staff.call((api) => api.patrolFinding.get({ id }));
    expect(got.verification).toMatchObject({ result: 'passed', note: '通道已清空', current: true });
    expect(got.photos.map((p) => p.phase)).toEqual(['after']);
    expect(got.allowedActions).toContain('close');
    const closed = await staff.call((api) => api.workItem.transition({ id, action: 'close', version: step.version }));
    expect(closed.status).toBe('closed');
    expect((await q<{ open: boolean }>(`select open from patrol_findings where item_id = $1`, [id]))[0]!.open).toBe(false);
  });

  it('a failed one sends the finding back to work, due again, with what is wrong; the next resolution needs a new 复查', async () => {
    const id = await resolved(staff);
    let got = await staff.call((api) => api.patrolFinding.get({ id }));
    expect(keyOf(await error(staff.call((api) => api.patrolFinding.verify({ id, result: 'failed', version: got.version }))))).toBe('errors.patrol.failureNoteRequired');
    const back = await staff.call((api) => api.patrolFinding.verify({ id, result: 'failed', note: '纸箱仍堆在楼梯口', version: got.version }));
    expect(back.status).toBe('in_progress');
    const [row] = await q<{ redo_count: number; due_in: string }>(`select redo_count, round(extract(epoch from resolution_due_at - now()) / 60)::text as due_in from work_items where id = $1`, [id]);
    expect(row!.redo_count).toBe(1);
    expect(Number(row!.due_in)).toBeGreaterThan(110);
    got = await staff.call((api) => api.patrolFinding.get({ id }));
    expect(got.verification).toMatchObject({ result: 'failed', note: '纸箱仍堆在楼梯口', current: true });
    const history = (await staff.call((api) => api.workItem.get({ id }))).history;
    expect(history.at(-1)).toMatchObject({ action: 'redo', note: '纸箱仍堆在楼梯口', data: { verification: 'failed' } });
    // Resolved again: a new 复查 is owed; the old failed one does not send it back again.
    const v = await staff.call((api) => api.workItem.transition({ id, action: 'resolve', note: '已再次清理', version: back.version }));
    expect(keyOf(await error(staff.call((api) => api.workItem.transition({ id, action: 'redo', note: '再看', version: v.version }))))).toBe('errors.patrol.verifyOnSite');
    got = await staff.call((api) => api.patrolFinding.get({ id }));
    expect(got).toMatchObject({ canVerify: true, verification: { result: 'failed', current: false } });
  });

  it('a withdrawal is a manager’s, and only a resolved finding is verified', async () => {
    const made = await staff.call((api) => api.patrolFinding.create(finding({ tier: 'blue', category: 'other' })));
    const got = await staff.call((api) => api.patrolFinding.get({ id: made.id }));
    expect(keyOf(await error(staff.call((api) => api.patrolFinding.verify({ id: made.id, result: 'failed', note: 'x', version: got.version }))))).toBe('errors.patrol.verifyNotNow');
    expect(keyOf(await error(staff.call((api) => api.workItem.transition({ id: made.id, action: 'withdraw', note: '重复上报', version: got.version }))))).toBe('errors.patrol.withdrawManagersOnly');
    expect((await manager.call((api) => api.workItem.transition({ id: made.id, action: 'withdraw', note: '重复上报', version: got.version }))).status).toBe('closed');
  });
});

describe('a labour finding becomes a dispute case', () => {
  it('in one step, linked both ways, the enterprise the respondent; only once and only for labour findings', async () => {
    const made = await staff.call((api) =>
      api.patrolFinding.create(finding({ category: 'labour_wages', tier: 'yellow', enterpriseId: e0, description: '十余名员工聚集在公司门口，反映两个月未发工资。', assign: { mode: 'self' } })),
    );
    expect((await staff.call((api) => api.patrolFinding.get({ id: made.id }))).canConvertToDispute).toBe(true);
    const dispute = await staff.call((api) =>
      api.patrolFinding.convertToDispute({ id: made.id, disputeType: 'wage_arrears', applicantName: '王建国', applicantPhone: '13812341234', peopleInvolved: 12, amountYuan: 240000, note: '员工代表已留联系方式' }),
    );
    expect(dispute.number).toMatch(/^TJ-/);
    const [d] = await q<{ kind: string; linked_item_id: string; enterprise_id: string; assignee_id: string; source: string; people_involved: number }>(
      `select w.kind, w.linked_item_id, w.enterprise_id, w.assignee_id, c.source, c.people_involved
         from work_items w join dispute_cases c on c.item_id = w.id where w.id = $1`,
      [dispute.itemId],
    );
    expect(d).toEqual({ kind: 'dispute', linked_item_id: made.id, enterprise_id: e0, assignee_id: staffUser.id, source: 'found_by_staff', people_involved: 12 });
    const parties = await q<{ side: string; name: string; enterprise_id: string | null }>(`select side, name, enterprise_id from dispute_parties where item_id = $1 order by side`, [dispute.itemId]);
    expect(parties).toEqual([expect.objectContaining({ side: 'applicant', name: '王建国' }), expect.objectContaining({ side: 'respondent', enterprise_id: e0 })]);
    const got = await staff.call((api) => api.patrolFinding.get({ id: made.id }));
    expect(got).toMatchObject({ status: 'closed', closedReason: 'converted', dispute: { itemId: dispute.itemId, number: dispute.number }, canConvertToDispute: false });
    expect((await staff.call((api) => api.workItem.get({ id: made.id }))).linkedItem).toEqual({ id: dispute.itemId, number: dispute.number });
    expect((await staff.call((api) => api.workItem.get({ id: dispute.itemId }))).linkedItem).toEqual({ id: made.id, number: made.number });
    const again = await error(staff.call((api) => api.patrolFinding.convertToDispute({ id: made.id, disputeType: 'wage_arrears', applicantName: '王建国', peopleInvolved: 12 })));
    expect(keyOf(again)).toBe('errors.patrol.alreadyConverted');

    const fire = await staff.call((api) => api.patrolFinding.create(finding({ enterpriseId: e0 })));
    expect(keyOf(await error(staff.call((api) => api.patrolFinding.convertToDispute({ id: fire.id, disputeType: 'wage_arrears', applicantName: '张三', peopleInvolved: 1 }))))).toBe(
      'errors.patrol.notLabour',
    );
    const anonymous = await staff.call((api) => api.patrolFinding.create(finding({ category: 'labour_wages' })));
    expect(keyOf(await error(staff.call((api) => api.patrolFinding.convertToDispute({ id: anonymous.id, disputeType: 'wage_arrears', applicantName: '张三', peopleInvolved: 1 }))))).toBe(
      'errors.patrol.needsEnterprise',
    );
  });
});

describe('the enterprise’s timeline and what the enterprise sees', () => {
  it('staff see the finding on the enterprise’s timeline; its admin sees it nowhere', async () => {
    const made = await staff.call((api) => api.patrolFinding.create(finding({ enterpriseId: e0, category: 'illegal_business', tier: 'yellow', description: '12 楼疑似无证经营餐饮' })));
    const timeline = await staff.call((api) => api.enterprise.timeline({ enterpriseId: e0 }));
    expect(timeline.items).toContainEqual(expect.objectContaining({ kind: 'patrol', title: 'workItem.create', detail: expect.objectContaining({ itemId: made.id, number: made.number }) }));
    const own = await admin.call((api) => api.enterprise.timeline({ enterpriseId: e0 }));
    expect(own.items.some((i) => i.kind === 'patrol')).toBe(false);
    expect((await error(admin.call((api) => api.workItem.get({ id: made.id })))).code).toBe('NOT_FOUND');
    const list = await admin.call((api) => api.workItem.list({ view: 'all' }));
    expect(list.items.some((i) => i.id === made.id)).toBe(false);
    expect((await error(admin.call((api) => api.patrolFinding.get({ id: made.id })))).code).toBe('FORBIDDEN');
  });
});

describe('replays, tenants and roles', () => {
  it('the same idempotency key (an offline queue sending again) makes one finding', async () => {
    const key = `offline-${uid()}${uid()}`;
    const before = await count('patrol_findings');
    const [a, b] = await Promise.all([
      staff.call((api) => api.patrolFinding.create(finding({ idempotencyKey: key }))),
      staff.call((api) => api.patrolFinding.create(finding({ idempotencyKey: key }))),
    ]);
    const c = await staff.call((api) => api.patrolFinding.create(finding({ idempotencyKey: key })));
    expect(b.id).toBe(a.id);
    expect(c.id).toBe(a.id);
    expect(await count('patrol_findings')).toBe(before + 1);
    expect(keyOf(await error(staff.call((api) => api.patrolFinding.create(finding({ idempotencyKey: key, tier: 'blue' })))))).toBe('errors.idempotencyKeyReused');
  });

  it('another tenant, another station and an enterprise admin are refused', async () => {
    const made = await staff.call((api) => api.patrolFinding.create(finding()));
    expect((await error(foreignManager.call((api) => api.patrolFinding.get({ id: made.id })))).code).toBe('NOT_FOUND');
    expect((await error(foreignManager.call((api) => api.patrolFinding.create(finding())))).code).toBe('NOT_FOUND');
    expect((await error(staffOther.call((api) => api.patrolFinding.get({ id: made.id })))).code).toBe('NOT_FOUND');
    expect((await staffOther.call((api) => api.patrolFinding.list({}))).items.some((i) => i.id === made.id)).toBe(false);
    expect((await staffOther.call((api) => api.patrolFinding.list({ stationId: tenant.stations[0]!.id }))).items).toEqual([]);
    expect((await error(admin.call((api) => api.patrolFinding.create(finding())))).code).toBe('FORBIDDEN');
    expect((await error(admin.call((api) => api.patrolFinding.list({})))).code).toBe('FORBIDDEN');
    expect((await error(staff.call((api) => api.patrolCategory.update({ key: 'other', name: '其他', nameEn: null, labour: false, active: true, position: 70 })))).code).toBe('FORBIDDEN');
  });
});

describe('categories and the list', () => {
  it('managers rename, hide and add categories; a hidden one takes no new findings', async () => {
    const renamed = await manager.call((api) => api.patrolCategory.update({ key: 'illegal_business', name: '违规经营（含群租）', nameEn: 'Illegal business and group renting', labour: false, active: true, position: 20 }));
    expect(renamed).toMatchObject({ key: 'illegal_business', name: '违规经营（含群租）', builtIn: true });
    const own = await manager.call((api) => api.patrolCategory.create({ name: '电动车违规充电', nameEn: 'E-bike charging indoors', labour: false, active: true, position: 25 }));
    expect(own.key).toMatch(/^c_[0-9a-f]{12}$/);
    await manager.call((api) => api.patrolCategory.update({ key: 'other', name: null, nameEn: null, labour: false, active: false, position: 70 }));
    const list = await staff.call((api) => api.patrolCategory.list());
    expect(list.map((c) => c.key).slice(0, 4)).toEqual(['fire_safety', 'illegal_business', own.key, 'environment_sanitation']);
    expect(list.find((c) => c.key === 'other')!.active).toBe(false);
    expect(keyOf(await error(staff.call((api) => api.patrolFinding.create(finding({ category: 'other' })))))).toBe('errors.patrol.categoryNotFound');
    const made = await staff.call((api) => api.patrolFinding.create(finding({ category: own.key, tier: 'blue' })));
    expect((await staff.call((api) => api.patrolFinding.get({ id: made.id }))).category).toBe(own.key);
    await manager.call((api) => api.patrolCategory.update({ key: 'other', name: null, nameEn: null, labour: false, active: true, position: 70 }));
  });

  it('filters by station, category, tier, source and status, newest first, page by page', async () => {
    const all = await manager.call((api) => api.patrolFinding.list({ limit: 100 }));
    const total = Number((await q<{ n: string }>(`select count(*) as n from patrol_findings where tenant_id = $1`, [tenant.tenantId]))[0]!.n);
    expect(all.items).toHaveLength(total);
    expect(all.items.map((i) => i.createdAt)).toEqual([...all.items.map((i) => i.createdAt)].sort().reverse());
    const red = await manager.call((api) => api.patrolFinding.list({ tier: 'red', category: 'fire_safety', source: 'staff', status: 'open', limit: 100 }));
    const expected = await q<{ item_id: string }>(
      `select f.item_id from patrol_findings f join work_items w on w.id = f.item_id
        where f.tenant_id = $1 and f.tier = 'red' and f.category = 'fire_safety' and f.source = 'staff' and w.status <> 'closed'`,
      [tenant.tenantId],
    );
    expect(red.items.map((i) => i.id).sort()).toEqual(expected.map((r) => r.item_id).sort());
    let cursor: string | null = null;
    const seen: string[] = [];
    do {
      const page: Awaited<ReturnType<typeof staff.call<{ items: { id: string }[]; nextCursor: string | null }>>> = await staff.call((api) => api.patrolFinding.list({ limit: 3, cursor }));
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    const ofStation0 = await q<{ n: string }>(`select count(*) as n from patrol_findings f join work_items w on w.id = f.item_id where f.tenant_id = $1 and w.station_id = $2`, [
      tenant.tenantId,
      tenant.stations[0]!.id,
    ]);
    expect(new Set(seen).size).toBe(Number(ofStation0[0]!.n));
    const withPhoto = all.items.find((i) => i.photoFileId !== null);
    expect(withPhoto).toBeDefined();
  });
});

describe('the demo findings', () => {
  it('span the tiers, categories, sources and stages of the loop, each closed one verified with an after photo, photos as the app stores them', async () => {
    const demo = await makeTenant(t.owner, { stations: 3 });
    const demoManager = await signedIn(apiDeps(t.db, { storage }), (await makeMember(t.owner, demo, 'manager')).email);
    const managerId = (await q<{ user_id: string }>(`select user_id from memberships where tenant_id = $1 and role = 'manager'`, [demo.tenantId]))[0]!.user_id;
    const made = await withTenant(t.owner, demo.tenantId, (trx) =>
      seedPatrolFindings(trx, demo.tenantId, {
        count: 40,
        seed: 2112,
        now: new Date(),
        handlersByStation: new Map(),
        fallbackHandler: managerId,
        storeFile: async ({ tenantId, fileId, at, data }) => {
          const key = fileStorageKey(tenantId, fileId, at);
          await storage.put(key, data);
          return key;
        },
        photo: async (png) => (await normalizePhoto(png)).data,
      }),
    );
    expect(made).toBe(40);
    const rows = await q<{ tier: string; category: string; source: string; status: string; verification: string | null; before: string; after: string; number: string }>(
      `select f.tier, f.category, f.source, w.status, f.verification, w.number,
              (select count(*) from patrol_finding_photos p where p.item_id = f.item_id and p.phase = 'before')::text as before,
              (select count(*) from patrol_finding_photos p where p.item_id = f.item_id and p.phase = 'after')::text as after
         from patrol_findings f join work_items w on w.id = f.item_id where f.tenant_id = $1`,
      [demo.tenantId],
    );
    expect(new Set(rows.map((r) => r.tier))).toEqual(new Set(['red', 'yellow', 'blue']));
    expect(new Set(rows.map((r) => r.category)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set(['staff', 'automatic', 'external']));
    expect(new Set(rows.map((r) => r.status))).toEqual(expect.objectContaining(new Set(['closed', 'resolved', 'in_progress'])));
    expect(new Set(rows.map((r) => r.number)).size).toBe(40);
    for (const r of rows.filter((x) => x.status === 'closed')) expect([r.verification, r.after]).toEqual(['passed', '1']);
    for (const r of rows.filter((x) => x.source === 'staff')) expect(r.before).toBe('1');
    const [photo] = await q<{ storage_key: string; content_type: string }>(`select storage_key, content_type from files where tenant_id = $1 and purpose = 'patrol_photo' limit 1`, [demo.tenantId]);
    const bytes = readFileSync(join(storage.rootDir, ...photo!.storage_key.split('/')));
    expect(photo!.content_type).toBe('image/jpeg');
    expect((await sharp(bytes).metadata()).format).toBe('jpeg');

    // The loop goes on from where the demo left it: a finding waiting for 复查 is verified and closed.
    const waiting = await demoManager.call((api) => api.patrolFinding.list({ status: 'resolved', limit: 1 }));
    const id = waiting.items[0]!.id;
    const got = await demoManager.call((api) => api.patrolFinding.get({ id }));
    expect(got.canVerify).toBe(true);
    const after = await withTenant(t.db, demo.tenantId, (trx) =>
      uploadFile({ trx, tenantId: demo.tenantId, timezone: 'Asia/Shanghai', actor: { userId: managerId, role: 'manager', membershipId: null, scope: { kind: 'tenant' }, ip: null } }, { storage }, { purpose: 'patrol_photo', fileName: 'after.jpg', data: bytes }),
    );
    const step = await demoManager.call((api) => api.patrolFinding.verify({ id, result: 'passed', photoFileIds: [after.id], version: got.version }));
    expect((await demoManager.call((api) => api.workItem.transition({ id, action: 'close', version: step.version }))).status).toBe('closed');
  });
});
