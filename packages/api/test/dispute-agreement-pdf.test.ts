import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAppError } from '@stationdesk/api/errors';
import { withTenant } from '@stationdesk/db';
import { translator } from '@stationdesk/i18n';
import { apiDeps, makeMember, makeTenant, openTestDb, signedIn, testStorage, type Client, type TestTenant, error, keyOf } from '@stationdesk/test-utils';

/** 调解协议书: the agreement of a mediated dispute as a PDF, stored for the case, in the reader's language. */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let manager: Client;
let staff: Client;
let admin: Client;


/** A wage-arrears dispute the staff member has taken on and heard once. */
async function heardDispute(title: string) {
  const { id } = await staff.call((api) =>
    api.dispute.create({
      source: 'party_application',
      disputeType: 'wage_arrears',
      enterpriseId: tenant.enterpriseIds[0]!,
      title,
      facts: '公司拖欠 3 名员工 2 个月工资共计 4.5 万元，员工多次催讨未果。',
      amountYuan: 45000,
      peopleInvolved: 3,
      parties: [
        { side: 'applicant', kind: 'person', name: '王建国', phone: '13812341234' },
        { side: 'respondent', kind: 'organisation', name: '上海某某科技有限公司', enterpriseId: tenant.enterpriseIds[0]! },
      ],
      assign: { mode: 'self' },
    }),
  );
  const item = await staff.call((api) => api.workItem.get({ id }));
  // Taking it oneself signs for it already; otherwise accept it first.
  if (item.allowedActions.includes('accept')) await staff.call((api) => api.workItem.transition({ id, action: 'accept', version: item.version }));
  await staff.call((api) =>
    api.dispute.addSession({ id, kind: 'mediation', heldAt: new Date(Date.now() - 3_600_000).toISOString(), mediator: '李调解', attendees: '双方当事人', notes: '双方同意分期支付。' }),
  );
  return id;
}

async function storedBytes(fileId: string): Promise<{ bytes: Buffer; name: string; purpose: string; contentType: string }> {
  const row = await withTenant(t.owner, tenant.tenantId, (trx) =>
    trx.selectFrom('files').select(['storage_key', 'original_name', 'purpose', 'content_type']).where('id', '=', fileId).executeTakeFirstOrThrow(),
  );
  const stream = await testStorage().get(row.storage_key);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { bytes: Buffer.concat(chunks), name: row.original_name, purpose: row.purpose, contentType: row.content_type };
}

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  staff = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
  admin = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 })).email);
});
afterAll(() => t.close());

describe('dispute.agreementDocument', () => {
  it('renders the agreement of a case as a PDF with the CJK font embedded, stored as an attachment the manager can open', async () => {
    const id = await heardDispute('拖欠工资纠纷（协议书）');
    await staff.call((api) =>
      api.dispute.recordOutcome({
        id,
        outcome: 'agreement',
        agreement: { number: '新虹调〔2026〕12号', terms: '被申请人于 2026 年 7 月 31 日前分两期支付拖欠工资共计 45,000 元。', amountYuan: 45000, method: '银行转账', place: '新虹街道楼宇工作站', dueOn: '2026-07-31' },
      }),
    );
    const started = Date.now();
    const { fileId, fileName } = await staff.call((api) => api.dispute.agreementDocument({ id }));
    const ms = Date.now() - started;
    expect(fileName).toBe('调解协议书-新虹调〔2026〕12号.pdf');

    const file = await storedBytes(fileId);
    expect(file).toMatchObject({ purpose: 'attachment', contentType: 'application/pdf', name: fileName });
    expect(file.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const raw = file.bytes.toString('latin1');
    // The font program is embedded (a subset: its name carries the six-letter subset tag).
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(raw).toContain('/FontFile2');
    expect(file.bytes.length).toBeGreaterThan(1024);
    // Subsetting keeps the file small, far from the 10 MB font it came from.
    expect(file.bytes.length).toBeLessThan(400 * 1024);
    console.log(`agreement PDF: ${file.bytes.length} bytes in ${ms} ms`);
    if (process.env.SD_KEEP_PDF) (await import('node:fs')).writeFileSync(process.env.SD_KEEP_PDF, file.bytes);

    // Staff and managers open it like any attachment of the case (the download's own rule).
    const { openFile } = await import('@stationdesk/services');
    const opened = await withTenant(t.db, tenant.tenantId, async (trx) => {
      const me = await manager.call((api) => api.auth.me());
      const actor = { userId: me.user.id, role: 'manager' as const, membershipId: null, scope: { kind: 'tenant' as const }, ip: null };
      const f = await openFile({ trx, actor, tenantId: tenant.tenantId, timezone: 'Asia/Shanghai' }, { storage: testStorage() }, fileId);
      f.stream.destroy();
      return f.name;
    });
    expect(opened).toBe(fileName);
  });

  it('says so, translated, when the case has no agreement', async () => {
    const id = await heardDispute('拖欠工资纠纷（尚无协议）');
    const e = await error(staff.call((api) => api.dispute.agreementDocument({ id })));
    expect(e.code).toBe('BAD_REQUEST');
    expect(keyOf(e)).toBe('errors.dispute.agreementMissing');
    const appError = toAppError(e);
    expect(translator('zh-CN')(appError.messageKey, appError.params)).toBe('该案件还没有调解协议。');
    expect(translator('en')(appError.messageKey, appError.params)).not.toContain('errors.');
  });

  it('is refused to an enterprise admin, even of an enterprise that is a party', async () => {
    const id = await heardDispute('拖欠工资纠纷（企业管理员）');
    const e = await error(admin.call((api) => api.dispute.agreementDocument({ id })));
    expect(e.code).toBe('FORBIDDEN');
  });
});
