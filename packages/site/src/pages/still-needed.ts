import { api, explain, tenantConfig } from '../api.js';
import { h, params } from '../dom.js';
import { formatDate, t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import { schemas } from '../schemas.js';

type Answer = 'extend' | 'fulfilled' | 'no_longer_needed';

/**
 * "Still needed?": the page of the reminder mail (`?post=…&token=…`). Nothing happens on opening
 * (a mail scanner following the link changes nothing): the author extends the post or closes it.
 */
runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('stillNeeded.title'), tenant: config });
  const status = h('div', { role: 'status', id: 'still-needed-status' });
  const postId = params.get('post') ?? '';
  const token = params.get('token') ?? '';
  const answers: Answer[] = ['extend', 'fulfilled', 'no_longer_needed'];
  const buttons = answers.map((answer) =>
    h(
      'button',
      { type: 'button', className: answer === 'extend' ? '' : 'secondary', onclick: () => void send(answer) },
      t(`stillNeeded.${answer}`),
    ),
  );
  async function send(answer: Answer) {
    const { stillNeededSchema } = await schemas();
    const parsed = stillNeededSchema.safeParse({ token, answer });
    if (!parsed.success) {
      status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, t('error.invalid_token')));
      return;
    }
    try {
      const result = await api<{ expiresAt: string; extensionsLeft: number }>(
        'POST',
        `/posts/${encodeURIComponent(postId)}/still-needed`,
        parsed.data,
      );
      for (const button of buttons) button.hidden = true;
      status.replaceChildren(
        h(
          'p',
          { className: 'notice success' },
          answer === 'extend' ? t('stillNeeded.extended', { date: formatDate(result.expiresAt) }) : t('stillNeeded.closed'),
        ),
      );
    } catch (error) {
      status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, explain(error)));
    }
  }
  main.append(
    h('p', {}, t('stillNeeded.intro', { days: String(config.postLifetimeDays) })),
    h('div', { className: 'actions' }, ...buttons),
    status,
    h('p', {}, h('a', { href: pageLink('annonce.html', { post: postId }) }, t('manage.view'))),
  );
});
