import { api, explain, tenantConfig } from '../api.js';
import { h, params } from '../dom.js';
import { t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import { schemas } from '../schemas.js';

type Answer = 'yes' | 'no' | 'in_touch';

/** "Did the help take place?": the one-click answer of the follow-up mail (`?post=…&token=…&answer=…`). */
runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('followup.title'), tenant: config });
  const status = h('p', { role: 'status', className: 'notice' });
  const postId = params.get('post') ?? '';
  const token = params.get('token') ?? '';
  const send = async (answer: Answer) => {
    const { followUpAnswerSchema } = await schemas();
    const parsed = followUpAnswerSchema.safeParse({ token, answer });
    if (!parsed.success) {
      status.className = 'notice error';
      status.textContent = t('error.invalid_token');
      return;
    }
    status.className = 'notice';
    status.textContent = t('followup.working');
    try {
      await api('POST', `/posts/${encodeURIComponent(postId)}/follow-up`, parsed.data);
      status.className = 'notice success';
      status.textContent = `${t('followup.recorded', { answer: t(`followup.${answer}`) })} ${t('followup.thanks')}`;
    } catch (error) {
      status.className = 'notice error';
      status.textContent = explain(error);
    }
  };
  const answers: Answer[] = ['yes', 'no', 'in_touch'];
  main.append(
    status,
    h(
      'div',
      { className: 'actions' },
      ...answers.map((answer) =>
        h('button', { type: 'button', className: 'secondary', onclick: () => void send(answer) }, t(`followup.${answer}`)),
      ),
    ),
    h('p', {}, h('a', { href: pageLink('') }, t('nav.home'))),
  );
  const answer = params.get('answer');
  if (answer === 'yes' || answer === 'no' || answer === 'in_touch') await send(answer);
  else status.hidden = true;
});
