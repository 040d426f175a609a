import pg from 'pg';
import { creditCodeCheckCharacter, importColumns } from '@stationdesk/core';
import { createStorage, storageConfigFromEnv } from '@stationdesk/storage';
import type { BenchContext } from './scenarios.ts';

/** Credit codes of the imported rows: a region (310115) no seeded enterprise uses, so every row creates. */
const CODE_PREFIX = '91310115MA1';
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function creditCode(n: number): string {
  let body = '';
  for (let i = 0, v = n; i < 6; i++, v = Math.floor(v / 31)) body = ALPHABET[v % 31]! + body;
  const first17 = CODE_PREFIX + body;
  return first17 + creditCodeCheckCharacter(first17);
}

/** A CSV in the download template's layout (Chinese headers), `rows` new enterprises across the tenant's buildings. */
export function importCsv(rows: number, buildings: string[]): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = [importColumns.map((c) => c.header).join(',')];
  const trades = ['信息科技', '网络科技', '商务咨询', '供应链管理', '文化传媒', '生物科技', '建筑设计', '教育科技'];
  const industries = ['I', 'I', 'L', 'G', 'R', 'M', 'M', 'P'];
  for (let i = 1; i <= rows; i++) {
    const values: Record<string, string> = {
      name: `上海压测导入${i}号${trades[i % trades.length]}有限公司`,
      nameEn: '',
      creditCode: creditCode(i),
      legalRepresentative: `法人${i}`,
      registeredCapitalWan: String(100 + (i % 50) * 10),
      industry: industries[i % industries.length]!,
      establishedOn: `20${String(10 + (i % 15)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      employees: String(5 + (i % 300)),
      building: buildings[i % buildings.length]!,
      floor: String(2 + (i % 18)),
      room: `${2 + (i % 18)}${String(i % 40).padStart(2, '0')}`,
      status: '在驻',
      contactName: `联系人${i}`,
      contactTitle: '行政经理',
      contactPhone: `139${String(i).padStart(8, '0')}`,
      contactEmail: i % 3 === 0 ? `contact${i}@bench.test` : '',
      hasPartyBranch: i % 5 === 0 ? '是' : '否',
      partyBranchName: i % 5 === 0 ? `上海压测导入${i}号党支部` : '',
      partyMembers: i % 5 === 0 ? String(3 + (i % 20)) : '',
      partySecretary: i % 5 === 0 ? `书记${i}` : '',
      tags: i % 10 === 0 ? '两新组织' : i % 25 === 0 ? '重点企业、外资企业' : '',
    };
    lines.push(importColumns.map((c) => cell(values[c.key] ?? '')).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export interface ImportFigures {
  rows: number;
  uploadMs: number;
  previewMs: number;
  commitMs: number;
  totalMs: number;
  created: number;
  updated: number;
  invalid: number;
}

async function trpcMutation<T>(base: string, cookie: string, proc: string, input: unknown): Promise<T> {
  const res = await fetch(`${base}/api/trpc/${proc}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (!res.ok || !body.result) throw new Error(`${proc} failed: ${res.status} ${JSON.stringify(body.error ?? body).slice(0, 300)}`);
  return body.result.data;
}

/**
 * Issue 3's import figure: a 10,000-row file uploaded, previewed and committed through the API as
 * the import page does (POST /api/files, enterprise.import.preview, enterprise.import.commit), as a
 * manager, timed end to end. Afterwards everything it wrote is removed (as the owner) — the
 * enterprises with their contacts and tags, their audit rows, the import record, the file and its
 * bytes — so the next run imports into the same registry.
 */
export async function benchImport(opts: { apiBase: string; cookie: string; ownerUrl: string; ctx: BenchContext; rows?: number }): Promise<ImportFigures> {
  const rows = opts.rows ?? 10_000;
  const owner = new pg.Client({ connectionString: opts.ownerUrl });
  await owner.connect();
  let fileId: string | null = null;
  let importId: string | null = null;
  try {
    await owner.query(`select set_config('app.tenant_id', $1, false)`, [opts.ctx.tenantId]);
    await cleanup(owner, opts.ctx, null, null);
    const { rows: b } = await owner.query<{ name: string }>('select name from buildings where tenant_id = $1 order by name', [opts.ctx.tenantId]);
    const csv = Buffer.from(importCsv(rows, b.map((x) => x.name)), 'utf8');

    const t0 = performance.now();
    const up = await fetch(`${opts.apiBase}/api/files?purpose=import`, {
      method: 'POST',
      headers: { cookie: opts.cookie, 'content-type': 'text/csv', 'x-file-name': encodeURIComponent('企业导入压测.csv') },
      body: csv,
    });
    const stored = (await up.json()) as { id?: string };
    if (!up.ok || !stored.id) throw new Error(`import upload failed: ${up.status} ${JSON.stringify(stored).slice(0, 300)}`);
    fileId = stored.id;
    const t1 = performance.now();
    const preview = await trpcMutation<{ id: string; validRows: number; invalidRows: number }>(opts.apiBase, opts.cookie, 'enterprise.import.preview', { fileId });
    importId = preview.id;
    const t2 = performance.now();
    const result = await trpcMutation<{ created: number; updated: number }>(opts.apiBase, opts.cookie, 'enterprise.import.commit', { id: importId });
    const t3 = performance.now();
    return {
      rows,
      uploadMs: t1 - t0,
      previewMs: t2 - t1,
      commitMs: t3 - t2,
      totalMs: t3 - t0,
      created: result.created,
      updated: result.updated,
      invalid: preview.invalidRows,
    };
  } finally {
    await cleanup(owner, opts.ctx, fileId, importId).finally(() => owner.end());
  }
}

/**
 * Removes the imported enterprises (by their credit-code region) and the import's own rows, set by
 * set. Deleting an enterprise cascades to its name bigrams, and enterprise_name_grams has no index
 * leading with (tenant_id, enterprise_id): the cascade scans all of the tenant's 1.3 million
 * bigrams per deleted row, hours for 10,000 rows. So the owner (when it may) turns the per-row
 * foreign-key triggers off for this transaction and deletes the children itself.
 */
async function cleanup(owner: pg.Client, ctx: BenchContext, fileId: string | null, importId: string | null) {
  const t = ctx.tenantId;
  await owner.query('begin');
  try {
    const { rows: su } = await owner.query<{ rolsuper: boolean }>('select rolsuper from pg_roles where rolname = current_user');
    if (su[0]?.rolsuper) await owner.query('set local session_replication_role = replica');
    await owner.query(`create temporary table bench_imported on commit drop as select id from enterprises where tenant_id = $1 and credit_code like '${CODE_PREFIX}%'`, [t]);
    await owner.query(`delete from audit_log where tenant_id = $1 and subject_type = 'enterprise' and subject_id in (select id::text from bench_imported)`, [t]);
    for (const child of ['enterprise_name_grams', 'enterprise_contacts', 'enterprise_tags', 'enterprise_documents', 'enterprise_change_requests']) {
      await owner.query(`delete from ${child} where tenant_id = $1 and enterprise_id in (select id from bench_imported)`, [t]);
    }
    await owner.query(`delete from enterprises where tenant_id = $1 and id in (select id from bench_imported)`, [t]);
    // Earlier runs' import records and files too (a run stopped half-way leaves them behind).
    const { rows: files } = await owner.query<{ id: string; storage_key: string }>(
      `select f.id, f.storage_key from files f
        where f.tenant_id = $1 and f.purpose = 'import' and (f.id = $2 or f.original_name like '企业导入压测%')`,
      [t, fileId],
    );
    const ids = files.map((f) => f.id);
    await owner.query(`delete from enterprise_imports where tenant_id = $1 and (id = $2 or file_id = any($3::uuid[]))`, [t, importId, ids]);
    await owner.query(`delete from audit_log where tenant_id = $1 and subject_type = 'file' and subject_id = any($2::text[])`, [t, ids]);
    await owner.query(`delete from files where tenant_id = $1 and id = any($2::uuid[])`, [t, ids]);
    await owner.query('commit');
    const storage = createStorage(storageConfigFromEnv(process.env));
    for (const f of files) await storage.delete(f.storage_key);
  } catch (e) {
    await owner.query('rollback');
    throw e;
  }
}
