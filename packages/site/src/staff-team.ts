import { api, ApiError, explain } from './api.js';
import { h } from './dom.js';
import { clearErrors, errorsFromDetails, errorSummary, field, select, showErrors } from './form.js';
import { formatDate, t, type MessageKey } from './i18n.js';

type Role = 'staff' | 'admin';

/** `GET /staff/team`: each address once with its role, and who changed what, newest first. */
interface TeamView {
  members: { email: string; role: Role }[];
  audit: { at: string; by: string; email: string; role: Role | 'removed' }[];
  source: 'tenant_file' | 'staff_space';
}

const roleWords = (role: Role | 'removed'): string => t(`staff.team.role.${role}` as MessageKey);

/**
 * The team, for the tenant's admins (`GET/POST /staff/team`): who may sign in and as what, an
 * address added or its role changed, one removed (its open session refused at once), and the
 * changes' audit. Nothing is shown to staff who are not admins (the API refuses them).
 */
export function teamSection(options: { session: string; me: string; say: (text: string, kind: 'success' | 'error') => void }): {
  element: HTMLElement;
  load: () => Promise<void>;
} {
  const { session, say } = options;
  const members = h('ul', { className: 'team', id: 'team-members' });
  const audit = h('ul', { className: 'meta', id: 'team-audit' });
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'off', spellcheck: 'false', maxlength: 254 });
  const role = select('role', [
    ['staff', roleWords('staff')],
    ['admin', roleWords('admin')],
  ]);
  const summary = errorSummary();
  const form = h(
    'form',
    { novalidate: true, id: 'team-form' },
    summary,
    field({ id: 'team-email', label: t('staff.team.email'), required: true }, email),
    field({ id: 'team-role', label: t('staff.team.roleLabel') }, role),
    h('button', { type: 'submit' }, t('staff.team.add')),
  );
  const labels = { 'team-email': t('staff.team.email') };

  const render = (team: TeamView) => {
    members.replaceChildren(
      ...team.members.map((member) =>
        h(
          'li',
          {},
          `${member.email} · ${roleWords(member.role)}${member.email === options.me ? ` (${t('staff.team.you')})` : ''} `,
          h(
            'button',
            {
              type: 'button',
              className: 'secondary',
              'aria-label': `${t('staff.team.remove')} : ${member.email}`,
              onclick: () => void change({ email: member.email, role: 'removed' }),
            },
            t('staff.team.remove'),
          ),
        ),
      ),
    );
    audit.replaceChildren(
      ...team.audit.map((entry) =>
        h('li', {}, t('staff.team.audited', { date: formatDate(entry.at), by: entry.by, email: entry.email, role: roleWords(entry.role) })),
      ),
    );
    if (team.audit.length === 0) audit.append(h('li', {}, t('staff.team.fromFile')));
  };

  async function change(body: { email: string; role: Role | 'removed' }): Promise<void> {
    try {
      render(await api<TeamView>('POST', '/staff/team', body, session));
      say(t(body.role === 'removed' ? 'staff.team.removed' : 'staff.team.saved', { email: body.email }), 'success');
      if (body.role !== 'removed') form.reset();
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0 && body.role !== 'removed') {
        return showErrors(form, summary, errorsFromDetails(error.details, { email: 'team-email' }), labels);
      }
      say(explain(error), 'error');
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    const address = email.value.trim();
    if (!address) return showErrors(form, summary, new Map([['team-email', t('err.required')]]), labels);
    void change({ email: address, role: role.value as Role });
  });

  const element = h(
    'section',
    { 'aria-labelledby': 'equipe' },
    h('h2', { id: 'equipe', tabindex: -1 }, t('staff.team.title')),
    h('p', {}, t('staff.team.intro')),
    members,
    form,
    h('h3', {}, t('staff.team.auditTitle')),
    audit,
  );
  return { element, load: async () => render(await api<TeamView>('GET', '/staff/team', undefined, session)) };
}
