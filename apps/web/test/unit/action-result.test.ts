import { initTRPC } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { AppError } from '@stationdesk/core';
import { batchSubmitInput } from '@stationdesk/services/agency/cases.schema';
import { createWorkItemInput } from '@stationdesk/services/work-items/create-work-item.schema';
import { actionFailure, issuesToFieldErrors, lastNamedField, zodIssuesOf } from '../../app/lib/action-result.server.ts';
import { failureOf, fieldErrorsOf } from '../../app/lib/action-result.ts';

// The procedures' own schemas behind a tRPC caller, so the error is exactly what a page action catches.
const t = initTRPC.create();
const caller = t
  .router({
    create: t.procedure.input(createWorkItemInput).mutation(() => ({ ok: true })),
    batchSubmit: t.procedure.input(batchSubmitInput).mutation(() => ({ ok: true })),
  })
  .createCaller({});

async function refusal(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (e) {
    return e;
  }
  throw new Error('the procedure took the input');
}

const caseA = '0190a0b2-0000-7000-8000-00000000000a';
const caseB = '0190a0b2-0000-7000-8000-00000000000b';

describe('input issues → field errors', () => {
  it('finds the issues of a procedure refusal (a TRPCError caused by the schema)', async () => {
    const e = await refusal(() => caller.create({ kind: 'consultation', title: 'x', channel: 'walk_in' }));
    expect(zodIssuesOf(e)?.map((i) => i.path)).toEqual([['title']]);
    expect(zodIssuesOf(new AppError('CONFLICT', 'errors.concurrentEdit'))).toBeNull();
  });

  it('puts each translated issue next to its field, in zh-CN and in English', async () => {
    const e = await refusal(() => caller.create({ kind: 'consultation', title: 'x', requesterPhone: '1'.repeat(41), channel: 'walk_in' }));
    const fields = ['title', 'requesterPhone'];
    expect(actionFailure(e, { lang: 'zh-CN', intent: 'create', fields })).toEqual({
      ok: false,
      intent: 'create',
      error: null,
      fieldErrors: { title: '不能少于 2 个字符', requesterPhone: '不能超过 40 个字符' },
    });
    expect(actionFailure(e, { lang: 'en', intent: 'create', fields }).fieldErrors).toEqual({ title: 'must be at least 2 characters', requesterPhone: 'must be at most 40 characters' });
  });

  it('says "required" for a field the form sent empty, whatever the schema found wrong with it', async () => {
    const posted = new FormData();
    posted.set('ref.a', ' ');
    posted.set('ref.b', 'A-1');
    posted.set('submittedOn', '');
    const e = await refusal(() => caller.batchSubmit({ items: [{ id: caseA, departmentRef: ' ' }, { id: caseB, departmentRef: 'A-1' }], submittedOn: '' }));
    // A form that names its fields otherwise maps the paths itself: items.0.departmentRef → ref.a.
    const fieldOf = (path: readonly PropertyKey[]) => (path[0] === 'items' ? `ref.${['a', 'b'][path[1] as number]}` : lastNamedField(['submittedOn'])(path));
    expect(actionFailure(e, { lang: 'zh-CN', intent: 'submit', fieldOf, posted }).fieldErrors).toEqual({ 'ref.a': '此项为必填项', submittedOn: '此项为必填项' });
    // Without what was posted, the schema's own words.
    expect(actionFailure(e, { lang: 'zh-CN', intent: 'submit', fieldOf }).fieldErrors).toEqual({ 'ref.a': '不能少于 1 个字符', submittedOn: '格式不正确（date）' });
    // A list too short is not a field left empty: the schema's words even where nothing was posted under that name.
    const none = await refusal(() => caller.batchSubmit({ items: [], submittedOn: '2026-03-02' }));
    expect(actionFailure(none, { lang: 'zh-CN', intent: 'submit', fields: ['items'], posted }).fieldErrors).toEqual({ items: '至少需要 1 项' });
  });

  it('joins the issues at no field of the form into one sentence, and keeps the first issue per field', async () => {
    const e = await refusal(() => caller.create({ kind: 'consultation', title: '\u0000', channel: 'fax' as 'walk_in' }));
    const issues = zodIssuesOf(e)!;
    // The title has two issues (a control character, too short): the first one is shown.
    expect(issuesToFieldErrors(issues, 'zh-CN', { fieldOf: lastNamedField(['title']) })).toEqual({
      error: '输入有误: 取值不在允许范围内',
      fieldErrors: { title: '不能包含控制字符（如空字符 NUL），请删除后重新输入' },
    });
  });

  it('puts a use case refusal that names a field next to it, flags a conflict, and keeps the rest as the sentence', () => {
    const c = { lang: 'zh-CN' as const, intent: 'advance', refusalFields: { 'errors.agency.refRequired': 'departmentRef' } };
    expect(actionFailure(new AppError('BAD_REQUEST', 'errors.agency.refRequired'), c)).toEqual({ ok: false, intent: 'advance', error: null, fieldErrors: { departmentRef: '请填写部门受理编号。' } });
    const conflict = actionFailure(new AppError('CONFLICT', 'errors.concurrentEdit'), { ...c, form: 'advance.2', values: { note: 'x' } });
    expect(conflict).toMatchObject({ intent: 'advance', form: 'advance.2', conflict: true, fieldErrors: {}, values: { note: 'x' } });
    expect(conflict.error).toBeTruthy();
  });

  it('reads an answer for one form of the page', () => {
    const answer = { ok: false as const, intent: 'reveal', form: 'reveal.1', error: null, fieldErrors: { reason: '此项为必填项' } };
    expect(failureOf(answer, 'reveal.2')).toBeNull();
    expect(fieldErrorsOf(answer, 'reveal.1')).toEqual({ reason: '此项为必填项' });
    expect(fieldErrorsOf({ ok: true, intent: 'reveal', message: '已显示' })).toEqual({});
  });
});
