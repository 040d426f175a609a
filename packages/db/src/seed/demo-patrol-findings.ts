import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { defaultSlaPolicies, dueTimes, floorLabelOfNumber, formatWorkItemNumber, localDate, numberedFloorLabels, tierPriority, type PatrolSource, type PatrolTier, type SlaPolicy } from '@stationdesk/core';
import { sql } from 'kysely';
import type { Tx } from '../tenant.ts';
import { rng } from './demo-enterprises.ts';
import { loadDemoSla, type DemoFileStore } from './demo-work-items.ts';

/**
 * Turns a generated picture (PNG) into the photo the app stores — the upload path's own
 * normalisation (storage's normalizePhoto: upright JPEG without metadata). Without it, or without
 * a file store, the findings are seeded without photos (a file row never points at missing bytes).
 */
export type DemoPhotoMaker = (png: Buffer) => Promise<Buffer>;

export interface PatrolFindingSeedOptions {
  count: number;
  seed: number;
  now: Date;
  /** Who reports and handles, per station (staff of it), and who does when a station has none. */
  handlersByStation: Map<string, string>;
  fallbackHandler: string;
  storeFile?: DemoFileStore;
  photo?: DemoPhotoMaker;
  timezone?: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MIN = 60_000;

/** [location, what was found, how it was fixed] per category. */
const scenes: Record<string, [string, string, string][]> = {
  fire_safety: [
    ['东侧消防通道', '消防通道内堆放纸箱和废旧办公家具，影响疏散。', '已督促物业和相关企业清理，通道畅通。'],
    ['消防楼梯前室', '常闭式防火门被木楔顶住处于常开状态。', '已移除木楔，防火门恢复常闭，并张贴提示。'],
    ['电梯厅', '灭火器压力表指针位于红区，已过检验期。', '物业已更换两具灭火器，检验标签齐全。'],
    ['走廊', '电动自行车在楼道内充电，私拉电线。', '已劝离电动自行车并拆除私拉电线，告知企业到指定充电区充电。'],
  ],
  illegal_business: [
    ['1203 室', '办公室内疑似违规设置员工宿舍，有床铺和做饭痕迹。', '企业已拆除床铺，承诺不再留宿，已告知物业加强巡查。'],
    ['楼层公共区', '无证人员在楼层内推销保健品。', '已劝离并通知物业门岗加强登记。'],
    ['底商', '店铺超出经营范围销售预包装食品，未见食品经营许可。', '已告知企业办理食品经营许可，暂停相关销售。'],
  ],
  environment_sanitation: [
    ['卫生间', '卫生间下水堵塞，异味明显。', '物业已疏通下水并消毒。'],
    ['楼道', '装修垃圾堆放在楼道未及时清运。', '施工方已清运装修垃圾。'],
    ['地下车库', '车库角落积水、堆放杂物，有蚊虫滋生。', '已清理积水和杂物，喷洒消杀。'],
  ],
  facilities_damage: [
    ['楼梯间', '楼梯间应急照明灯损坏不亮。', '物业已更换应急照明灯，测试正常。'],
    ['北侧外墙', '外墙瓷砖松动，有坠落风险。', '已设置警示围挡，物业安排检修加固。'],
    ['电梯', '电梯按钮面板破损，内部线路外露。', '维保单位已更换按钮面板。'],
  ],
  labour_wages: [
    ['企业前台', '多名员工聚集在前台，反映公司两个月未发工资。', '已联系企业负责人，企业承诺本周内发放拖欠工资。'],
    ['楼层电梯厅', '员工张贴欠薪告示，情绪激动。', '已安抚员工情绪，约企业负责人到工作站协商。'],
  ],
  safety_hazard: [
    ['配电间', '配电间门未上锁，内部堆放易燃杂物。', '已清理杂物，配电间门已上锁。'],
    ['天台', '天台护栏松动，门禁未关。', '物业已加固护栏并恢复门禁。'],
    ['茶水间', '茶水间插线板多级串接，负荷过大。', '已拆除串接插线板，更换为带保护的插座。'],
  ],
  other: [['大堂', '大堂告示栏张贴过期通知、小广告。', '已清理过期通知和小广告。']],
};

const categoryWeights: [string, number][] = [
  ['fire_safety', 30],
  ['illegal_business', 12],
  ['environment_sanitation', 16],
  ['facilities_damage', 14],
  ['labour_wages', 8],
  ['safety_hazard', 14],
  ['other', 6],
];
/** Each category's colours in the generated pictures: [wall, object]. */
const palette: Record<string, [[number, number, number], [number, number, number]]> = {
  fire_safety: [[212, 204, 190], [176, 58, 46]],
  illegal_business: [[222, 216, 200], [92, 110, 150]],
  environment_sanitation: [[190, 200, 186], [120, 98, 70]],
  facilities_damage: [[200, 200, 204], [90, 90, 96]],
  labour_wages: [[230, 226, 214], [60, 80, 120]],
  safety_hazard: [[206, 198, 170], [220, 170, 40]],
  other: [[214, 214, 214], [140, 140, 160]],
};

function pick<T>(r: () => number, weighted: [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1]![0];
}
const one = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

/**
 * A small picture of a corridor with things in it (a PNG drawn here, 400 × 300): a wall, a floor,
 * a door and boxes in the category's colours; "after" the corridor is clear.
 */
export function demoScenePng(r: () => number, category: string, after: boolean): Buffer {
  const w = 400;
  const h = 300;
  const [wall, thing] = palette[category] ?? palette.other!;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  const boxes = after ? [] : Array.from({ length: 2 + Math.floor(r() * 4) }, () => ({ x: 30 + r() * 300, y: 140 + r() * 90, bw: 35 + r() * 80, bh: 25 + r() * 70 }));
  const door = { x: 250 + r() * 90, w: 60 };
  const grainSeed = Math.floor(r() * 0x7fffffff);
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1);
    const floorShade = y > 210 ? (y - 210) / 4 : 0;
    for (let x = 0; x < w; x++) {
      let c0 = y > 210 ? 150 - floorShade : wall[0];
      let c1 = y > 210 ? 146 - floorShade : wall[1];
      let c2 = y > 210 ? 140 - floorShade : wall[2];
      if (x > door.x && x < door.x + door.w && y > 50 && y <= 210) [c0, c1, c2] = [120, 88, 60];
      for (const b of boxes) {
        if (x > b.x && x < b.x + b.bw && y > b.y && y < b.y + b.bh) {
          const shade = (x - b.x) / 6;
          [c0, c1, c2] = [thing[0] - shade, thing[1] - shade, thing[2] - shade];
        }
      }
      // A little grain, as a phone's picture has (a cheap hash, not the seeded draw: it is only texture).
      const n = (((x * 73856093) ^ (y * 19349663) ^ grainSeed) & 7) - 4;
      const p = row + 1 + x * 3;
      raw[p] = Math.max(0, Math.min(255, c0 + n));
      raw[p + 1] = Math.max(0, Math.min(255, c1 + n));
      raw[p + 2] = Math.max(0, Math.min(255, c2 + n));
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(data.length + 12);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), data.length + 8);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.writeUInt8(8, 8);
  ihdr.writeUInt8(2, 9); // RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 1 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Where a finding stands: as old findings end (verified and closed) and fresh ones wait. */
type Stage = 'received' | 'in_progress' | 'resolved' | 'visited' | 'closed' | 'reworked';
const newestStages: readonly Stage[] = ['received', 'resolved', 'in_progress', 'reworked', 'resolved', 'visited'];

/**
 * A few dozen patrol findings (网格巡查发现) over the last 60 days across the stations' buildings:
 * every tier, category and source (staff on their walks, the platform's rules — licences about to
 * lapse —, the city's 一网统管 feed), at every stage of the loop — verified with an after photo and
 * closed, waiting for 复查, sent back by a failed one, in hand, new. Photos as the app stores them.
 */
export async function seedPatrolFindings(trx: Tx, tenantId: string, opts: PatrolFindingSeedOptions): Promise<number> {
  const r = rng(opts.seed);
  const tz = opts.timezone ?? 'Asia/Shanghai';
  const now = opts.now.getTime();
  const { cal, policies } = await loadDemoSla(trx, tenantId, tz);
  const policyOf = (tier: PatrolTier): SlaPolicy => policies.get(`patrol/${tierPriority[tier]}`) ?? defaultSlaPolicies.patrol[tierPriority[tier]];
  // The towers of the demo have two basement levels (car parks, plant rooms): their floors as labels.
  const buildings = await trx.selectFrom('buildings').select(['id', 'name', 'station_id', 'floors']).where('tenant_id', '=', tenantId).orderBy('name').execute();
  for (const b of buildings) {
    if (b.floors) await trx.updateTable('buildings').set({ floor_labels: [floorLabelOfNumber(-2), floorLabelOfNumber(-1), ...numberedFloorLabels(b.floors)] }).where('id', '=', b.id).execute();
  }
  const enterprises = await trx
    .selectFrom('enterprises')
    .select(['id', 'name', 'building_id', 'floor'])
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', ['active', 'moving_out'])
    .execute();
  const items: Record<string, unknown>[] = [];
  const findings: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  const files: Record<string, unknown>[] = [];
  const photos: Record<string, unknown>[] = [];
  const counters = new Map<number, number>();
  const existing = await trx.selectFrom('work_item_counters').select(['year', 'last_value']).where('tenant_id', '=', tenantId).where('kind', '=', 'patrol').execute();
  for (const c of existing) counters.set(c.year, c.last_value);
  const withPhotos = Boolean(opts.storeFile && opts.photo);

  const plan = Array.from({ length: opts.count }, (_, i) => ({ i, created: now - (60 * DAY * (opts.count - i)) / opts.count - r() * 6 * HOUR })).sort((a, b) => a.created - b.created);
  for (const [order, { i, created: c0 }] of plan.entries()) {
    const created = Math.floor(c0 / MIN) * MIN;
    const building = buildings[Math.floor(r() * buildings.length)]!;
    const handler = opts.handlersByStation.get(building.station_id) ?? opts.fallbackHandler;
    const drawn: PatrolSource = pick(r, [['staff', 80], ['automatic', 12], ['external', 8]]);
    const category = drawn === 'automatic' ? one(r, ['fire_safety', 'illegal_business']) : pick(r, categoryWeights);
    const tier: PatrolTier = category === 'labour_wages' || category === 'fire_safety' ? pick(r, [['red', 4], ['yellow', 5], ['blue', 1]]) : pick(r, [['red', 1], ['yellow', 5], ['blue', 4]]);
    const [place, found, fixed] = one(r, scenes[category]!);
    const floors = building.floors ?? 10;
    const floor = r() < 0.12 ? `B${1 + Math.floor(r() * 2)}` : `${1 + Math.floor(r() * floors)}F`;
    const inBuilding = enterprises.filter((e) => e.building_id === building.id);
    const onFloor = inBuilding.filter((e) => e.floor === floor);
    const enterprise = category === 'labour_wages' || category === 'illegal_business' || drawn === 'automatic' || r() < 0.35 ? (onFloor[0] ?? inBuilding[Math.floor(r() * inBuilding.length)] ?? null) : null;
    // A rule speaks of an enterprise (its licence, its fire-safety acceptance): none in the building, none raised.
    const source: PatrolSource = drawn === 'automatic' && !enterprise ? 'staff' : drawn;
    const age = now - created;
    const policy = policyOf(tier);
    const due = dueTimes(cal, policy, new Date(created));
    // The older, the further along; a few recent ones stay new or in hand.
    // The newest few cover every stage the pages show, whatever the draw; the rest by their age.
    const fromEnd = plan.length - 1 - order;
    const stage: Stage =
      fromEnd < newestStages.length
        ? newestStages[fromEnd]!
        : age > 12 * DAY
          ? pick(r, [['closed', 14], ['reworked', 1], ['visited', 1]])
          : age > 3 * DAY
            ? pick(r, [['closed', 4], ['visited', 1], ['resolved', 2], ['reworked', 1], ['in_progress', 2]])
            : pick(r, [['received', 3], ['in_progress', 3], ['resolved', 2]]);
    const year = Number(localDate(created, tz).slice(0, 4));
    const seq = (counters.get(year) ?? 0) + 1;
    counters.set(year, seq);
    const { rows } = await sql<{ id: string }>`select sd_uuid7() as id`.execute(trx);
    const id = rows[0]!.id;
    const reporter = source === 'staff' ? handler : null;
    const ev = (at: number, actor: string | null, action: string, from: string | null, to: string | null, note: string | null = null, data: Record<string, unknown> = {}, internal = false) =>
      events.push({ tenant_id: tenantId, item_id: id, at: new Date(at).toISOString(), actor_id: actor, action, from_status: from, to_status: to, note, data: JSON.stringify(data), internal });
    ev(created, reporter, 'create', null, 'received', null, { channel: 'patrol', priority: tierPriority[tier] });

    const latest = now - 5 * MIN;
    const step = (from: number, hours: number) => Math.min(from + Math.max(hours * HOUR * (0.3 + r() * 0.7), 5 * MIN), latest);
    let status: string = 'received';
    let version = 1;
    const row: Record<string, unknown> = {};
    let verification: { result: 'passed' | 'failed'; at: number; note: string | null } | null = null;
    let resolvedAt: number | null = null;
    let redo = 0;
    const limitHours = tier === 'red' ? 2 : tier === 'yellow' ? 24 : 72;
    if (stage !== 'received') {
      const assigned = step(created, limitHours / 8);
      const accepted = step(assigned, limitHours / 10);
      ev(assigned, handler, 'assign', 'received', 'assigned', null, { assigneeId: handler }, true);
      ev(accepted, handler, 'accept', 'assigned', 'accepted');
      ev(accepted + MIN, handler, 'start', 'accepted', 'in_progress');
      Object.assign(row, { assignee_id: handler, assigned_at: new Date(assigned).toISOString(), accepted_at: new Date(accepted).toISOString() });
      status = 'in_progress';
      version += 3;
      let at = accepted + MIN;
      if (stage !== 'in_progress') {
        resolvedAt = step(at, limitHours * 0.8);
        ev(resolvedAt, handler, 'resolve', 'in_progress', 'resolved', fixed);
        status = 'resolved';
        version++;
        at = resolvedAt;
        if (stage === 'reworked') {
          // 复查 failed: back to work, due again by the tier from then; resolved again later.
          const checked = step(at, 6);
          verification = { result: 'failed', at: checked, note: '复查发现问题仍未彻底整改，需再次处理。' };
          ev(checked, handler, 'redo', 'resolved', 'in_progress', verification.note, { verification: 'failed', photos: 0, rectificationDueAt: new Date(checked + limitHours * HOUR).toISOString() });
          redo = 1;
          status = 'in_progress';
          version++;
          Object.assign(row, { reopened_at: new Date(checked).toISOString(), resolution_due_at: new Date(checked + limitHours * HOUR).toISOString() });
          at = checked;
        }
        if (stage === 'visited' || stage === 'closed') {
          const checked = step(at, 8);
          verification = { result: 'passed', at: checked, note: r() < 0.5 ? '现场复查，整改到位。' : null };
          ev(checked, handler, 'visit', 'resolved', 'visited', verification.note, { verification: 'passed', photos: withPhotos ? 1 : 0 });
          status = 'visited';
          version++;
          Object.assign(row, { requester_confirmed: true });
          if (stage === 'closed') {
            const closed = step(checked, 4);
            ev(closed, handler, 'close', 'visited', 'closed');
            status = 'closed';
            version++;
            row.closed_at = new Date(closed).toISOString();
          }
        }
      }
    }
    items.push({
      tenant_id: tenantId,
      id,
      kind: 'patrol',
      number: formatWorkItemNumber('patrol', year, seq),
      station_id: building.station_id,
      enterprise_id: enterprise?.id ?? null,
      building_id: building.id,
      title: [building.name, floor, place].join(' '),
      description: found,
      priority: tierPriority[tier],
      channel: 'patrol',
      category,
      status,
      created_by: reporter,
      created_at: new Date(created).toISOString(),
      updated_at: new Date(Math.max(created, resolvedAt ?? created)).toISOString(),
      first_contact_at: source === 'staff' ? new Date(created).toISOString() : resolvedAt !== null ? new Date(resolvedAt).toISOString() : null,
      first_contact_due_at: due.firstContactDueAt.toISOString(),
      resolution_due_at: due.resolutionDueAt.toISOString(),
      resolved_at: resolvedAt !== null ? new Date(resolvedAt).toISOString() : null,
      resolved_ok: resolvedAt !== null ? true : null,
      redo_count: redo,
      version,
      ...row,
    });
    if (redo && row.resolution_due_at) items[items.length - 1]!.rectification_due_at = row.resolution_due_at;
    // Demo keys of their own: the rule engine's keys name its rules, and never meet these.
    const ruleKey = source === 'automatic' && enterprise ? `demo:${category === 'fire_safety' ? 'fire_acceptance_expired' : 'licence_expired'}:${enterprise.id}:${i}` : null;
    findings.push({
      tenant_id: tenantId,
      item_id: id,
      building_id: building.id,
      floor,
      location: place,
      category,
      tier,
      source,
      source_name: source === 'automatic' ? (category === 'fire_safety' ? '消防验收到期规则' : '证照到期规则') : source === 'external' ? '一网统管' : null,
      rule_key: ruleKey,
      external_id: source === 'external' ? `YWTG-${year}-${String(10000 + i * 37).padStart(6, '0')}` : null,
      open: status !== 'closed',
      verification: verification?.result ?? null,
      verified_at: verification ? new Date(verification.at).toISOString() : null,
      verified_by: verification ? handler : null,
      verification_note: verification?.note ?? null,
      created_at: new Date(created).toISOString(),
    });
    if (withPhotos) {
      const shots: ['before' | 'after', number, string | null][] = source === 'staff' ? [['before', created, reporter]] : [];
      if (verification?.result === 'passed') shots.push(['after', verification.at, handler]);
      for (const [phase, at, by] of shots) {
        const { rows: fileRows } = await sql<{ id: string }>`select sd_uuid7() as id`.execute(trx);
        const fileId = fileRows[0]!.id;
        const data = await opts.photo!(demoScenePng(r, category, phase === 'after'));
        const key = await opts.storeFile!({ tenantId, fileId, at: new Date(at), data });
        files.push({
          tenant_id: tenantId,
          id: fileId,
          storage_key: key,
          original_name: `IMG_${String(seq).padStart(4, '0')}_${phase}.jpg`,
          content_type: 'image/jpeg',
          size_bytes: data.length,
          sha256: createHash('sha256').update(data).digest('hex'),
          purpose: 'patrol_photo',
          uploaded_by: by,
          created_at: new Date(at).toISOString(),
        });
        photos.push({ tenant_id: tenantId, file_id: fileId, item_id: id, phase, added_by: by, added_at: new Date(at).toISOString() });
      }
    }
  }
  for (const [y, last] of counters) {
    await sql`insert into work_item_counters (tenant_id, kind, year, last_value) values (${tenantId}, 'patrol', ${y}, ${last})
              on conflict (tenant_id, kind, year) do update set last_value = greatest(work_item_counters.last_value, excluded.last_value)`.execute(trx);
  }
  if (items.length) await trx.insertInto('work_items').values(items as never).execute();
  if (events.length) await trx.insertInto('work_item_events').values(events as never).execute();
  if (findings.length) await trx.insertInto('patrol_findings').values(findings as never).execute();
  if (files.length) await trx.insertInto('files').values(files as never).execute();
  if (photos.length) await trx.insertInto('patrol_finding_photos').values(photos as never).execute();
  return items.length;
}
