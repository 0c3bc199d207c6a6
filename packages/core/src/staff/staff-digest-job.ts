import {
  campaignHeadline,
  campaignService,
  type CampaignFigures,
  type CampaignHeadlineName,
  type CampaignStore,
} from '../campaigns/index.js';
import { type Mailer, type OutgoingMail, mailHtml } from '../mail/index.js';
import { type PostStore, effectiveStatus, type PostRecord } from '../posts/index.js';
import { relayCounters } from '../relay/index.js';
import { staffLinks, type StaffLinks, type Clock, type RandomSource, escapeHtml, headerSafe } from '../shared/index.js';
import { type StatsStore, counterNames, sumCounts, tenantDay } from '../stats/index.js';
import { categoryLabels, postKinds, type TenantConfig } from '../tenant/index.js';
import type { StaffPostQueries } from './ports.js';
import { shiftDay } from './staff-report-service.js';

export interface DigestDeps {
  tenant: TenantConfig;
  store: PostStore;
  staffPosts: StaffPostQueries;
  stats: StatsStore;
  mailer: Mailer;
  clock: Clock;
  siteUrl: string;
  /** How many drawings await staff (the gallery's queue, counted up to `limit`); the gallery's store answers it. */
  drawingsAwaiting?: (limit: number) => Promise<number>;
  /** How many requests to be recognised as a health worker await staff (counted up to `limit`); the health workers' store answers it. */
  recognitionsAwaiting?: (limit: number) => Promise<number>;
  /** The tenant's campaigns with kits: their figures and the volunteers to remind. */
  campaignStore: CampaignStore;
  random: RandomSource;
}

/** Posts listed by title in a digest; beyond, a count and the link. */
const listedPosts = 10;
/** How far the moderation queue is counted (beyond: "plus de 200"). */
const queueCountLimit = 200;

export interface DigestContent {
  tenantName: string;
  since: string;
  until: string;
  newPosts: { id: string; title: string; kind: string; category: string }[];
  newPostsByCategory: { category: string; kind: string; count: number }[];
  awaitingModeration: { count: number; more: boolean; first: { id: string; title: string; hidden: boolean }[] };
  reports: number;
  /** Conversations a party reported ("signaler ce message"), listed at the staff page's #signalements. */
  reportedConversations: number;
  connections: number;
  missionsFull: number;
  bouncedAddresses: number;
  /** Drawings of the gallery waiting for staff (always read before publication). */
  drawingsAwaiting: number;
  /** Requests to be recognised as a health worker, confirmed and waiting for staff (#soignants). */
  recognitionsAwaiting: number;
  /** Each campaign with kits: its figures to date, yesterday's, and how many volunteers are due a reminder. */
  campaigns: DigestCampaign[];
}

export interface DigestCampaign {
  id: string;
  title: string;
  makes: string;
  figures: Pick<CampaignFigures, 'kitsHandedOut' | CampaignHeadlineName>;
  yesterday: { kitsHandedOut: number; itemsReturned: number };
  remindersDue: number;
}

export const digestIsEmpty = (digest: DigestContent): boolean =>
  digest.newPosts.length === 0 &&
  digest.awaitingModeration.count === 0 &&
  digest.reports === 0 &&
  digest.reportedConversations === 0 &&
  digest.connections === 0 &&
  digest.missionsFull === 0 &&
  digest.bouncedAddresses === 0 &&
  digest.drawingsAwaiting === 0 &&
  digest.recognitionsAwaiting === 0 &&
  digest.campaigns.every(
    (campaign) => campaign.yesterday.kitsHandedOut === 0 && campaign.yesterday.itemsReturned === 0 && campaign.remindersDue === 0,
  );

const frenchDate = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));

const plural = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;

/** The digest mail, French, HTML and text; every line links to the staff page that deals with it. */
export function digestMail(tenant: TenantConfig, to: string, digest: DigestContent, links: StaffLinks): OutgoingMail {
  const e = escapeHtml;
  const zone = tenant.digest.timeZone;
  const period = `depuis le ${frenchDate(digest.since, zone)}`;
  const kindLabel = (kind: string) => postKinds[kind as keyof typeof postKinds]?.fr ?? kind;
  const categoryLabel = (category: string) => categoryLabels(tenant, category).fr;

  const figures = [
    {
      label:
        plural(digest.awaitingModeration.count, 'annonce à relire', 'annonces à relire') +
        (digest.awaitingModeration.more ? ' (au moins)' : ''),
      link: links.moderationQueue,
    },
    // Reported posts wait in the moderation queue; reported conversations have their own list.
    { label: plural(digest.reports, 'signalement', 'signalements'), link: links.moderationQueue },
    { label: plural(digest.reportedConversations, 'message signalé', 'messages signalés'), link: links.reports },
    { label: plural(digest.connections, 'mise en relation', 'mises en relation'), link: links.connections },
    { label: plural(digest.missionsFull, 'mission complète', 'missions complètes'), link: links.stats },
    ...(digest.drawingsAwaiting > 0
      ? [{ label: plural(digest.drawingsAwaiting, 'dessin à relire', 'dessins à relire'), link: links.drawings }]
      : []),
    ...(digest.recognitionsAwaiting > 0
      ? [
          {
            label: plural(
              digest.recognitionsAwaiting,
              'demande de reconnaissance de soignant à lire',
              'demandes de reconnaissance de soignant à lire',
            ),
            link: links.healthWorkers,
          },
        ]
      : []),
    { label: plural(digest.bouncedAddresses, 'adresse en échec (rejetée)', 'adresses en échec (rejetées)'), link: links.bounces },
  ];

  const campaignLines = digest.campaigns.map((campaign) => ({
    campaign,
    line: campaignDigestLine(campaign),
    link: links.counter(campaign.id),
  }));

  const text = [
    'Bonjour,',
    '',
    `Voici ce qui s’est passé sur la plateforme d’entraide de ${tenant.name} ${period}.`,
    '',
    `Nouvelles annonces : ${digest.newPosts.length}`,
    ...digest.newPostsByCategory.map((group) => `  – ${categoryLabel(group.category)} (${kindLabel(group.kind)}) : ${group.count}`),
    ...digest.newPosts.slice(0, listedPosts).map((post) => `  • ${post.title} – ${links.post(post.id)}`),
    '',
    ...figures.map((figure) => `${figure.label} : ${figure.link}`),
    ...(digest.awaitingModeration.first.length > 0 ? ['', 'À relire :'] : []),
    ...digest.awaitingModeration.first.map((post) => `  • ${post.title}${post.hidden ? ' (masquée)' : ''} – ${links.post(post.id)}`),
    ...(campaignLines.length > 0 ? ['', 'Campagnes :'] : []),
    ...campaignLines.map(({ campaign, line, link }) => `  • ${campaign.title} : ${line} – ${link}`),
    '',
    `Espace de l’équipe : ${links.home}`,
    '',
    'Ce message est envoyé chaque jour ouvré aux agents de la collectivité.',
  ].join('\n');

  const html = mailHtml(
    `Résumé – ${tenant.name}`,
    `<p>Bonjour,</p>
<p>Voici ce qui s’est passé sur la plateforme d’entraide de ${e(tenant.name)} ${e(period)}.</p>
<h2 style="font-size:1.1em">Nouvelles annonces&nbsp;: ${digest.newPosts.length}</h2>
${digest.newPostsByCategory.length > 0 ? `<ul>${digest.newPostsByCategory.map((group) => `<li>${e(categoryLabel(group.category))} (${e(kindLabel(group.kind))})&nbsp;: ${group.count}</li>`).join('')}</ul>` : ''}
${
  digest.newPosts.length > 0
    ? `<ul>${digest.newPosts
        .slice(0, listedPosts)
        .map((post) => `<li><a href="${e(links.post(post.id))}">${e(post.title)}</a></li>`)
        .join('')}</ul>`
    : ''
}
<ul>
${figures.map((figure) => `<li><a href="${e(figure.link)}">${e(figure.label)}</a></li>`).join('\n')}
</ul>
${digest.awaitingModeration.first.length > 0 ? `<h2 style="font-size:1.1em">À relire</h2><ul>${digest.awaitingModeration.first.map((post) => `<li><a href="${e(links.post(post.id))}">${e(post.title)}</a>${post.hidden ? ' (masquée)' : ''}</li>`).join('')}</ul>` : ''}
${campaignLines.length > 0 ? `<h2 style="font-size:1.1em">Campagnes</h2><ul>${campaignLines.map(({ campaign, line, link }) => `<li><a href="${e(link)}">${e(campaign.title)}</a>&nbsp;: ${e(line)}</li>`).join('')}</ul>` : ''}
<p><a href="${e(links.home)}">Ouvrir l’espace de l’équipe</a></p>
<p style="color:#555">Ce message est envoyé aux agents de la collectivité.</p>`,
  );

  return { to, subject: headerSafe(`Entraide – ${tenant.name} : le résumé du jour`), text, html };
}

const frenchNumber = (value: number) => new Intl.NumberFormat('fr-FR').format(value);

/** A campaign in the digest, in one line of French: where it stands, what happened yesterday, who to remind. */
export function campaignDigestLine(campaign: DigestCampaign): string {
  const { figures, yesterday } = campaign;
  const rate = figures.returnRate === null ? '' : ` (${Math.round(figures.returnRate * 100)} %)`;
  return [
    `${plural(figures.kitsHandedOut, 'kit remis', 'kits remis')}, ${frenchNumber(figures.kitsInStock)} en stock, ${frenchNumber(figures.kitsOut)} chez les bénévoles`,
    `${frenchNumber(figures.itemsReturned)} ${campaign.makes} rendus sur ${frenchNumber(figures.itemsExpected)} attendus${rate}, ${frenchNumber(figures.itemsDeclared)} déclarés`,
    plural(figures.volunteers, 'bénévole', 'bénévoles'),
    `hier : ${plural(yesterday.kitsHandedOut, 'kit remis', 'kits remis')}, ${frenchNumber(yesterday.itemsReturned)} rendus`,
    ...(campaign.remindersDue > 0 ? [plural(campaign.remindersDue, 'bénévole à relancer', 'bénévoles à relancer')] : []),
  ].join(' ; ');
}

/** Each campaign of the tenant with its figures (pending events repaired first) and the roster's reminders due. */
async function digestCampaigns(deps: DigestDeps, today: string): Promise<DigestCampaign[]> {
  const kits = campaignService({ tenant: deps.tenant, store: deps.campaignStore, clock: deps.clock, random: deps.random });
  const yesterdayDay = shiftDay(today, -1);
  const campaigns: DigestCampaign[] = [];
  for (const section of deps.tenant.sections) {
    if (section.type !== 'campaign' || !section.campaign) continue;
    const figures = await kits.figures(section.id);
    const roster = await kits.roster(section.id);
    const yesterday = figures.perDay.find((day) => day.day === yesterdayDay);
    campaigns.push({
      id: section.id,
      title: section.title.fr,
      makes: section.campaign.makes.fr,
      figures: { kitsHandedOut: figures.kitsHandedOut, ...campaignHeadline(figures) },
      yesterday: { kitsHandedOut: yesterday?.kitsHandedOut ?? 0, itemsReturned: yesterday?.itemsReturned ?? 0 },
      remindersDue: roster.filter((entry) => entry.reminderDue).length,
    });
  }
  return campaigns;
}

/** Gathers what the digest says: posts by queries on the status lists, events from the counters. */
export async function collectDigest(
  deps: DigestDeps,
): Promise<{ digest: DigestContent; reported: { day: string; todayCounts: Record<string, number> } }> {
  const { tenant, staffPosts, stats, clock } = deps;
  const now = clock.now();
  const today = tenantDay(tenant, now);
  const last = await stats.lastDigest(tenant.id);
  const since = last?.at ?? new Date(now.getTime() - 24 * 3_600_000).toISOString();
  // Events come from the day counters, from the last digest's day on, minus what it already
  // reported of that day: nothing twice, nothing lost, whoever wrote the counters.
  const days = await stats.readDays(tenant.id, last?.day ?? tenantDay(tenant, new Date(since)), today);
  const counts = sumCounts(days);
  for (const [name, value] of Object.entries(last?.reportedOfDay ?? {})) {
    if (days.some((day) => day.day === last?.day)) counts[name] = (counts[name] ?? 0) - value;
  }
  const todayCounts = days.find((day) => day.day === today)?.counts ?? {};

  const created: PostRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await staffPosts.listCreatedBetween(tenant.id, {
      from: since,
      to: now.toISOString(),
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    created.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && created.length < 1000);
  // Unconfirmed posts are not news yet; deleted ones are gone.
  const newPosts = created.filter((post) => post.content && post.status !== 'pending_verification' && post.status !== 'deleted');
  const groups = new Map<string, { category: string; kind: string; count: number }>();
  for (const post of newPosts) {
    const key = `${post.category}#${post.kind}`;
    const group = groups.get(key) ?? { category: post.category, kind: post.kind, count: 0 };
    group.count += 1;
    groups.set(key, group);
  }

  const queue: PostRecord[] = [];
  cursor = undefined;
  do {
    const page = await staffPosts.listForModeration(tenant.id, { limit: 100, ...(cursor ? { cursor } : {}) });
    queue.push(...page.items.filter((post) => ['pending_moderation', 'hidden'].includes(effectiveStatus(post, now))));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && queue.length < queueCountLimit);

  const figure = (name: string) => Math.max(0, counts[name] ?? 0);
  return {
    digest: {
      tenantName: tenant.name,
      since,
      until: now.toISOString(),
      newPosts: newPosts.map((post) => ({ id: post.id, title: post.content!.title, kind: post.kind, category: post.category })),
      newPostsByCategory: [...groups.values()].sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
      awaitingModeration: {
        count: Math.min(queue.length, queueCountLimit),
        more: queue.length >= queueCountLimit && cursor !== undefined,
        first: queue
          .slice(0, listedPosts)
          .map((post) => ({ id: post.id, title: post.content?.title ?? '', hidden: post.status === 'hidden' })),
      },
      reports: figure(counterNames.reports),
      reportedConversations: figure(relayCounters.conversationReports),
      connections: figure(counterNames.connections),
      missionsFull: figure(counterNames.missionsFull),
      bouncedAddresses: figure(counterNames.bouncedAddresses),
      drawingsAwaiting: deps.drawingsAwaiting ? await deps.drawingsAwaiting(queueCountLimit) : 0,
      recognitionsAwaiting: deps.recognitionsAwaiting ? await deps.recognitionsAwaiting(queueCountLimit) : 0,
      campaigns: await digestCampaigns(deps, today),
    },
    reported: { day: today, todayCounts },
  };
}

/**
 * The staff digest of one tenant: one mail per staff address, unless there is nothing to say
 * (and the tenant did not ask for a mail anyway). It records what of today it reported: what
 * happens meanwhile waits for the next one.
 */
export async function staffDigestJob(
  deps: DigestDeps,
): Promise<{ sent: number; empty: boolean; newPosts: number; awaitingModeration: number }> {
  const { tenant, mailer, stats } = deps;
  const { digest, reported } = await collectDigest(deps);
  const empty = digestIsEmpty(digest);
  const recipients = [...new Set([...tenant.staffEmails, ...tenant.adminEmails].map((email) => email.toLowerCase()))];
  let sent = 0;
  if (!empty || tenant.digest.sendWhenEmpty) {
    const links = staffLinks(deps.siteUrl, tenant.id);
    for (const to of recipients) {
      await mailer.send(digestMail(tenant, to, digest, links));
      sent += 1;
    }
  }
  await stats.recordDigest(tenant.id, { at: digest.until, day: reported.day, reportedOfDay: reported.todayCounts });
  return { sent, empty, newPosts: digest.newPosts.length, awaitingModeration: digest.awaitingModeration.count };
}

/**
 * Runs a job for several tenants, one after the other: a fault in one tenant is recorded and the
 * next tenant still runs.
 */
export async function forEachTenant<Result>(
  tenantIds: string[],
  run: (tenantId: string) => Promise<Result>,
): Promise<{ tenantId: string; ok: boolean; result?: Result; error?: string }[]> {
  const outcomes: { tenantId: string; ok: boolean; result?: Result; error?: string }[] = [];
  for (const tenantId of tenantIds) {
    try {
      outcomes.push({ tenantId, ok: true, result: await run(tenantId) });
    } catch (error) {
      outcomes.push({ tenantId, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}
