import { localDate, type Rating } from '@stationdesk/core';

/**
 * How the demo desk did, month by month (issue 18), so the managers' KPIs on the demo read like the
 * subdistrict's own report — first contact ≈ 97 %, resolution ≈ 92 %, on time ≈ 99 %, satisfaction
 * ≈ 87 % — with a real 同比: 2025 a year of complaints (about one first rating in four unsatisfied,
 * satisfaction near 75 %), 2026 the year the stations put it right (one in eight). Shares move
 * linearly within each year and step at the new year; months before 2025 are read as its first.
 */
interface DeskShares {
  /** First ratings 不满意 or 非常不满意. */
  unsatisfied: number;
  /** Requests not through the counter or the phone (portal, WeChat) first called after their window. */
  lateContact: number;
  /** Items resolved after their due time. */
  lateResolution: number;
}

const yearStart: Record<number, DeskShares> = {
  2025: { unsatisfied: 0.3, lateContact: 0.1, lateResolution: 0.01 },
  2026: { unsatisfied: 0.16, lateContact: 0.07, lateResolution: 0.005 },
};
const yearEnd: Record<number, DeskShares> = {
  2025: { unsatisfied: 0.23, lateContact: 0.08, lateResolution: 0.008 },
  2026: { unsatisfied: 0.1, lateContact: 0.05, lateResolution: 0.003 },
};

/** The desk's shares in the local month of `at`. */
export function deskShares(at: number, tz = 'Asia/Shanghai'): DeskShares {
  const [y, m] = localDate(at, tz).split('-').map(Number) as [number, number];
  const year = Math.min(2026, Math.max(2025, y));
  const f = y < 2025 ? 0 : y > 2026 ? 1 : (m - 1) / 11;
  const a = yearStart[year]!;
  const b = yearEnd[year]!;
  const mix = (k: keyof DeskShares) => a[k] + (b[k] - a[k]) * f;
  return { unsatisfied: mix('unsatisfied'), lateContact: mix('lateContact'), lateResolution: mix('lateResolution') };
}

/**
 * A requester's rating given at `at`: unsatisfied as often as the desk's share then (times `worse`
 * for outcomes people like less, such as a failed mediation), otherwise mostly 非常满意.
 */
export function demoRating(r: () => number, at: number, worse = 1): Rating {
  const unsatisfied = Math.min(0.9, deskShares(at).unsatisfied * worse);
  const x = r();
  if (x < unsatisfied) return x < unsatisfied * 0.25 ? 'very_dissatisfied' : 'dissatisfied';
  const y = (x - unsatisfied) / (1 - unsatisfied);
  return y < 0.55 ? 'very_satisfied' : y < 0.88 ? 'satisfied' : 'basically_satisfied';
}

/** Of the unsatisfied, how many ask for the work to be redone (重办) rather than closing with a 整改. */
export const REWORK_SHARE = 0.6;
/** A rating after rework: the desk tries harder, few stay unsatisfied. */
export const AFTER_REWORK_WORSE = 0.5;

export const unsatisfiedComments = ['答复比较笼统，没有解决实际问题。', '等了好几天才有回复。', '希望工作人员能到现场看一下。', '和部门的说法不一致，请再核实。'];
export const reworkAnswers = [
  '您好，针对您反馈的问题，我们已与主管部门再次核实，并安排工作人员上门逐项说明，相关材料已按要求补齐。',
  '您好，已按您的意见重新办理：与物业和相关部门现场协调，问题已处理完毕，后续如有情况请随时联系工作站。',
  '您好，经重新核实，已为您对接具体经办人并电话说明办理步骤，相关表格已通过企业端发送。',
];

/**
 * 整改完成 marked by staff (a rectification a 不满意 rating left, no rework asked): most well within
 * the deadline, about one in twenty after it; null while still owed at `latest`.
 */
export function demoRectifiedAt(r: () => number, openedAt: number, dueAt: number, latest: number): number | null {
  const at = r() < 0.05 ? dueAt + (1 + r() * 47) * 3_600_000 : openedAt + (dueAt - openedAt) * (0.2 + r() * 0.7);
  return at <= latest ? at : null;
}

export const rectificationNotes = [
  '已上门向企业说明政策口径，并协调主管部门出具书面答复，企业表示理解。',
  '已与物业、产权方现场协调，问题整改到位，电话回访企业确认。',
  '已安排专人跟进，补办相关手续并将办理结果告知企业。',
];
