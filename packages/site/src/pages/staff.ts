import { staffSessionKey } from '../staff-session.js';
import { api, ApiError, explain, tenantConfig, type Page } from '../api.js';
import { append, disclosure, h, params } from '../dom.js';
import { checkedForm, clearErrors, errorsFromIssues, errorSummary, field, select, showErrors } from '../form.js';
import { formatDate, lang, localised, t, type MessageKey } from '../i18n.js';
import { postEditForm } from '../edit-form.js';
import { frame, pageLink, runPage } from '../layout.js';
import { drawingsSection } from '../staff-drawings.js';
import { healthWorkersSection } from '../staff-health-workers.js';
import { postForm } from '../post-form.js';
import { figuresSection } from '../staff-figures.js';
import { teamSection } from '../staff-team.js';
import { sectionsSection } from '../staff-sections.js';
import { schemas } from '../schemas.js';
import { categoryLabel, kindLabel } from '../post-view.js';
import { phoneLink } from '../tenant-contact.js';
import { staffQueueSection } from '../staff-queue.js';
import { rejectWithReason } from '../reject-form.js';

const sessionKey = staffSessionKey;

interface StaffPost {
  id: string;
  kind: string;
  category: string;
  status: string;
  title: string | null;
  description: string | null;
  authorName: string | null;
  reportCount: number;
  reports: { at: string; reason: string }[];
  personalDataHints: ('phone' | 'email')[];
  enteredByStaff: boolean;
  createdAt: string;
}

type CloseOutcome = 'fulfilled' | 'no_longer_needed' | 'no_answer' | 'duplicate';
type FollowUpAnswer = 'yes' | 'no' | 'in_touch';

/** A post's record (`GET /staff/posts/{id}`): the caller of a post taken by phone, how it ended, the follow-up's answer. */
interface StaffPostRecord extends StaffPost {
  caller: { phone: string | null; note: string | null } | null;
  closedReason: CloseOutcome | null;
  closedAt: string | null;
  followUp: { answer: FollowUpAnswer; answeredAt: string | null; byStaff: boolean } | null;
}

const closeOutcomes: CloseOutcome[] = ['fulfilled', 'no_longer_needed', 'no_answer', 'duplicate'];
const followUpAnswers: FollowUpAnswer[] = ['yes', 'no', 'in_touch'];
/** Statuses staff may close a post from (the API's rule: not twice, not once refused or deleted). */
const closable = ['pending_verification', 'pending_moderation', 'published', 'hidden', 'expired'];

/**
 * The staff's space: a magic link by email (`POST /staff/login`), exchanged for a session
 * (`POST /staff/session`) kept for this tab only; then the moderation queue, the figures and the
 * CSV export.
 */
runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('staff.title'), tenant: config });
  const status = h('div', { role: 'status', id: 'staff-status' });
  main.append(status);
  const token = params.get('token');
  if (token) {
    status.replaceChildren(h('p', { className: 'notice' }, t('staff.signingIn')));
    try {
      const opened = await api<{ session: string }>('POST', '/staff/session', { token });
      sessionStorage.setItem(sessionKey, opened.session);
      history.replaceState(null, '', location.pathname);
      status.replaceChildren();
    } catch (error) {
      status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, explain(error)));
    }
  }
  const session = sessionStorage.getItem(sessionKey);
  if (session) {
    try {
      const postId = params.get('post');
      if (postId) await staffPostView(main, status, session, config, postId);
      else await signedIn(main, status, session, config);
      return;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
      sessionStorage.removeItem(sessionKey);
      status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, t('error.unauthorized')));
    }
  }
  loginForm(main, status);
});

/** The tenant's campaigns with kits, each with its counter page (hand-outs, returns, figures); nothing without one. */
function campaignsSection(config: Awaited<ReturnType<typeof tenantConfig>>): HTMLElement | null {
  const campaigns = config.sections.filter((section) => section.type === 'campaign');
  if (!campaigns.length) return null;
  return h(
    'section',
    { 'aria-labelledby': 'campagnes' },
    h('h2', { id: 'campagnes' }, t('staff.campaigns')),
    h(
      'ul',
      {},
      ...campaigns.map((section) =>
        h(
          'li',
          {},
          h('a', { href: pageLink('comptoir.html', { campagne: section.id }) }, t('staff.counter', { title: localised(section.title) })),
        ),
      ),
    ),
  );
}

function loginForm(main: HTMLElement, status: HTMLElement): void {
  const summary = errorSummary();
  const form = h(
    'form',
    { id: 'staff-login', novalidate: true },
    summary,
    field(
      { id: 'staff-email', label: t('staff.email'), required: true },
      h('input', { name: 'email', type: 'email', autocomplete: 'email' }),
    ),
    h('button', { type: 'submit' }, t('staff.login')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const body = { email: String(new FormData(form).get('email') ?? '').trim() };
      const { staffLoginSchema } = await schemas();
      const parsed = staffLoginSchema.safeParse(body);
      if (!parsed.success)
        return showErrors(form, summary, errorsFromIssues(parsed.error.issues, { email: 'staff-email' }, body), {
          'staff-email': t('staff.email'),
        });
      clearErrors(form, summary);
      try {
        await api('POST', '/staff/login', parsed.data);
        status.replaceChildren(h('p', { className: 'notice success' }, t('staff.linkSent')));
      } catch (error) {
        status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, explain(error)));
      }
    })();
  });
  main.insertBefore(h('p', {}, t('staff.loginIntro')), status);
  main.insertBefore(form, status);
}

async function signedIn(
  main: HTMLElement,
  status: HTMLElement,
  session: string,
  config: Awaited<ReturnType<typeof tenantConfig>>,
): Promise<void> {
  const me = await api<{ email: string; role: string }>('GET', '/staff/me', undefined, session);
  const queue = h('ul', { className: 'posts', id: 'queue' });
  const say = (text: string, kind: 'success' | 'error') =>
    status.replaceChildren(h('p', { className: `notice ${kind}`, ...(kind === 'error' ? { role: 'alert' } : {}) }, text));
  const figures = figuresSection({ session, config, role: me.role, say });
  // The team, for admins only (the API refuses anyone else).
  const team = me.role === 'admin' ? teamSection({ session, me: me.email, say }) : null;
  // The sections' dates, for admins only, where the tenant has sections.
  const sectionDates = me.role === 'admin' && config.sections.length > 0 ? sectionsSection({ session, say }) : null;
  append(
    main,
    h('p', {}, t('staff.signedInAs', { email: me.email, role: me.role })),
    h(
      'button',
      {
        type: 'button',
        className: 'secondary',
        onclick: () => {
          sessionStorage.removeItem(sessionKey);
          location.reload();
        },
      },
      t('staff.logout'),
    ),
    h(
      'section',
      { 'aria-labelledby': 'moderation' },
      h('h2', { id: 'moderation', tabindex: -1 }, t('staff.queue')),
      h('p', {}, t('staff.queueIntro')),
      queue,
    ),
    campaignsSection(config),
    onBehalfSection(session, config),
    allPostsSection(session, config),
    reportedConversationsSection(session),
    drawingsSection(session),
    healthWorkersSection(session, config),
    figures.element,
    team?.element ?? null,
    sectionDates?.element ?? null,
  );
  main.append(status);

  const item = (post: StaffPost): HTMLLIElement => {
    const title = post.title ?? '—';
    const decide = async (action: 'approve' | 'reject', body: unknown, done: MessageKey) => {
      try {
        await api('POST', `/staff/posts/${encodeURIComponent(post.id)}/${action}`, body, session);
        say(t(done, { title }), 'success');
        await loadQueue();
      } catch (error) {
        say(explain(error), 'error');
      }
    };
    const refuse = rejectWithReason({ id: `reason-${post.id}`, title, reject: (body) => void decide('reject', body, 'staff.rejected') });
    const hints = post.personalDataHints.map((hint) => t(`staff.hint.${hint}` as MessageKey));
    return h(
      'li',
      { className: 'post' },
      postMeta(config, post),
      h('h3', {}, title),
      h('p', { className: 'description' }, post.description ?? ''),
      h('p', { className: 'meta' }, t('post.by', { name: post.authorName ?? '—', date: formatDate(post.createdAt) })),
      hints.length
        ? h('p', { className: 'notice error' }, t('staff.hints', { hints: hints.join(lang === 'fr' ? ' et ' : ' and ') }))
        : null,
      post.reportCount ? h('p', {}, t('staff.reports', { count: post.reportCount })) : null,
      post.reports.length ? h('ul', {}, ...post.reports.map((report) => h('li', {}, `${formatDate(report.at)} : ${report.reason}`))) : null,
      openLink(post.id, title),
      h(
        'div',
        { className: 'actions' },
        h(
          'button',
          {
            type: 'button',
            onclick: () => void decide('approve', undefined, 'staff.approved'),
            'aria-label': `${t('staff.approve')} : ${title}`,
          },
          t('staff.approve'),
        ),
        refuse.button,
      ),
      refuse.form,
    );
  };

  async function loadQueue() {
    const page = await api<Page<StaffPost>>('GET', '/staff/moderation?limit=50', undefined, session);
    queue.replaceChildren(...page.items.map(item));
    if (page.items.length === 0) queue.append(h('li', {}, t('staff.queueEmpty')));
  }

  await Promise.all([loadQueue(), figures.load(), team?.load(), sectionDates?.load()]);
  if (location.hash) document.getElementById(location.hash.slice(1))?.focus();
}

type Config = Awaited<ReturnType<typeof tenantConfig>>;

/** A post's kind, category and status (then `more`), as every list of the staff shows them. */
const postMeta = (config: Config, post: Pick<StaffPost, 'kind' | 'category' | 'status'>, more = ''): HTMLElement =>
  h(
    'p',
    { className: 'meta' },
    h('span', { className: `badge badge-${post.kind}` }, kindLabel(post.kind)),
    ` ${categoryLabel(config, post.category)} · ${t(`status.${post.status}` as MessageKey)}${more}`,
  );

/** The link to a post's record, named with its title for a screen reader's list of links. */
const openLink = (postId: string, title: string): HTMLElement =>
  h('p', {}, h('a', { href: pageLink('equipe.html', { post: postId }), 'aria-label': `${t('staff.open')} : ${title}` }, t('staff.open')));

const searchStatuses = [
  'published',
  'pending_moderation',
  'hidden',
  'closed',
  'expired',
  'rejected',
  'pending_verification',
  'deleted',
] as const;

/** Every post of the tenant: words of the text and a status, a page at a time; each opens its record. */
function allPostsSection(session: string, config: Config): HTMLElement {
  const results = h('ul', { className: 'posts', id: 'all-posts' });
  const more = h('button', { type: 'button', className: 'secondary', hidden: true }, t('staff.searchMore'));
  const query = h('input', { type: 'search', name: 'q', maxlength: 100 });
  const statusSelect = h(
    'select',
    { name: 'status' },
    h('option', { value: '' }, t('staff.searchAnyStatus')),
    ...searchStatuses.map((status) => h('option', { value: status }, t(`status.${status}` as MessageKey))),
  );
  const summary = errorSummary();
  const form = h(
    'form',
    { novalidate: true, id: 'search-posts', role: 'search' },
    summary,
    field({ id: 'search-q', label: t('staff.searchWords'), hint: t('staff.searchWordsHint') }, query),
    field({ id: 'search-status', label: t('staff.searchStatus') }, statusSelect),
    h('button', { type: 'submit' }, t('staff.searchSubmit')),
  );
  const said = h('p', { role: 'status', className: 'meta', id: 'all-posts-status' });
  let cursor: string | null = null;
  let current: Record<string, string> = {};
  const row = (post: StaffPost): HTMLLIElement => {
    const title = post.title ?? '—';
    return h(
      'li',
      { className: 'post' },
      postMeta(config, post, ` · ${formatDate(post.createdAt)}`),
      h('h3', {}, title),
      openLink(post.id, title),
    );
  };
  async function load(next: boolean) {
    const params = new URLSearchParams({ ...current, limit: '20', ...(next && cursor ? { cursor } : {}) });
    try {
      const page = await api<Page<StaffPost>>('GET', `/staff/posts?${params.toString()}`, undefined, session);
      if (!next) results.replaceChildren();
      results.append(...page.items.map(row));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      said.textContent =
        results.children.length === 0 && !cursor ? t('staff.searchNone') : t('staff.searchFound', { count: results.children.length });
    } catch (error) {
      said.textContent = explain(error);
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    const words = query.value.trim();
    if (words.length === 1)
      return showErrors(form, summary, new Map([['search-q', t('staff.searchWordsShort')]]), { 'search-q': t('staff.searchWords') });
    current = { ...(words ? { q: words } : {}), ...(statusSelect.value ? { status: statusSelect.value } : {}) };
    void load(false);
  });
  more.addEventListener('click', () => void load(true));
  void load(false);
  return h(
    'section',
    { 'aria-labelledby': 'annonces' },
    h('h2', { id: 'annonces', tabindex: -1 }, t('staff.allPosts')),
    h('p', {}, t('staff.allPostsIntro')),
    form,
    said,
    results,
    h('p', {}, more),
  );
}

interface ReportedConversation {
  id: string;
  postId: string;
  postTitle: string | null;
  /** `spoofing`: a reply in a party's name that failed SES's sender checks (not relayed). */
  reportedBy: 'author' | 'resident' | 'spoofing';
  reportedAt: string;
  residentName: string | null;
  closedAt: string | null;
}

const reportedByMessage = {
  author: 'staff.reportedByAuthor',
  resident: 'staff.reportedByResident',
  spoofing: 'staff.reportedBySpoofing',
} as const;

/** Conversations a resident reported ("signaler ce message"): the digest links here (#signalements). */
function reportedConversationsSection(session: string): HTMLElement {
  const list = h('ul', { className: 'posts', id: 'reported-conversations' });
  const said = h('p', { role: 'status', className: 'meta', id: 'reported-status' });
  const item = (conversation: ReportedConversation, load: () => Promise<void>): HTMLLIElement => {
    const title = conversation.postTitle ?? '—';
    const close = h(
      'button',
      { type: 'button', className: 'danger', 'aria-label': `${t('staff.closeConversation')} : ${title}` },
      t('staff.closeConversation'),
    );
    close.addEventListener('click', () => {
      void (async () => {
        try {
          await api('POST', `/staff/conversations/${encodeURIComponent(conversation.id)}/close`, undefined, session);
          // The list read again before saying it: the closed conversation has left it by then.
          await load();
          said.textContent = t('staff.conversationClosed', { title });
        } catch (error) {
          said.textContent = explain(error);
        }
      })();
    });
    return h(
      'li',
      { className: 'post' },
      h('h3', {}, title),
      h(
        'p',
        { className: 'meta' },
        t(reportedByMessage[conversation.reportedBy], {
          date: formatDate(conversation.reportedAt),
          name: conversation.residentName ?? '—',
        }),
      ),
      openLink(conversation.postId, title),
      h('div', { className: 'actions' }, close),
      warnForm(session, conversation, title),
    );
  };
  return staffQueueSection({
    id: 'signalements',
    title: t('staff.reportedTitle'),
    intro: t('staff.reportedIntro'),
    none: t('staff.reportedNone'),
    path: '/staff/conversations?flagged=true&limit=50',
    session,
    list,
    said,
    item,
  });
}

/** Write to one party of a reported conversation through the relay (no address shown), behind a button. */
function warnForm(session: string, conversation: ReportedConversation, title: string): HTMLElement {
  // A conversation is listed once per report (a party's, spoofing): the report makes the ids unique.
  const key = `${conversation.id}-${conversation.reportedBy}`;
  const party = select('party', [
    ['resident', t('staff.warnResident', { name: conversation.residentName ?? '—' })],
    ['author', t('staff.warnAuthor')],
  ]);
  const message = h('textarea', { name: 'message', rows: 3, maxlength: 4000 });
  const form = checkedForm({
    attributes: { className: 'warn-form' },
    parts: [
      { path: 'party', id: `warn-party-${key}`, label: t('staff.warnParty'), control: party },
      { path: 'message', id: `warn-message-${key}`, label: t('staff.writeMessage'), control: message },
    ],
    submit: { label: t('staff.warnSend'), className: 'secondary' },
    body: () => ({ party: party.value, message: message.value }),
    schema: (core) => core.staffWarnSchema,
    send: (checked) => api('POST', `/staff/conversations/${encodeURIComponent(conversation.id)}/warn`, checked, session),
    sentText: t('staff.warnSent'),
  });
  const holder = h('div', { id: `warn-${key}` }, form);
  const open = disclosure(holder, t('staff.warnOpen'), {
    ariaLabel: `${t('staff.warnOpen')} : ${title}`,
    onToggle: (shown) => shown && party.focus(),
  }).button;
  return h('div', {}, open, holder);
}

const notice = (text: string, kind: 'success' | 'error') =>
  h('p', { className: `notice ${kind}`, ...(kind === 'error' ? { role: 'alert' } : {}) }, text);

/** A post for a resident without internet: the residents' own form, opened on demand (its map with it). */
function onBehalfSection(session: string, config: Config): HTMLElement {
  const holder = h('div', { id: 'on-behalf' });
  let built = false;
  const open = disclosure(holder, t('staff.onBehalfOpen'), {
    onToggle: () => {
      if (!built) build();
    },
  }).button;
  const build = () => {
    built = true;
    const form = postForm({
      config,
      kind: 'request',
      onBehalf: true,
      send: async (body) => {
        const created = await api<StaffPost>('POST', '/staff/posts', body, session);
        return [
          h(
            'p',
            { className: 'notice success', tabindex: -1, id: 'on-behalf-done' },
            t('staff.onBehalfDone', { title: created.title ?? '' }),
          ),
          h('p', {}, h('a', { href: pageLink('annonce.html', { post: created.id }) }, t('staff.viewPublic'))),
          h('p', {}, h('a', { href: pageLink('equipe.html', { post: created.id }) }, t('staff.viewStaff'))),
        ];
      },
    });
    holder.append(form.element);
    void form.attachMap().catch((error: unknown) => console.error('map', error));
  };
  return h(
    'section',
    { 'aria-labelledby': 'pour-un-habitant' },
    h('h2', { id: 'pour-un-habitant', tabindex: -1 }, t('staff.onBehalfTitle')),
    h('p', {}, t('staff.onBehalfIntro')),
    open,
    holder,
  );
}

/** One post's record (`equipe.html?post=…`, the staff mails' link): what staff see, hide, publish, edit. */
async function staffPostView(main: HTMLElement, status: HTMLElement, session: string, config: Config, postId: string): Promise<void> {
  const path = `/staff/posts/${encodeURIComponent(postId)}`;
  const view = h('div', { id: 'staff-post' });
  const say = (text: string, kind: 'success' | 'error') => status.replaceChildren(notice(text, kind));
  const edit = postEditForm({
    config,
    save: (body) => api('PATCH', path, body, session),
    onSaved: async () => {
      const post = await render();
      say(t('staff.saved', { title: post.title ?? '—' }), 'success');
    },
    onError: (error) => say(explain(error), 'error'),
  });
  const editSection = h('section', { 'aria-labelledby': 'modifier' }, h('h3', { id: 'modifier' }, t('staff.editTitle')), edit.form);
  const hideReason = h('textarea', { name: 'reason', rows: 2, maxlength: 1000 });
  const hideSummary = errorSummary();
  const hideForm = h(
    'form',
    { novalidate: true, id: 'hide-form' },
    hideSummary,
    field({ id: 'hide-reason', label: t('staff.hideReason') }, hideReason),
    h('button', { type: 'submit', className: 'danger' }, t('staff.confirmHide')),
  );
  const hide = disclosure(hideForm, t('staff.hide'), { onToggle: (open) => open && hideReason.focus() });
  const hideButton = hide.button;
  const approveButton = h('button', { type: 'button' }, t('staff.approve'));
  const act = async (call: () => Promise<unknown>, done: (post: StaffPost) => string) => {
    try {
      await call();
      const post = await render();
      say(done(post), 'success');
    } catch (error) {
      say(explain(error), 'error');
    }
  };
  approveButton.addEventListener(
    'click',
    () =>
      void act(
        () => api('POST', `${path}/approve`, undefined, session),
        (post) => t('staff.approved', { title: post.title ?? '—' }),
      ),
  );
  hideForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = hideReason.value.trim() ? { reason: hideReason.value } : {};
    void schemas().then(({ hidePostSchema }) => {
      const parsed = hidePostSchema.safeParse(input);
      if (!parsed.success)
        return showErrors(hideForm, hideSummary, errorsFromIssues(parsed.error.issues, { reason: 'hide-reason' }, input), {
          'hide-reason': t('staff.hideReason'),
        });
      clearErrors(hideForm, hideSummary);
      hide.close();
      void act(
        () => api('POST', `${path}/hide`, parsed.data, session),
        (post) => t('staff.hiddenDone', { title: post.title ?? '—' }),
      );
    });
  });
  const actions = h('div', { className: 'actions' }, approveButton, hideButton);

  /** A section of the record with one choice and its button: the choice is sent as `{[name]: value}` to `path/action`. */
  const choiceSection = <Choice extends string>(options: {
    id: string;
    title: MessageKey;
    intro: MessageKey;
    name: string;
    label: MessageKey;
    choices: [Choice, string][];
    submit: MessageKey;
    action: string;
    done: (choice: Choice, post: StaffPostRecord) => string;
  }) => {
    const choice = select(options.name, options.choices);
    const form = h(
      'form',
      { novalidate: true, id: `${options.id}-form` },
      field({ id: `${options.id}-choice`, label: t(options.label) }, choice),
      h('button', { type: 'submit', className: 'secondary' }, t(options.submit)),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = choice.value as Choice;
      void act(
        () => api('POST', `${path}/${options.action}`, { [options.name]: value }, session),
        (post) => options.done(value, post as StaffPostRecord),
      );
    });
    return h(
      'section',
      { 'aria-labelledby': `${options.id}-title` },
      h('h3', { id: `${options.id}-title` }, t(options.title)),
      h('p', {}, t(options.intro)),
      form,
    );
  };
  const outcomeLabel = (outcome: CloseOutcome) => t(`staff.outcome.${outcome}` as MessageKey);
  const answerLabel = (answer: FollowUpAnswer) => t(`followup.${answer}` as MessageKey);
  // Closing with how it ended (never a refusal).
  const closeSection = choiceSection({
    id: 'close',
    title: 'staff.closeTitle',
    intro: 'staff.closeIntro',
    name: 'outcome',
    label: 'staff.outcome',
    choices: closeOutcomes.map((outcome) => [outcome, outcomeLabel(outcome)]),
    submit: 'staff.confirmClose',
    action: 'close',
    done: (outcome, post) => t('staff.closedDone', { title: post.title ?? '—', outcome: outcomeLabel(outcome) }),
  });
  // "Did the help happen?", answered for a resident without internet (a post the team took by phone).
  const followUpSection = choiceSection({
    id: 'follow-up',
    title: 'staff.followUpTitle',
    intro: 'staff.followUpIntro',
    name: 'answer',
    label: 'staff.followUpAnswer',
    choices: followUpAnswers.map((answer) => [answer, answerLabel(answer)]),
    submit: 'staff.confirmFollowUp',
    action: 'follow-up',
    done: (answer, post) => t('staff.followUpDone', { answer: answerLabel(post.followUp?.answer ?? answer) }),
  });

  // Writing to the author through the relay: their reply by mail reaches the team's mailbox.
  const writeSection = writeToAuthorSection(path, session);

  async function render(): Promise<StaffPostRecord> {
    const post = await api<StaffPostRecord>('GET', path, undefined, session);
    const hints = post.personalDataHints.map((hint) => t(`staff.hint.${hint}` as MessageKey));
    view.replaceChildren();
    append(
      view,
      h('h2', { id: 'annonce', tabindex: -1 }, post.title ?? '—'),
      postMeta(config, post),
      h('p', { className: 'description' }, post.description ?? ''),
      h('p', { className: 'meta' }, t('post.by', { name: post.authorName ?? '—', date: formatDate(post.createdAt) })),
      post.enteredByStaff ? h('p', { className: 'meta' }, t('staff.enteredByStaff')) : null,
      post.caller ? callerDetails(post.caller) : null,
      post.closedReason && post.closedAt
        ? h('p', { id: 'closed-as' }, t('staff.closedAs', { date: formatDate(post.closedAt), outcome: outcomeLabel(post.closedReason) }))
        : null,
      post.followUp
        ? h(
            'p',
            { id: 'follow-up-answer-shown' },
            t('staff.followUpShown', {
              answer: answerLabel(post.followUp.answer),
              who: t(post.followUp.byStaff ? 'staff.followUpByStaff' : 'staff.followUpByAuthor'),
              date: post.followUp.answeredAt ? formatDate(post.followUp.answeredAt) : '—',
            }),
          )
        : null,
      hints.length
        ? h('p', { className: 'notice error' }, t('staff.hints', { hints: hints.join(lang === 'fr' ? ' et ' : ' and ') }))
        : null,
      post.reportCount ? h('p', {}, t('staff.reports', { count: post.reportCount })) : null,
      post.reports.length ? h('ul', {}, ...post.reports.map((report) => h('li', {}, `${formatDate(report.at)} : ${report.reason}`))) : null,
      post.status === 'published' ? h('p', {}, h('a', { href: pageLink('annonce.html', { post: post.id }) }, t('staff.viewPublic'))) : null,
    );
    approveButton.hidden = !['pending_moderation', 'hidden'].includes(post.status);
    hideButton.hidden = !['published', 'pending_moderation'].includes(post.status);
    if (hideButton.hidden) hide.close();
    editSection.hidden = !['pending_moderation', 'hidden', 'published'].includes(post.status);
    closeSection.hidden = !closable.includes(post.status);
    followUpSection.hidden = !post.enteredByStaff || post.followUp !== null || post.status === 'deleted';
    writeSection.hidden =
      !config.features.contactRelay ||
      post.enteredByStaff ||
      !['published', 'pending_moderation', 'hidden', 'closed', 'expired'].includes(post.status);
    edit.fill(post);
    return post;
  }

  const me = await api<{ email: string; role: string }>('GET', '/staff/me', undefined, session);
  main.append(
    h('p', {}, t('staff.signedInAs', { email: me.email, role: me.role })),
    h('p', {}, h('a', { href: pageLink('equipe.html') }, t('staff.back'))),
  );
  try {
    await render();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    main.append(notice(explain(error), 'error'));
    return;
  }
  main.append(h('p', {}, t('staff.postIntro')), view, actions, hideForm, closeSection, followUpSection, writeSection, editSection, status);
}

/** A message to the post's author, sent through the relay (neither address shown); the form stays for another one. */
function writeToAuthorSection(path: string, session: string): HTMLElement {
  const message = h('textarea', { name: 'message', rows: 4, maxlength: 4000 });
  const form = checkedForm({
    attributes: { id: 'write-form' },
    resultId: 'write-sent',
    parts: [{ path: 'message', id: 'write-message', label: t('staff.writeMessage'), control: message }],
    submit: { label: t('staff.writeSend'), className: 'secondary' },
    keepForm: true,
    body: () => ({ message: message.value }),
    schema: (core) => core.staffMessageSchema,
    send: (checked) => api('POST', `${path}/messages`, checked, session),
    sentText: t('staff.writeSent'),
    onSent: () => {
      message.value = '';
    },
  });
  return h(
    'section',
    { 'aria-labelledby': 'write-title' },
    h('h3', { id: 'write-title' }, t('staff.writeTitle')),
    h('p', {}, t('staff.writeIntro')),
    form,
  );
}

/** The caller of a post taken by phone, for the team: the number as a link that dials it, and the note. */
function callerDetails(caller: { phone: string | null; note: string | null }): HTMLElement {
  return h(
    'div',
    { className: 'notice', id: 'caller' },
    h('p', {}, h('strong', {}, t('staff.caller'))),
    caller.phone ? h('p', {}, `${t('contact.phone')} `, phoneLink(caller.phone)) : null,
    caller.note ? h('p', { className: 'description' }, t('staff.callerNoteShown', { note: caller.note })) : null,
  );
}
