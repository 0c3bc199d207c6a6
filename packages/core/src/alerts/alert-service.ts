import { distanceKm, discCells, discLookupCells, type LatLon, type Cell } from '../geo/index.js';
import { roundDistanceKm } from '../nearby/index.js';
import {
  type PostStore,
  type PublicationListener,
  isPubliclyVisible,
  toPublicPost,
  type PostRecord,
  type EntryServiceDeps,
} from '../posts/index.js';
import {
  DomainError,
  forbidden,
  invalidInput,
  notFound,
  siteLinks,
  enforceRateLimits,
  hashSecret,
  secretMatches,
  assertLinkToken,
  newLinkSecret,
} from '../shared/index.js';
import { assertCategoryOffered } from '../tenant/index.js';
import { alertEnded, alertExpiryFrom } from './alert-expiry.js';
import { alertDigestMail, alertVerificationMail } from './alert-mails.js';
import type { AlertRecord, AlertTarget } from './alert-record.js';
import type { CreateAlertInput } from './alert-schemas.js';
import type { AlertStore } from './ports.js';

/**
 * The alert index is a disc index (geo's `discCells`): a set of cells per alert; a published post
 * looks up its own cell at each depth (`discLookupCells`, one query each) and meets every alert
 * whose disc may hold it.
 */
export const alertCells = (near: LatLon, radiusKm: number): Cell[] => discCells(near, radiusKm);

/** The cells, one per depth, under which the alerts that may contain `point` are filed. */
export const alertLookupCells = (point: LatLon): Cell[] => discLookupCells(point);

/** Whether a post matches an alert: its filters, and the post's public point within the radius. */
export function alertMatches(alert: AlertTarget, post: Pick<PostRecord, 'kind' | 'category' | 'content'>): boolean {
  if (!post.content) return false;
  if (alert.category && alert.category !== post.category) return false;
  if (alert.kind && alert.kind !== post.kind) return false;
  return distanceKm(alert.near, post.content.publicLocation) <= alert.radiusKm;
}

export interface AlertServiceDeps extends EntryServiceDeps {
  alertStore: AlertStore;
  store: PostStore;
}

export function alertService(deps: AlertServiceDeps) {
  const { tenant, alertStore, store, mailer, clock, random, rateLimiter } = deps;
  const links = siteLinks(deps.siteUrl, tenant.id);

  async function tokenChecked(alertId: string, token: string): Promise<AlertRecord> {
    const alert = await alertStore.get(tenant.id, alertId);
    if (!alert) throw notFound('Alert');
    assertLinkToken(token, alert.tokenHash, 'alert');
    return alert;
  }

  return {
    /**
     * Stores the alert unverified and mails the link that turns it on. Limited per IP and per
     * address (each request mails that address), after the checks that refuse it for what it is.
     */
    async subscribe(input: CreateAlertInput, origin: { sourceIp: string }): Promise<{ id: string; status: AlertRecord['status'] }> {
      if (input.radiusKm > tenant.area.radiusKm) {
        throw invalidInput([{ path: 'radiusKm', message: `at most ${tenant.area.radiusKm} km, the radius of ${tenant.name}'s area` }]);
      }
      if (input.category) assertCategoryOffered(tenant, input.category, 'category');
      const fromCentre = distanceKm(tenant.area.center, input.near);
      if (fromCentre > tenant.area.radiusKm) {
        throw new DomainError(422, 'outside_area', `This place is outside ${tenant.name}'s area`, [
          { path: 'near', message: `${fromCentre.toFixed(1)} km from the centre; the area's radius is ${tenant.area.radiusKm} km` },
        ]);
      }
      await enforceRateLimits(
        rateLimiter,
        [
          { subject: `alert:ip:${origin.sourceIp}`, max: tenant.rateLimits.alertsPerHourPerIp, windowSeconds: 3600 },
          {
            subject: `alert:email:${input.email.trim().toLowerCase()}`,
            max: tenant.rateLimits.alertsPerDayPerEmail,
            windowSeconds: 86_400,
          },
        ],
        clock.now(),
      );
      const { token, tokenHash } = newLinkSecret(random);
      const alert: AlertRecord = {
        tenantId: tenant.id,
        id: random.id(),
        email: input.email,
        near: input.near,
        radiusKm: input.radiusKm,
        ...(input.category ? { category: input.category } : {}),
        ...(input.kind ? { kind: input.kind } : {}),
        status: 'pending_verification',
        tokenHash,
        unsubscribeToken: random.secret(),
        createdAt: clock.now().toISOString(),
        version: 1,
      };
      await alertStore.insert(alert);
      await mailer.send(
        alertVerificationMail(tenant, alert, links.alertVerify(alert.id, token), links.alertUnsubscribe(alert.id, alert.unsubscribeToken)),
      );
      return { id: alert.id, status: alert.status };
    },

    /** The link in the mail: the alert starts matching new posts. Works once. */
    async verify(alertId: string, token: string): Promise<{ id: string; status: AlertRecord['status'] }> {
      const alert = await tokenChecked(alertId, token);
      if (alert.status === 'active') throw forbidden('token_already_used', 'This alert is already confirmed');
      const now = clock.now();
      const active: AlertRecord = {
        ...alert,
        status: 'active',
        verifiedAt: now.toISOString(),
        expiresAt: alertExpiryFrom(tenant, now),
        version: alert.version + 1,
      };
      await alertStore.activate(active, alert.version);
      return { id: alert.id, status: active.status };
    },

    /** One click from any alert mail: erases the alert. Saying it twice is not an error. */
    async unsubscribe(alertId: string, token: string): Promise<{ id: string; status: 'unsubscribed' }> {
      const alert = await alertStore.get(tenant.id, alertId);
      if (alert) {
        if (!secretMatches(token, hashSecret(alert.unsubscribeToken)))
          throw forbidden('invalid_token', 'This link is not valid for this alert');
        await alertStore.remove(alert);
      }
      return { id: alertId, status: 'unsubscribed' };
    },

    /**
     * A post was just published (the posts' PublicationListener): note it for every alert it
     * matches, found through the alert index. Idempotent: a match is keyed by alert and post.
     */
    async postPublished(post: PostRecord): Promise<number> {
      if (!post.content || post.status !== 'published') return 0;
      const targets = await alertStore.findByCells(tenant.id, alertLookupCells(post.content.publicLocation));
      const matching = [...new Map(targets.map((target) => [target.id, target])).values()].filter((target) => alertMatches(target, post));
      const matchedAt = post.publishedAt ?? clock.now().toISOString();
      await Promise.all(matching.map((target) => alertStore.recordMatch(tenant.id, target.id, { postId: post.id, matchedAt })));
      return matching.length;
    },

    /**
     * The daily digest: for each alert with new matches, one mail listing those still published,
     * nearest first. Matches are cleared only after their mail is sent: a run that fails midway
     * mails the rest next time (a mail may go twice, none is lost).
     */
    async sendDigests(): Promise<{ alerts: number; mails: number; posts: number }> {
      const now = clock.now();
      const summary = { alerts: 0, mails: 0, posts: 0 };
      for (const alertId of await alertStore.alertsWithPendingMatches(tenant.id)) {
        summary.alerts += 1;
        const matches = await alertStore.pendingMatches(tenant.id, alertId);
        const alert = await alertStore.get(tenant.id, alertId);
        // An alert that ended and waits for the job's erasure mails nothing more.
        if (!alert || alert.status !== 'active' || alertEnded(tenant, alert, now)) {
          await alertStore.clearMatches(
            tenant.id,
            alertId,
            matches.map((match) => match.postId),
          );
          continue;
        }
        const posts = (await Promise.all(matches.map((match) => store.get(tenant.id, match.postId))))
          .filter((post): post is PostRecord => post !== undefined && isPubliclyVisible(post, now) && alertMatches(alert, post))
          .map((post) => ({ post: toPublicPost(post), distanceKm: roundDistanceKm(distanceKm(alert.near, post.content!.publicLocation)) }))
          .sort((a, b) => a.distanceKm - b.distanceKm || (a.post.createdAt < b.post.createdAt ? 1 : -1));
        if (posts.length > 0) {
          await mailer.send({
            ...alertDigestMail(tenant, alert, posts, links, links.alertUnsubscribe(alert.id, alert.unsubscribeToken)),
            listUnsubscribe: links.alertOneClickUnsubscribe(alert.id, alert.unsubscribeToken),
          });
          summary.mails += 1;
          summary.posts += posts.length;
        }
        await alertStore.clearMatches(
          tenant.id,
          alertId,
          matches.map((match) => match.postId),
        );
      }
      return summary;
    },
  };
}

export type AlertService = ReturnType<typeof alertService>;

/**
 * How the edge wires posts to alerts: the posts' deps with the alert service as the listener told
 * of each publication (posts know nothing of alerts; alerts read posts).
 */
export function publishingToAlerts<Deps extends AlertServiceDeps>(deps: Deps): Deps & { publication: PublicationListener } {
  return { ...deps, publication: alertService(deps) };
}
