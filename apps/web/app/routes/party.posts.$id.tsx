import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { FormErrors } from '../components/form.tsx';
import { Card, Page } from '../components/page.tsx';
import { PostForm, postFormFields, postRefusalFields } from '../components/party/post-form.tsx';
import { buttonClass, Notice, selectClass } from '../components/ui.tsx';
import { failureOf, type ActionDone, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { readPostForm } from '../lib/party.server.ts';
import { qrSvg } from '../lib/qr.server.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/party.posts.$id';

export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'party.posts.editTitle', loaderData?.post.name);
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { timezone, data: loaded } = await loadForRoles(request, context, staffRoles, () => Promise.all([context.trpc.servicePost.list(), context.trpc.servicePost.services()]));
  const [posts, services] = loaded;
  const post = posts.find((p) => p.id === params.id);
  if (!post) throw data(null, { status: 404 });
  return { post, services, timezone };
}

type CodeShown = ActionDone<{ svg: string; url: string; expiresAt: string }>;

/** Saves the post, or makes a check-in QR code for it (shown once: only its hash is kept). */
export async function action({ request, context, params }: Route.ActionArgs): Promise<ActionFailure | CodeShown | Response> {
  await requireRole(request, context, staffRoles);
  const form = await request.formData();
  const intent = text(form, 'intent');
  try {
    if (intent === 'code') {
      const code = await context.trpc.servicePost.issueCheckInCode({ id: params.id, validMinutes: Number(text(form, 'validMinutes')) || undefined });
      const url = new URL(code.path, request.url).toString();
      return { ok: true, intent, message: '', svg: await qrSvg(url), url, expiresAt: code.expiresAt };
    }
    await context.trpc.servicePost.update({ id: params.id, ...readPostForm(form), active: form.get('active') === 'on' });
    return redirectWithFlash(request, context, translator(context.lang)('party.posts.saved'));
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent, fields: postFormFields, refusalFields: postRefusalFields, posted: form });
  }
}

export default function ServicePostPage() {
  const { post, services, timezone } = useLoaderData<typeof loader>();
  const answer = useActionData<ActionFailure | CodeShown>();
  const { t } = useTranslation();
  const busy = useNavigation().state === 'submitting';
  const code = answer && answer.ok && answer.intent === 'code' ? answer : null;
  return (
    <Page
      title={post.name}
      subtitle={post.location}
      actions={
        <div className="flex gap-2">
          <Link to={`/party/shifts?postId=${post.id}`} className={buttonClass.secondary}>
            {t('party.posts.roster')}
          </Link>
          <Link to="/party/posts" className={buttonClass.secondary}>
            {t('party.common.back')}
          </Link>
        </div>
      }
    >
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <PostForm
          editing
          values={{ stationId: post.stationId, name: post.name, location: post.location, openingHours: post.openingHours, services: post.services, active: post.active }}
          stations={[]}
          services={services}
          failure={failureOf(answer, 'save')}
        />
        <Card className="space-y-3 p-4" data-testid="check-in-code">
          <h2 className="font-medium">{t('party.posts.code')}</h2>
          <p className="text-sm text-slate-600">{t('party.posts.codeHint')}</p>
          {code ? (
            <div className="space-y-2 text-center">
              {/* An SVG we drew from our own link (lib/qr.server.ts): no user text in it. */}
              <div className="mx-auto w-60" data-testid="qr-image" dangerouslySetInnerHTML={{ __html: code.svg }} />
              <p className="text-sm font-medium">{t('party.posts.expiresAt', { at: formatDateTime(code.expiresAt, timezone) })}</p>
              <p className="break-all text-xs text-slate-500" data-testid="qr-link">
                {code.url}
              </p>
              <Notice tone="warning">{t('party.posts.codeOnce')}</Notice>
            </div>
          ) : null}
          <Form method="post" className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="intent" value="code" />
            <label className="text-sm">
              <span className="mb-1 block text-slate-700">{t('party.posts.validFor')}</span>
              <select name="validMinutes" defaultValue="720" className={selectClass}>
                <option value="240">{t('party.posts.hours4')}</option>
                <option value="720">{t('party.posts.hours12')}</option>
                <option value="1440">{t('party.posts.day1')}</option>
                <option value="10080">{t('party.posts.days7')}</option>
              </select>
            </label>
            <button type="submit" className={buttonClass.primary} disabled={busy || !post.active} data-testid="issue-code">
              {t('party.posts.issue')}
            </button>
          </Form>
          <FormErrors failure={failureOf(answer, 'code')} />
        </Card>
      </div>
    </Page>
  );
}
