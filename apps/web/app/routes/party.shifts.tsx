import { Form, Link, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isRealDate } from '@stationdesk/core';
import { Card, Page } from '../components/page.tsx';
import { buttonClass, Empty, FormError, inputClass, selectClass } from '../components/ui.tsx';
import { errorMessage } from '../lib/errors.server.ts';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { badgeClass, placesTone, shiftTime } from '../lib/party.ts';
import type { Route } from './+types/party.shifts';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'party.shifts.title');
}

/** 站岗排班: the shifts of a period at the member's posts, by day, with the places taken and the batches. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams;
  const postId = /^[0-9a-f-]{36}$/.test(params.get('postId') ?? '') ? params.get('postId')! : '';
  const from = isRealDate(params.get('from')) ? params.get('from')! : undefined;
  const to = isRealDate(params.get('to')) ? params.get('to')! : undefined;
  const shortOnly = params.get('short') === '1';
  const { timezone, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([
      context.trpc.servicePost.list(),
      context.trpc.dutyShift
        .list({ ...(postId ? { postId } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}), ...(shortOnly ? { shortOnly } : {}) })
        .then(
          (list) => ({ list, error: null }),
          (e: unknown) => ({ list: null, error: errorMessage(e, context.lang) }),
        ),
    ]),
  );
  const [posts, shifts] = data;
  return { posts, postId, shortOnly, timezone, ...shifts };
}

export default function DutyRoster() {
  const { posts, postId, shortOnly, timezone, list, error } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const days = new Map<string, NonNullable<typeof list>['shifts']>();
  for (const s of list?.shifts ?? []) days.set(s.shiftDate, [...(days.get(s.shiftDate) ?? []), s]);
  return (
    <Page
      title={t('party.shifts.title')}
      subtitle={t('party.shifts.subtitle')}
      actions={
        <Link to={`/party/shifts/new${postId ? `?postId=${postId}` : ''}`} className={buttonClass.primary} data-testid="new-shifts">
          {t('party.shifts.new')}
        </Link>
      }
    >
      <Form method="get" replace className="mb-4 grid grid-cols-2 gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-5" data-testid="shift-filters">
        <select name="postId" defaultValue={postId} aria-label={t('party.shifts.post')} className={`${selectClass} col-span-2 sm:col-span-1`}>
          <option value="">{t('party.shifts.anyPost')}</option>
          {posts.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <input type="date" name="from" defaultValue={list?.from ?? ''} aria-label={t('party.shifts.from')} className={inputClass} />
        <input type="date" name="to" defaultValue={list?.to ?? ''} aria-label={t('party.shifts.to')} className={inputClass} />
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" name="short" value="1" defaultChecked={shortOnly} />
          {t('party.shifts.shortOnly')}
        </label>
        <button type="submit" className={buttonClass.secondary}>
          {t('party.common.filter')}
        </button>
      </Form>
      {error ? <FormError>{error}</FormError> : null}
      {list && list.shifts.length === 0 ? (
        <Card>
          <Empty>{t('party.shifts.none')}</Empty>
        </Card>
      ) : null}
      <div className="space-y-3" data-testid="roster">
        {[...days.entries()].map(([date, shifts]) => (
          <Card key={date}>
            <h2 className="border-b border-slate-100 px-4 py-2 text-sm font-medium">
              {date} {t(`party.weekday.${new Date(`${date}T00:00:00Z`).getUTCDay()}`)}
            </h2>
            <ul className="divide-y divide-slate-100">
              {shifts.map((s) => (
                <li key={s.id} data-testid="shift-row">
                  <Link to={`/party/shifts/${s.id}`} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2.5 hover:bg-slate-50">
                    <span className="min-w-0">
                      <span className="font-medium tabular-nums">{shiftTime(s, timezone)}</span> <span className="text-slate-700">{s.postName}</span>
                    </span>
                    <span className="flex items-center gap-2 text-sm">
                      {s.status === 'cancelled' ? (
                        <span className={`${badgeClass} bg-slate-50 text-slate-500 ring-slate-500/20`}>{t('party.shifts.cancelled')}</span>
                      ) : (
                        <>
                          <span className="text-slate-500">{t('party.shifts.batches', { count: s.batches ?? 0 })}</span>
                          <span className={`${badgeClass} ${placesTone(s)} tabular-nums`} data-testid="shift-places">
                            {s.left > 0 ? t('party.shifts.short', { left: s.left }) : t('party.shifts.full')} · {t('party.shifts.booked', { booked: s.booked, places: s.places })}
                          </span>
                        </>
                      )}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
        ))}
      </div>
      {list ? <p className="mt-3 text-xs text-slate-500">{`${list.from} ~ ${list.to}`}</p> : null}
    </Page>
  );
}

