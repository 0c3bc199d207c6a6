import * as z from 'zod';
import { categoryIds, postKindIds, type CategoryId, type PostKind } from './categories.js';
import { DomainError, forbidden, invalidInput, notFound } from './errors.js';
import { distanceKm, type LatLon } from './geo.js';
import { cellOfZ, cellsAroundDisc, zOf, type Cell } from './geo-cells.js';
import { siteLinks } from './links.js';
import { alertDigestMail, alertVerificationMail } from './alert-mails.js';
import { roundDistanceKm } from './nearby.js';
import type { Clock, Mailer, PostStore, RandomSource } from './ports.js';
import { isPubliclyVisible, locationSchema, toPublicPost, type PostRecord } from './post.js';
import { hashSecret, secretMatches } from './random.js';
import type { TenantConfig } from './tenant.js';

/**
 * Alerts: a resident asks to hear, once a day, of new posts of a category and/or kind within R km
 * of a point. The address is verified by a link first; every mail carries a one-click unsubscribe
 * link, and unsubscribing erases the address and the point.
 */
export const createAlertSchema = z.strictObject({
  email: z.email().max(254),
  near: locationSchema,
  radiusKm: z.number().positive().max(300),
  category: z.enum(categoryIds).optional(),
  kind: z.enum(postKindIds).optional(),
});
export type CreateAlertInput = z.infer<typeof createAlertSchema>;

export interface AlertRecord {
  tenantId: string;
  id: string;
  email: string;
  near: LatLon;
  radiusKm: number;
  category?: CategoryId;
  kind?: PostKind;
  status: 'pending_verification' | 'active';
  /** sha256 of the secret of the verification link, which only the verification mail holds. */
  tokenHash: string;
  /**
   * The secret of the one-click unsubscribe link that every mail of this alert carries. Kept as it
   * is (the daily digest needs it), and worth little: it can only erase this alert.
   */
  unsubscribeToken: string;
  createdAt: string;
  verifiedAt?: string;
  version: number;
}

/** What the index of alerts keeps of an alert, to tell whether a post matches it. */
export type AlertTarget = Pick<AlertRecord, 'id' | 'near' | 'radiusKm' | 'category' | 'kind'>;

/** A published post that matched an alert, waiting for the next digest. */
export interface PendingMatch {
  postId: string;
  matchedAt: string;
}

/**
 * The alert index is a set of cells per alert; a published post looks up its own cell at each of
 * these depths (one query each) and meets every alert whose disc may hold it. An alert is filed at
 * the finest depth whose cells cover its disc in at most `maxAlertCells`.
 */
export const alertCellDepths = [16, 20, 24, 28, 32] as const;
const maxAlertCells = 12;

export function alertCells(near: LatLon, radiusKm: number): Cell[] {
  for (const depth of [...alertCellDepths].reverse()) {
    const cells = cellsAroundDisc(near, radiusKm, depth);
    if (cells.length <= maxAlertCells) return cells;
  }
  return cellsAroundDisc(near, radiusKm, alertCellDepths[0]);
}

/** The cells, one per depth, under which the alerts that may contain `point` are filed. */
export const alertLookupCells = (point: LatLon): Cell[] => alertCellDepths.map((depth) => cellOfZ(zOf(point), depth));

/** Whether a post matches an alert: its filters, and the post's public point within the radius. */
export function alertMatches(alert: AlertTarget, post: Pick<PostRecord, 'kind' | 'category' | 'content'>): boolean {
  if (!post.content) return false;
  if (alert.category && alert.category !== post.category) return false;
  if (alert.kind && alert.kind !== post.kind) return false;
  return distanceKm(alert.near, post.content.publicLocation) <= alert.radiusKm;
}

/** Storage of a tenant's alerts. Implemented by the DynamoDB adapter and by test fakes. */
export interface AlertStore {
  /** Fails if an alert with that id exists. */
  insert(alert: AlertRecord): Promise<void>;
  get(tenantId: string, alertId: string): Promise<AlertRecord | undefined>;
  /** Writes the now active alert if its version is still `expectedVersion` (else ConcurrentUpdateError), then files it in the alert index. */
  activate(alert: AlertRecord, expectedVersion: number): Promise<void>;
  /** Erases the alert, its index entries and its pending matches. Idempotent. */
  remove(alert: AlertRecord): Promise<void>;
  /** Active alerts filed under one of these cells (no scan: one query per cell). */
  findByCells(tenantId: string, cells: Cell[]): Promise<AlertTarget[]>;
  /** Idempotent. */
  recordMatch(tenantId: string, alertId: string, match: PendingMatch): Promise<void>;
  /** The alerts that have matches waiting for a digest. */
  alertsWithPendingMatches(tenantId: string): Promise<string[]>;
  pendingMatches(tenantId: string, alertId: string): Promise<PendingMatch[]>;
  /** Removes the given matches once mailed; the alert leaves the waiting list if nothing new came in meanwhile. */
  clearMatches(tenantId: string, alertId: string, postIds: string[]): Promise<void>;
}

export interface AlertServiceDeps {
  tenant: TenantConfig;
  alertStore: AlertStore;
  store: PostStore;
  mailer: Mailer;
  clock: Clock;
  random: RandomSource;
  siteUrl: string;
}

/** An unverified alert is forgotten after this long (the TTL of its item). */
export const unverifiedAlertLifetimeDays = 7;

export function alertService(deps: AlertServiceDeps) {
  const { tenant, alertStore, store, mailer, clock, random } = deps;
  const links = siteLinks(deps.siteUrl, tenant.id);

  async function tokenChecked(alertId: string, token: string): Promise<AlertRecord> {
    const alert = await alertStore.get(tenant.id, alertId);
    if (!alert) throw notFound('Alert');
    if (!secretMatches(token, alert.tokenHash)) throw forbidden('invalid_token', 'This link is not valid for this alert');
    return alert;
  }

  return {
    /** Stores the alert unverified and mails the link that turns it on. */
    async subscribe(input: CreateAlertInput): Promise<{ id: string; status: AlertRecord['status'] }> {
      if (input.radiusKm > tenant.area.radiusKm) {
        throw invalidInput([{ path: 'radiusKm', message: `at most ${tenant.area.radiusKm} km, the radius of ${tenant.name}'s area` }]);
      }
      if (input.category && !(tenant.categories as string[]).includes(input.category)) {
        throw new DomainError(400, 'category_not_enabled', `Category "${input.category}" is not offered by ${tenant.name}`, [
          { path: 'category', message: `not enabled here; one of: ${tenant.categories.join(', ')}` },
        ]);
      }
      const fromCentre = distanceKm(tenant.area.center, input.near);
      if (fromCentre > tenant.area.radiusKm) {
        throw new DomainError(422, 'outside_area', `This place is outside ${tenant.name}'s area`, [
          { path: 'near', message: `${fromCentre.toFixed(1)} km from the centre; the area's radius is ${tenant.area.radiusKm} km` },
        ]);
      }
      const token = random.secret();
      const alert: AlertRecord = {
        tenantId: tenant.id,
        id: random.id(),
        email: input.email,
        near: input.near,
        radiusKm: input.radiusKm,
        ...(input.category ? { category: input.category } : {}),
        ...(input.kind ? { kind: input.kind } : {}),
        status: 'pending_verification',
        tokenHash: hashSecret(token),
        unsubscribeToken: random.secret(),
        createdAt: clock.now().toISOString(),
        version: 1,
      };
      await alertStore.insert(alert);
      await mailer.send(alertVerificationMail(tenant, alert, links.alertVerify(alert.id, token), links.alertUnsubscribe(alert.id, alert.unsubscribeToken)));
      return { id: alert.id, status: alert.status };
    },

    /** The link in the mail: the alert starts matching new posts. Works once. */
    async verify(alertId: string, token: string): Promise<{ id: string; status: AlertRecord['status'] }> {
      const alert = await tokenChecked(alertId, token);
      if (alert.status === 'active') throw forbidden('token_already_used', 'This alert is already confirmed');
      const active: AlertRecord = { ...alert, status: 'active', verifiedAt: clock.now().toISOString(), version: alert.version + 1 };
      await alertStore.activate(active, alert.version);
      return { id: alert.id, status: active.status };
    },

    /** One click from any alert mail: erases the alert. Saying it twice is not an error. */
    async unsubscribe(alertId: string, token: string): Promise<{ id: string; status: 'unsubscribed' }> {
      const alert = await alertStore.get(tenant.id, alertId);
      if (alert) {
        if (!secretMatches(token, hashSecret(alert.unsubscribeToken))) throw forbidden('invalid_token', 'This link is not valid for this alert');
        await alertStore.remove(alert);
      }
      return { id: alertId, status: 'unsubscribed' };
    },

    /** A post was just published: note it for every alert it matches, found through the alert index. */
    async matchPublishedPost(post: PostRecord): Promise<number> {
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
        if (!alert || alert.status !== 'active') {
          await alertStore.clearMatches(tenant.id, alertId, matches.map((match) => match.postId));
          continue;
        }
        const posts = (await Promise.all(matches.map((match) => store.get(tenant.id, match.postId))))
          .filter((post): post is PostRecord => post !== undefined && isPubliclyVisible(post, now) && alertMatches(alert, post))
          .map((post) => ({ post: toPublicPost(post), distanceKm: roundDistanceKm(distanceKm(alert.near, post.content!.publicLocation)) }))
          .sort((a, b) => a.distanceKm - b.distanceKm || (a.post.createdAt < b.post.createdAt ? 1 : -1));
        if (posts.length > 0) {
          await mailer.send(alertDigestMail(tenant, alert, posts, links, links.alertUnsubscribe(alert.id, alert.unsubscribeToken)));
          summary.mails += 1;
          summary.posts += posts.length;
        }
        await alertStore.clearMatches(tenant.id, alertId, matches.map((match) => match.postId));
      }
      return summary;
    },
  };
}

export type AlertService = ReturnType<typeof alertService>;
