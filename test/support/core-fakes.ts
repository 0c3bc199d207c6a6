/**
 * In-memory implementations of core's ports (posts, mail, clock, randomness, the geographic index,
 * alerts), for unit tests only: production code may not import test/support (a dependency rule).
 * The DynamoDB adapters are tested against the embedded server.
 */
import { randomBytes } from 'node:crypto';
import {
  type CampaignEvent,
  type CampaignStore,
  type VolunteerRecord,
  ConcurrentUpdateError,
  DomainError,
  type Clock,
  type Mailer,
  type OutgoingMail,
  type Page,
  type PostRecord,
  type PostStore,
  type RandomSource,
} from '@entraide/core';
import { alertCells, type AlertRecord, type AlertStore, type AlertTarget, type PendingMatch } from '@entraide/core';
import { cellRange, nearbyEntryOf, curveIndexOf, type Cell, type CurveRange } from '@entraide/core';
import type { DrawingRecord, DrawingStore, GalleryObjects, PresignedUpload } from '@entraide/core';
import type { IndexedEntry, NearbyFilter, NearbyIndex, RangeRead, RangeReadResult } from '@entraide/core';
import { conversationFlaggers, maxReferences } from '@entraide/core';
import type {
  AliasRecord,
  Conversation,
  ConversationFlagger,
  ConversationReport,
  CreatedBetweenQuery,
  FollowUpRecord,
  RelayParty,
  RelayStore,
  StaffPostQueries,
} from '@entraide/core';
import type {
  MissionRecord,
  MissionStore,
  OrientationRecord,
  ShiftLedger,
  SignUpRecord,
  StatsStore,
  TakeOutcome,
  UpcomingShift,
  WishRecord,
  RecognitionRecord,
  RecognitionStatus,
  RecognitionStore,
  WishStore,
} from '@entraide/core';
import {
  isListingPublic,
  listingZoneEntries,
  listingZoneEntry,
  zoneEntryPlaces,
  zoneLookup,
  type LatLon,
  type ListingRecord,
  type ListingStore,
  type ZoneEntry,
  type ZoneHits,
  type ZoneEntries,
} from '@entraide/core';

/** The index as the DynamoDB adapter keeps it: entries of published posts, sorted by key on the curve, then id. */
export class MemoryNearbyIndex implements NearbyIndex {
  private entries: (IndexedEntry & { tenantId: string })[] = [];

  constructor(posts: PostRecord[] = []) {
    for (const post of posts) this.write(post);
  }

  /** Puts a post's entry as it is now (removes it when the post is not published). */
  write(post: PostRecord): void {
    this.entries = this.entries.filter((entry) => !(entry.tenantId === post.tenantId && entry.postId === post.id));
    if (post.status !== 'published' || !post.content) return;
    this.entries.push({ tenantId: post.tenantId, ...nearbyEntryOf(post), curveIndex: curveIndexOf(post.content.publicLocation) });
    this.entries.sort((a, b) => a.curveIndex - b.curveIndex || (a.postId < b.postId ? -1 : 1));
  }

  /** Puts a post's entry as entries were written before they carried the whole public view (no section, housing, equipment). */
  writeAsBefore(post: PostRecord): void {
    this.write(post);
    const at = this.entries.findIndex((entry) => entry.tenantId === post.tenantId && entry.postId === post.id);
    if (at < 0) return;
    const { section: _section, housing: _housing, equipment: _equipment, full: _full, ...before } = this.entries[at]!;
    this.entries[at] = before;
  }

  /** Whether the post's entry carries the whole public view (written in the format now). */
  isFull(postId: string): boolean {
    return this.entries.some((entry) => entry.postId === postId && entry.full === true);
  }

  async readRange(tenantId: string, filter: NearbyFilter, read: RangeRead): Promise<RangeReadResult> {
    let first = 0;
    for (let step = this.entries.length; step > 0; step = Math.floor(step / 2)) {
      while (first + step <= this.entries.length && this.entries[first + step - 1]!.curveIndex < read.range.lo) first += step;
    }
    let end = first;
    while (end < this.entries.length && this.entries[end]!.curveIndex <= read.range.hi) end++;
    const inRange = this.entries
      .slice(first, end)
      .filter(
        (entry) =>
          entry.tenantId === tenantId &&
          entry.curveIndex >= read.range.lo &&
          entry.curveIndex <= read.range.hi &&
          (!filter.category || entry.category === filter.category) &&
          (!filter.kind || entry.kind === filter.kind),
      );
    const ordered = read.descending ? inRange.reverse() : inRange;
    const taken = read.limit ? ordered.slice(0, read.limit) : ordered;
    const entries = taken.map(({ tenantId: _tenantId, ...entry }) => structuredClone(entry));
    return { entries, itemsRead: entries.length, queries: 1, complete: taken.length === ordered.length };
  }
}

/** Alerts in memory, with the same cell index as the DynamoDB adapter. */
export class MemoryAlertStore implements AlertStore {
  readonly alerts = new Map<string, AlertRecord>();
  readonly cells = new Map<string, Set<string>>();
  readonly matches = new Map<string, Map<string, PendingMatch>>();
  readonly cellQueries: Cell[][] = [];

  private cellKey = (tenantId: string, cell: Cell) => `${tenantId}/${cell.depth}/${cellRange(cell).lo}`;

  async insert(alert: AlertRecord): Promise<void> {
    if (this.alerts.has(alert.id)) throw new Error('exists');
    this.alerts.set(alert.id, structuredClone(alert));
  }
  async get(tenantId: string, alertId: string): Promise<AlertRecord | undefined> {
    const alert = this.alerts.get(alertId);
    return alert?.tenantId === tenantId ? structuredClone(alert) : undefined;
  }
  async activate(alert: AlertRecord): Promise<void> {
    for (const cell of alertCells(alert.near, alert.radiusKm)) {
      const key = this.cellKey(alert.tenantId, cell);
      this.cells.set(key, new Set([...(this.cells.get(key) ?? []), alert.id]));
    }
    this.alerts.set(alert.id, structuredClone(alert));
  }
  async update(alert: AlertRecord, expectedVersion: number): Promise<void> {
    if (this.alerts.get(alert.id)?.version !== expectedVersion) throw new ConcurrentUpdateError();
    this.alerts.set(alert.id, structuredClone(alert));
  }
  async expiringBy(tenantId: string, until: Date, limit: number): Promise<AlertRecord[]> {
    return [...this.alerts.values()]
      .filter(
        (alert) => alert.tenantId === tenantId && alert.status === 'active' && alert.expiresAt && alert.expiresAt <= until.toISOString(),
      )
      .sort((a, b) => a.expiresAt!.localeCompare(b.expiresAt!))
      .slice(0, limit)
      .map((alert) => structuredClone(alert));
  }
  async remove(alert: AlertRecord): Promise<void> {
    for (const ids of this.cells.values()) ids.delete(alert.id);
    this.matches.delete(alert.id);
    this.alerts.delete(alert.id);
  }
  async findByCells(tenantId: string, cells: Cell[]): Promise<AlertTarget[]> {
    this.cellQueries.push(cells);
    const ids = new Set(cells.flatMap((cell) => [...(this.cells.get(this.cellKey(tenantId, cell)) ?? [])]));
    return [...ids]
      .map((id) => this.alerts.get(id)!)
      .map(({ id, near, radiusKm, category, kind }) => ({
        id,
        near,
        radiusKm,
        ...(category ? { category } : {}),
        ...(kind ? { kind } : {}),
      }));
  }
  async recordMatch(_tenantId: string, alertId: string, match: PendingMatch): Promise<void> {
    const matches = this.matches.get(alertId) ?? new Map<string, PendingMatch>();
    matches.set(match.postId, match);
    this.matches.set(alertId, matches);
  }
  async alertsWithPendingMatches(): Promise<string[]> {
    return [...this.matches.entries()].filter(([, matches]) => matches.size > 0).map(([id]) => id);
  }
  async pendingMatches(_tenantId: string, alertId: string): Promise<PendingMatch[]> {
    return [...(this.matches.get(alertId)?.values() ?? [])];
  }
  async clearMatches(_tenantId: string, alertId: string, postIds: string[]): Promise<void> {
    for (const postId of postIds) this.matches.get(alertId)?.delete(postId);
  }
}

/** One tenant's posts in memory, with the version check of the real store. */
export class MemoryPostStore implements PostStore {
  readonly records = new Map<string, PostRecord>();
  /** Runs once just before the next replace: another request writing in between our read and our write. */
  beforeNextReplace: (() => void) | undefined;
  replaceCalls = 0;

  private key = (tenantId: string, postId: string) => `${tenantId}/${postId}`;

  async insert(post: PostRecord): Promise<void> {
    const key = this.key(post.tenantId, post.id);
    if (this.records.has(key)) throw new Error(`post ${post.id} exists`);
    this.records.set(key, structuredClone(post));
  }

  async get(tenantId: string, postId: string): Promise<PostRecord | undefined> {
    const record = this.records.get(this.key(tenantId, postId));
    return record && structuredClone(record);
  }

  async replace(post: PostRecord, expectedVersion: number): Promise<void> {
    this.replaceCalls++;
    const interfere = this.beforeNextReplace;
    this.beforeNextReplace = undefined;
    interfere?.();
    const key = this.key(post.tenantId, post.id);
    if (this.records.get(key)?.version !== expectedVersion) throw new ConcurrentUpdateError();
    this.records.set(key, structuredClone(post));
  }

  async reindex(_post: PostRecord): Promise<void> {}

  async listPublished(tenantId: string, query: { limit: number; cursor?: string; section?: string; now: Date }): Promise<Page<PostRecord>> {
    const published = [...this.records.values()]
      .filter((post) => post.tenantId === tenantId && post.status === 'published' && Date.parse(post.expiresAt) > query.now.getTime())
      .filter((post) => query.section === undefined || post.section === query.section)
      .sort((a, b) => `${b.publishedAt}#${b.id}`.localeCompare(`${a.publishedAt}#${a.id}`));
    const start = query.cursor ? Number(query.cursor) : 0;
    const end = start + query.limit;
    return { items: structuredClone(published.slice(start, end)), nextCursor: end < published.length ? String(end) : null };
  }

  async listExpiring(tenantId: string, query: { from: Date; to: Date; limit: number; cursor?: string }): Promise<Page<PostRecord>> {
    const expiring = [...this.records.values()]
      .filter((post) => post.tenantId === tenantId && post.status === 'published' && post.content !== null)
      .filter((post) => Date.parse(post.expiresAt) >= query.from.getTime() && Date.parse(post.expiresAt) <= query.to.getTime())
      .sort((a, b) => `${a.expiresAt}#${a.id}`.localeCompare(`${b.expiresAt}#${b.id}`));
    const start = query.cursor ? Number(query.cursor) : 0;
    const end = start + query.limit;
    return { items: structuredClone(expiring.slice(start, end)), nextCursor: end < expiring.length ? String(end) : null };
  }

  /** What is stored, for assertions: exactly what the store holds. */
  stored(postId: string): PostRecord {
    const record = [...this.records.values()].find((post) => post.id === postId);
    if (!record) throw new Error(`no stored post ${postId}`);
    return structuredClone(record);
  }

  /** Edits the stored record directly (what staff or another request would do). */
  update(postId: string, change: (post: PostRecord) => PostRecord): void {
    const record = this.stored(postId);
    this.records.set(this.key(record.tenantId, record.id), { ...change(record), version: record.version + 1 });
  }
}

/** The DomainError a promise rejects with (a test fails if it resolves or rejects with anything else). */
export async function domainError(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

export class CapturingMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  async send(mail: OutgoingMail): Promise<void> {
    this.sent.push(mail);
  }
}

export class FixedClock implements Clock {
  private current = new Date('2025-03-02T09:00:00.000Z');
  now = (): Date => new Date(this.current);
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 24 * 60 * 60 * 1000);
  }
  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60 * 1000);
  }
}

/** Numbered ids and secrets, and a fixed cycle of fractions (by default 0, 0.37, 0.999, 0.5). */
export class SequenceRandom implements RandomSource {
  private ids = 0;
  private secrets = 0;
  private fractionsDrawn = 0;
  constructor(private readonly fractions: readonly number[] = [0, 0.37, 0.999, 0.5]) {}
  id = (): string => `post${String(++this.ids).padStart(6, '0')}`;
  secret = (): string => `secret-${String(++this.secrets).padStart(4, '0')}-abcdefghijklmnopqrstuvwxyz`;
  fraction = (): number => this.fractions[this.fractionsDrawn++ % this.fractions.length]!;
  bytes = (count: number): Uint8Array => randomBytes(count);
}

/**
 * Campaigns in memory, with the real store's conditions: the stock's guard and the pending notes on
 * the counter item. `failNext` makes the next write of that step throw, as an outage between two
 * writes would, to exercise the repair path.
 */
export class MemoryCampaignStore implements CampaignStore {
  readonly counters = new Map<string, Record<string, number>>();
  readonly pending = new Map<string, Map<string, CampaignEvent>>();
  readonly events = new Map<string, CampaignEvent>();
  readonly volunteers = new Map<string, VolunteerRecord>();
  failNext: 'putEvent' | 'settle' | undefined;

  private campaignKey = (tenantId: string, campaignId: string) => `${tenantId}/${campaignId}`;
  private volunteerKey = (tenantId: string, campaignId: string, volunteerId: string) => `${tenantId}/${campaignId}/${volunteerId}`;
  private fault(step: 'putEvent' | 'settle'): void {
    if (this.failNext !== step) return;
    this.failNext = undefined;
    throw new Error(`${step} failed`);
  }

  async countEvent(event: CampaignEvent, counts: Record<string, number>, guard: { inStockAtLeast?: number }): Promise<boolean> {
    const key = this.campaignKey(event.tenantId, event.campaignId);
    const counters = this.counters.get(key) ?? {};
    const pending = this.pending.get(key) ?? new Map<string, CampaignEvent>();
    if (pending.has(event.id)) return false;
    if (guard.inStockAtLeast !== undefined && (counters.inStock === undefined || counters.inStock < guard.inStockAtLeast)) return false;
    for (const [name, value] of Object.entries(counts)) counters[name] = (counters[name] ?? 0) + value;
    pending.set(event.id, structuredClone(event));
    this.counters.set(key, counters);
    this.pending.set(key, pending);
    return true;
  }
  async putEvent(event: CampaignEvent): Promise<void> {
    this.fault('putEvent');
    if (!this.events.has(`${event.tenantId}/${event.id}`)) this.events.set(`${event.tenantId}/${event.id}`, structuredClone(event));
  }
  async settle(event: CampaignEvent): Promise<void> {
    this.fault('settle');
    this.pending.get(this.campaignKey(event.tenantId, event.campaignId))?.delete(event.id);
  }
  async readCounters(tenantId: string, campaignId: string) {
    const key = this.campaignKey(tenantId, campaignId);
    return {
      counters: { ...this.counters.get(key) },
      pending: [...(this.pending.get(key)?.values() ?? [])].map((event) => structuredClone(event)),
    };
  }
  private history(tenantId: string, campaignId: string): CampaignEvent[] {
    return [...this.events.values()]
      .filter((event) => event.tenantId === tenantId && event.campaignId === campaignId)
      .sort((a, b) => `${a.at}#${a.id}`.localeCompare(`${b.at}#${b.id}`))
      .map((event) => structuredClone(event));
  }
  async volunteerEvents(tenantId: string, campaignId: string, volunteerId: string): Promise<CampaignEvent[]> {
    return this.history(tenantId, campaignId).filter((event) => event.volunteerId === volunteerId);
  }
  async campaignEvents(tenantId: string, campaignId: string): Promise<CampaignEvent[]> {
    return this.history(tenantId, campaignId);
  }
  async insertVolunteer(volunteer: VolunteerRecord): Promise<void> {
    const key = this.volunteerKey(volunteer.tenantId, volunteer.campaignId, volunteer.id);
    if (this.volunteers.has(key)) throw new Error(`volunteer ${volunteer.id} exists`);
    this.volunteers.set(key, structuredClone(volunteer));
  }
  async getVolunteer(tenantId: string, campaignId: string, volunteerId: string): Promise<VolunteerRecord | undefined> {
    const volunteer = this.volunteers.get(this.volunteerKey(tenantId, campaignId, volunteerId));
    return volunteer && structuredClone(volunteer);
  }
  async replaceVolunteer(volunteer: VolunteerRecord, expectedStatus: VolunteerRecord['status']): Promise<void> {
    const key = this.volunteerKey(volunteer.tenantId, volunteer.campaignId, volunteer.id);
    if (this.volunteers.get(key)?.status !== expectedStatus) throw new ConcurrentUpdateError();
    this.volunteers.set(key, structuredClone(volunteer));
  }
  async listVolunteers(tenantId: string, campaignId: string): Promise<VolunteerRecord[]> {
    return [...this.volunteers.values()]
      .filter((volunteer) => volunteer.tenantId === tenantId && volunteer.campaignId === campaignId)
      .sort((a, b) => `${a.createdAt}#${a.id}`.localeCompare(`${b.createdAt}#${b.id}`))
      .map((volunteer) => structuredClone(volunteer));
  }
}

/** The staff's lists over a MemoryPostStore: posts created in [from, to), of the statuses asked, by creation time. */
export class MemoryStaffPostQueries implements StaffPostQueries {
  /** How many posts the lists handed out, over every call: what a request read. */
  read = 0;
  constructor(private readonly posts: MemoryPostStore) {}

  async listForModeration(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<PostRecord>> {
    return this.listCreatedBetween(tenantId, { ...query, from: '0000', to: '9999', statuses: ['pending_moderation', 'hidden'] });
  }

  async listCreatedBetween(tenantId: string, query: CreatedBetweenQuery): Promise<Page<PostRecord>> {
    const all = [...this.posts.records.values()]
      .filter((post) => post.tenantId === tenantId && post.createdAt >= query.from && post.createdAt < query.to)
      .filter((post) => !query.statuses || query.statuses.includes(post.status))
      .sort((a, b) => `${a.createdAt}#${a.id}`.localeCompare(`${b.createdAt}#${b.id}`));
    if (query.newestFirst) all.reverse();
    const start = query.cursor ? Number(query.cursor) : 0;
    const items = all.slice(start, start + query.limit);
    this.read += items.length;
    return { items: structuredClone(items), nextCursor: start + query.limit < all.length ? String(start + query.limit) : null };
  }
}

/** The relay's items in memory, keyed as the DynamoDB adapter keys them; `failNext` plays a write that fails. */
export class MemoryRelayStore implements RelayStore {
  readonly conversations = new Map<string, Conversation>();
  readonly aliases = new Map<string, AliasRecord>();
  readonly followUps = new Map<string, FollowUpRecord>();
  /** Every report, and whether it is still on staff's list. */
  readonly reports = new Map<string, ConversationReport & { listed: boolean }>();
  /** The name of a method whose next call throws (a network fault between two writes). */
  failNext: keyof RelayStore | undefined;

  private fault(method: keyof RelayStore): void {
    if (this.failNext !== method) return;
    this.failNext = undefined;
    throw new Error(`${method}: the store did not answer`);
  }

  async openConversation(conversation: Conversation): Promise<{ conversation: Conversation; created: boolean }> {
    const key = `${conversation.postId}/${conversation.residentKey}`;
    const existing = this.conversations.get(key);
    if (existing) return { conversation: structuredClone(existing), created: false };
    for (const [token, party] of [
      [conversation.authorAlias, 'author'],
      [conversation.residentAlias, 'resident'],
    ] as const) {
      this.aliases.set(token, {
        tenantId: conversation.tenantId,
        token,
        postId: conversation.postId,
        residentKey: conversation.residentKey,
        party,
      });
    }
    this.conversations.set(key, structuredClone(conversation));
    return { conversation, created: true };
  }
  async getConversation(_tenantId: string, postId: string, residentKey: string): Promise<Conversation | undefined> {
    const found = this.conversations.get(`${postId}/${residentKey}`);
    return found && structuredClone(found);
  }
  async getAlias(_tenantId: string, token: string): Promise<AliasRecord | undefined> {
    return this.aliases.get(token);
  }
  async scheduleFollowUp(followUp: FollowUpRecord): Promise<boolean> {
    if (this.followUps.has(followUp.postId)) return false;
    this.followUps.set(followUp.postId, { ...followUp });
    return true;
  }
  async dueFollowUps(_tenantId: string, now: Date, limit: number): Promise<FollowUpRecord[]> {
    // An answered follow-up has left the due list (staff answered for its author).
    return [...this.followUps.values()].filter((f) => !f.sentAt && !f.answer && f.dueAt <= now.toISOString()).slice(0, limit);
  }
  async markFollowUpSent(_tenantId: string, postId: string, tokenHash: string, now: Date): Promise<boolean> {
    const followUp = this.followUps.get(postId);
    if (!followUp || followUp.sentAt) return false;
    Object.assign(followUp, { sentAt: now.toISOString(), tokenHash });
    return true;
  }
  async getFollowUp(_tenantId: string, postId: string): Promise<FollowUpRecord | undefined> {
    return this.followUps.get(postId);
  }
  async answerFollowUp(_tenantId: string, postId: string, answer: FollowUpRecord['answer'] & string, now: Date): Promise<boolean> {
    const followUp = this.followUps.get(postId);
    if (!followUp?.sentAt || followUp.answer) return false;
    Object.assign(followUp, { answer, answeredAt: now.toISOString() });
    return true;
  }
  async answerFollowUpForAuthor(tenantId: string, postId: string, answer: FollowUpRecord['answer'] & string, now: Date): Promise<boolean> {
    const followUp = this.followUps.get(postId) ?? { tenantId, postId, dueAt: now.toISOString() };
    if (followUp.answer) return false;
    this.followUps.set(postId, { ...followUp, answer, answeredAt: now.toISOString(), answeredBy: 'staff' });
    return true;
  }
  async flagConversation(alias: AliasRecord, now: Date, flaggedBy: ConversationFlagger = alias.party): Promise<boolean> {
    const key = `${alias.postId}/${alias.residentKey}/${flaggedBy}`;
    if (this.reports.has(key)) return false;
    this.reports.set(key, {
      postId: alias.postId,
      residentKey: alias.residentKey,
      reportedBy: flaggedBy,
      at: now.toISOString(),
      listed: true,
    });
    return true;
  }
  async conversationsOf(_tenantId: string, postId: string): Promise<Conversation[]> {
    return [...this.conversations.values()].filter((c) => c.postId === postId).map((c) => structuredClone(c));
  }
  async eraseConversation(conversation: Conversation): Promise<void> {
    const { postId, residentKey } = conversation;
    this.aliases.delete(conversation.authorAlias);
    this.fault('eraseConversation');
    this.aliases.delete(conversation.residentAlias);
    for (const flagger of conversationFlaggers) this.reports.delete(`${postId}/${residentKey}/${flagger}`);
    this.conversations.delete(`${postId}/${residentKey}`);
  }
  async listReportedConversations(_tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<ConversationReport>> {
    const listed = [...this.reports.values()].filter((report) => report.listed).sort((a, b) => b.at.localeCompare(a.at));
    const start = query.cursor ? Number(query.cursor) : 0;
    const items = listed.slice(start, start + query.limit).map(({ listed: _listed, ...report }) => report);
    return { items, nextCursor: start + query.limit < listed.length ? String(start + query.limit) : null };
  }
  async closeConversation(_tenantId: string, postId: string, residentKey: string, closed: { at: string; by: string }): Promise<boolean> {
    this.fault('closeConversation');
    const conversation = this.conversations.get(`${postId}/${residentKey}`);
    if (!conversation || conversation.closedAt) return false;
    Object.assign(conversation, { closedAt: closed.at, closedBy: closed.by });
    return true;
  }
  async recordMessageId(_tenantId: string, postId: string, residentKey: string, party: RelayParty, messageId: string): Promise<void> {
    const conversation = this.conversations.get(`${postId}/${residentKey}`);
    const received = conversation?.messageIds?.[party] ?? [];
    if (!conversation || received.includes(messageId)) return;
    conversation.messageIds = { ...conversation.messageIds, [party]: [...received, messageId].slice(-maxReferences) };
    conversation.threadVersion = (conversation.threadVersion ?? 0) + 1;
  }
  async unlistReports(_tenantId: string, postId: string, residentKey: string): Promise<void> {
    this.fault('unlistReports');
    for (const report of this.reports.values()) if (report.postId === postId && report.residentKey === residentKey) report.listed = false;
  }
}

/** The gallery's objects in memory, keyed as in the bucket (presigning is the S3 adapter's, tested on the embedded S3). */
export class MemoryGalleryObjects implements GalleryObjects {
  private readonly objects = new Map<string, Uint8Array>();

  put(key: string, bytes: Uint8Array): void {
    this.objects.set(key, bytes);
  }

  keys(): string[] {
    return [...this.objects.keys()].sort();
  }

  /** The keys of objects holding at least a byte: what is left of a drawing, an upload's empty marker aside. */
  keysWithBytes(): string[] {
    return this.keys().filter((key) => this.objects.get(key)!.length > 0);
  }

  /** Not a URL anything answers (presigning is the S3 adapter's, tested on the embedded S3): what was asked, to check. */
  async presignUpload(request: {
    key: string;
    contentType: string;
    sizeBytes: number;
    expiresInSeconds: number;
  }): Promise<PresignedUpload> {
    return {
      method: 'PUT',
      url: `memory://gallery/${request.key}`,
      headers: { 'content-type': request.contentType, 'content-length': String(request.sizeBytes), 'if-none-match': '*' },
      expiresAt: new Date(Date.now() + request.expiresInSeconds * 1000).toISOString(),
    };
  }

  async read(key: string, maxBytes: number): Promise<Uint8Array | 'too_large' | 'missing'> {
    const bytes = this.objects.get(key);
    if (!bytes) return 'missing';
    return bytes.length > maxBytes ? 'too_large' : bytes;
  }

  async write(key: string, bytes: Uint8Array): Promise<void> {
    this.objects.set(key, bytes);
  }

  async remove(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.objects.delete(key);
  }
}

/** The gallery's drawings in memory, with the real store's version condition and lists. */
export class MemoryDrawingStore implements DrawingStore {
  readonly records = new Map<string, DrawingRecord>();
  /** Makes the next replace fail before writing (an outage between two steps). */
  failNextReplace = false;

  async insert(drawing: DrawingRecord): Promise<void> {
    if (this.records.has(drawing.id)) throw new Error(`drawing ${drawing.id} exists`);
    this.records.set(drawing.id, structuredClone(drawing));
  }

  async get(tenantId: string, drawingId: string): Promise<DrawingRecord | undefined> {
    const record = this.records.get(drawingId);
    return record && record.tenantId === tenantId ? structuredClone(record) : undefined;
  }

  async replace(drawing: DrawingRecord, expectedVersion: number): Promise<void> {
    if (this.failNextReplace) {
      this.failNextReplace = false;
      throw new Error('the table is unreachable');
    }
    if (this.records.get(drawing.id)?.version !== expectedVersion) throw new ConcurrentUpdateError();
    this.records.set(drawing.id, structuredClone(drawing));
  }

  private page(drawings: DrawingRecord[], query: { limit: number; cursor?: string }): Page<DrawingRecord> {
    const start = query.cursor ? Number(query.cursor) : 0;
    const end = start + query.limit;
    return { items: structuredClone(drawings.slice(start, end)), nextCursor: end < drawings.length ? String(end) : null };
  }

  async listPublished(tenantId: string, query: { limit: number; cursor?: string; section?: string }): Promise<Page<DrawingRecord>> {
    const published = [...this.records.values()]
      .filter((drawing) => drawing.tenantId === tenantId && drawing.status === 'published')
      .filter((drawing) => query.section === undefined || drawing.section === query.section)
      .sort((a, b) => `${b.publishedAt}#${b.id}`.localeCompare(`${a.publishedAt}#${a.id}`));
    return this.page(published, query);
  }

  async listForModeration(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<DrawingRecord>> {
    const waiting = [...this.records.values()]
      .filter((drawing) => drawing.tenantId === tenantId && (drawing.status === 'pending_moderation' || drawing.status === 'hidden'))
      .sort((a, b) => `${a.createdAt}#${a.id}`.localeCompare(`${b.createdAt}#${b.id}`));
    return this.page(waiting, query);
  }
}

/**
 * The directory's store in memory, with its zone index kept as the DynamoDB adapter keeps it: the
 * entry `listingZoneEntry` says a listing should have, filed under its places (disc cells,
 * communes), looked up by the point's cells and commune (`zoneLookup`). Stale entries are left as a
 * failed write would leave them.
 */
export class MemoryListingStore implements ListingStore {
  readonly records = new Map<string, ListingRecord>();
  /** Zone index: `cell:<depth>/<prefix>` or `commune:<code>` → listing id → its entry. */
  readonly zoneIndex = new Map<string, Map<string, ZoneEntry>>();
  /** Makes the next replace fail after writing the record and before its index (a crash in between). */
  failBeforeNextIndex = false;
  /** Records read by `get`, by id (a search reads only its page's). */
  readonly reads: string[] = [];

  private static placeKeys(entries: ZoneEntries): string[] {
    return [...entries.cells.map((cell) => `cell:${cell.depth}/${cell.prefix}`), ...entries.communes.map((code) => `commune:${code}`)];
  }

  private writeIndex(listing: ListingRecord, previous?: ListingRecord): void {
    const entry = listingZoneEntry(listing);
    const wanted = MemoryListingStore.placeKeys(zoneEntryPlaces(entry));
    for (const key of wanted) this.zoneIndex.set(key, (this.zoneIndex.get(key) ?? new Map()).set(listing.id, structuredClone(entry!)));
    if (!previous) return;
    for (const key of MemoryListingStore.placeKeys(listingZoneEntries(previous))) {
      if (!wanted.includes(key)) this.zoneIndex.get(key)?.delete(listing.id);
    }
  }

  async insert(listing: ListingRecord): Promise<void> {
    if (this.records.has(listing.id)) throw new Error(`listing ${listing.id} exists`);
    this.records.set(listing.id, structuredClone(listing));
    this.writeIndex(listing);
  }

  async get(tenantId: string, listingId: string): Promise<ListingRecord | undefined> {
    this.reads.push(listingId);
    const record = this.records.get(listingId);
    return record && record.tenantId === tenantId ? structuredClone(record) : undefined;
  }

  async replace(listing: ListingRecord, previous: ListingRecord): Promise<void> {
    if (this.records.get(listing.id)?.version !== previous.version) throw new ConcurrentUpdateError();
    this.records.set(listing.id, structuredClone(listing));
    if (this.failBeforeNextIndex) {
      this.failBeforeNextIndex = false;
      throw new Error('the index write failed');
    }
    this.writeIndex(listing, previous);
  }

  async reindex(listing: ListingRecord): Promise<void> {
    this.writeIndex(listing);
  }

  async settleZoneEntries(_tenantId: string, met: ZoneEntry, record: ListingRecord | undefined): Promise<void> {
    if (record) this.writeIndex(record);
    const wanted = record ? MemoryListingStore.placeKeys(listingZoneEntries(record)) : [];
    for (const key of MemoryListingStore.placeKeys(zoneEntryPlaces(met))) {
      if (!wanted.includes(key)) this.zoneIndex.get(key)?.delete(met.listingId);
    }
  }

  async listPublished(
    tenantId: string,
    query: { limit: number; cursor?: string; section?: string; now: Date },
  ): Promise<Page<ListingRecord>> {
    const published = [...this.records.values()]
      .filter((listing) => listing.tenantId === tenantId && isListingPublic(listing, query.now))
      .filter((listing) => query.section === undefined || listing.section === query.section)
      .sort((a, b) => `${b.publishedAt}#${b.id}`.localeCompare(`${a.publishedAt}#${a.id}`));
    const start = query.cursor ? Number(query.cursor) : 0;
    const end = start + query.limit;
    return { items: structuredClone(published.slice(start, end)), nextCursor: end < published.length ? String(end) : null };
  }

  async listForModeration(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<ListingRecord>> {
    const waiting = [...this.records.values()]
      .filter((listing) => listing.tenantId === tenantId && (listing.status === 'pending_moderation' || listing.status === 'hidden'))
      .sort((a, b) => `${a.createdAt}#${a.id}`.localeCompare(`${b.createdAt}#${b.id}`));
    const start = query.cursor ? Number(query.cursor) : 0;
    const end = start + query.limit;
    return { items: structuredClone(waiting.slice(start, end)), nextCursor: end < waiting.length ? String(end) : null };
  }

  async zoneEntries(tenantId: string, point: LatLon, commune: string | undefined): Promise<ZoneHits> {
    const keys = MemoryListingStore.placeKeys(zoneLookup(point, commune));
    const entries = keys
      .flatMap((key) => [...(this.zoneIndex.get(key)?.values() ?? [])])
      .filter((entry) => this.records.get(entry.listingId)?.tenantId === tenantId);
    return { entries: structuredClone(entries), queries: keys.length, itemsRead: entries.length };
  }
}

/** A shift's ledger as the real store keeps it: who holds a place, who waits (first first), and the addresses on it. */
interface MemoryLedger extends ShiftLedger {
  people: Set<string>;
  missionId: string;
  shiftId: string;
  start: string;
}

/**
 * One tenant's missions, shifts' ledgers and sign-ups in memory, with the real store's conditions:
 * a place only while `confirmed` < `places`, one place or position per address, the version check
 * of missions and sign-ups. Every call runs to its end before the next one starts (as DynamoDB
 * applies conditional writes to an item one at a time). `failNext` makes the next sign-up write
 * after the ledger's throw, as an outage between the two writes would, to exercise the repair.
 */
export class MemoryMissionStore implements MissionStore {
  readonly missions = new Map<string, MissionRecord>();
  readonly ledgers = new Map<string, MemoryLedger>();
  readonly signUps = new Map<string, SignUpRecord>();
  /** Fails the next `replaceSignUp` that moves a sign-up out of `pending_verification` or to withdrawn (once). */
  failNext: 'signUpWrite' | undefined;

  private missionKey = (tenantId: string, missionId: string) => `${tenantId}/${missionId}`;
  private ledgerKey = (tenantId: string, missionId: string, shiftId: string) => `${tenantId}/${missionId}/${shiftId}`;
  private signUpKey = (tenantId: string, signUpId: string) => `${tenantId}/${signUpId}`;

  async insertMission(mission: MissionRecord): Promise<void> {
    const key = this.missionKey(mission.tenantId, mission.id);
    if (this.missions.has(key)) throw new Error(`mission ${mission.id} exists`);
    this.missions.set(key, structuredClone(mission));
  }
  async getMission(tenantId: string, missionId: string): Promise<MissionRecord | undefined> {
    const mission = this.missions.get(this.missionKey(tenantId, missionId));
    return mission && structuredClone(mission);
  }
  async replaceMission(mission: MissionRecord, expectedVersion: number): Promise<void> {
    const key = this.missionKey(mission.tenantId, mission.id);
    if (this.missions.get(key)?.version !== expectedVersion) throw new ConcurrentUpdateError();
    this.missions.set(key, structuredClone(mission));
  }
  async listMissionsByStatus(tenantId: string, status: MissionRecord['status'], page: { limit: number; cursor?: string }) {
    const all = [...this.missions.values()]
      .filter((mission) => mission.tenantId === tenantId && mission.status === status)
      .sort((a, b) => `${a.createdAt}#${a.id}`.localeCompare(`${b.createdAt}#${b.id}`));
    const start = page.cursor ? Number(page.cursor) : 0;
    const end = start + page.limit;
    return { items: structuredClone(all.slice(start, end)), nextCursor: end < all.length ? String(end) : null };
  }
  /** How many times the list by place was read, and what it returned. */
  placeReads = { queries: 0, missions: 0 };
  async publishedMissionsIn(tenantId: string, range: CurveRange) {
    const missions = [...this.missions.values()]
      .filter((mission) => mission.tenantId === tenantId && mission.status === 'published')
      .map((mission) => ({ mission, curveIndex: curveIndexOf(mission.location) }))
      .filter(({ curveIndex }) => curveIndex >= range.lo && curveIndex <= range.hi)
      .sort((a, b) => a.curveIndex - b.curveIndex || a.mission.id.localeCompare(b.mission.id))
      .map(({ mission }) => structuredClone(mission));
    this.placeReads.queries += 1;
    this.placeReads.missions += missions.length;
    return { missions, itemsRead: missions.length, queries: 1 };
  }
  async openShift(tenantId: string, missionId: string, shift: { id: string; places: number; start: string }): Promise<void> {
    const key = this.ledgerKey(tenantId, missionId, shift.id);
    if (this.ledgers.has(key)) return;
    this.ledgers.set(key, {
      places: shift.places,
      confirmed: [],
      waiting: [],
      cancelled: false,
      people: new Set(),
      missionId,
      shiftId: shift.id,
      start: shift.start,
    });
  }
  async getLedger(tenantId: string, missionId: string, shiftId: string): Promise<ShiftLedger | undefined> {
    const ledger = this.ledgers.get(this.ledgerKey(tenantId, missionId, shiftId));
    return ledger && { places: ledger.places, confirmed: [...ledger.confirmed], waiting: [...ledger.waiting], cancelled: ledger.cancelled };
  }
  async cancelShift(tenantId: string, missionId: string, shiftId: string): Promise<void> {
    const ledger = this.ledgers.get(this.ledgerKey(tenantId, missionId, shiftId));
    if (ledger) ledger.cancelled = true;
  }
  async takePlace(
    tenantId: string,
    missionId: string,
    shiftId: string,
    signUp: { id: string; personKey: string },
    maxWaiting: number,
  ): Promise<TakeOutcome> {
    const ledger = this.ledgers.get(this.ledgerKey(tenantId, missionId, shiftId));
    if (!ledger) return { outcome: 'shift_closed' };
    if (ledger.confirmed.includes(signUp.id))
      return { outcome: 'confirmed', taken: ledger.confirmed.length, places: ledger.places, placedNow: false };
    const index = ledger.waiting.indexOf(signUp.id);
    if (index >= 0) return { outcome: 'waiting', position: index + 1 };
    if (ledger.cancelled) return { outcome: 'shift_closed' };
    if (ledger.people.has(signUp.personKey)) return { outcome: 'already_signed_up' };
    if (ledger.confirmed.length < ledger.places) {
      ledger.confirmed.push(signUp.id);
      ledger.people.add(signUp.personKey);
      return { outcome: 'confirmed', taken: ledger.confirmed.length, places: ledger.places, placedNow: true };
    }
    if (ledger.waiting.length >= maxWaiting) return { outcome: 'waiting_list_full' };
    ledger.waiting.push(signUp.id);
    ledger.people.add(signUp.personKey);
    return { outcome: 'waiting', position: ledger.waiting.length };
  }
  async releasePlace(tenantId: string, missionId: string, shiftId: string, signUp: { id: string; personKey: string }): Promise<boolean> {
    const ledger = this.ledgers.get(this.ledgerKey(tenantId, missionId, shiftId));
    if (!ledger) return false;
    const before = ledger.confirmed.length + ledger.waiting.length;
    ledger.confirmed = ledger.confirmed.filter((id) => id !== signUp.id);
    ledger.waiting = ledger.waiting.filter((id) => id !== signUp.id);
    if (ledger.confirmed.length + ledger.waiting.length === before) return false;
    ledger.people.delete(signUp.personKey);
    return true;
  }
  async promoteWaiting(tenantId: string, missionId: string, shiftId: string): Promise<string[]> {
    const ledger = this.ledgers.get(this.ledgerKey(tenantId, missionId, shiftId));
    const promoted: string[] = [];
    while (ledger && !ledger.cancelled && ledger.confirmed.length < ledger.places && ledger.waiting.length > 0) {
      const first = ledger.waiting.shift()!;
      ledger.confirmed.push(first);
      promoted.push(first);
    }
    return promoted;
  }
  async insertSignUp(signUp: SignUpRecord): Promise<void> {
    const key = this.signUpKey(signUp.tenantId, signUp.id);
    if (this.signUps.has(key)) throw new Error(`sign-up ${signUp.id} exists`);
    this.signUps.set(key, structuredClone(signUp));
  }
  async getSignUp(tenantId: string, signUpId: string): Promise<SignUpRecord | undefined> {
    const signUp = this.signUps.get(this.signUpKey(tenantId, signUpId));
    return signUp && structuredClone(signUp);
  }
  async replaceSignUp(signUp: SignUpRecord, expectedVersion: number): Promise<void> {
    if (this.failNext === 'signUpWrite' && signUp.status !== 'pending_verification') {
      this.failNext = undefined;
      throw new Error('injected fault: the connection dropped');
    }
    const key = this.signUpKey(signUp.tenantId, signUp.id);
    if (this.signUps.get(key)?.version !== expectedVersion) throw new ConcurrentUpdateError();
    this.signUps.set(key, structuredClone(signUp));
  }
  async signUpsOfShift(tenantId: string, missionId: string, shiftId: string): Promise<SignUpRecord[]> {
    return [...this.signUps.values()]
      .filter((signUp) => signUp.tenantId === tenantId && signUp.missionId === missionId && signUp.shiftId === shiftId)
      .sort((a, b) => `${a.createdAt}#${a.id}`.localeCompare(`${b.createdAt}#${b.id}`))
      .map((signUp) => structuredClone(signUp));
  }
  async markReminded(tenantId: string, signUpId: string, at: string): Promise<boolean> {
    const signUp = this.signUps.get(this.signUpKey(tenantId, signUpId));
    if (!signUp || signUp.remindedAt) return false;
    this.signUps.set(this.signUpKey(tenantId, signUpId), { ...signUp, remindedAt: at, version: signUp.version + 1 });
    return true;
  }
  /** How many times the list by start was read: what a request cost. */
  shiftReads = 0;
  async shiftsStartingBetween(tenantId: string, from: string, to: string, page: { after?: string; limit: number }) {
    this.shiftReads += 1;
    const all: UpcomingShift[] = [...this.ledgers.entries()]
      .filter(([key]) => key.startsWith(`${tenantId}/`))
      .map(([, ledger]) => ({
        missionId: ledger.missionId,
        shiftId: ledger.shiftId,
        start: ledger.start,
        places: ledger.places,
        taken: ledger.confirmed.length,
        position: `${ledger.start}#${ledger.missionId}#${ledger.shiftId}`,
      }))
      .filter((shift) => shift.start >= from && shift.start <= to && (page.after === undefined || shift.position > page.after))
      .sort((a, b) => a.position.localeCompare(b.position));
    return { items: all.slice(0, page.limit), more: all.length > page.limit };
  }
}

/** Day counters in memory: every count added up per tenant and day, as the real store's ADDs do. */
export class MemoryStatsStore implements StatsStore {
  readonly days = new Map<string, Record<string, number>>();
  async count(tenantId: string, day: string, counts: Record<string, number>): Promise<void> {
    const key = `${tenantId}/${day}`;
    const current = this.days.get(key) ?? {};
    for (const [name, value] of Object.entries(counts)) current[name] = (current[name] ?? 0) + value;
    this.days.set(key, current);
  }
  async readDays(tenantId: string, fromDay: string, toDay: string) {
    return [...this.days.entries()]
      .map(([key, counts]) => ({ tenant: key.slice(0, key.lastIndexOf('/')), day: key.slice(key.lastIndexOf('/') + 1), counts }))
      .filter((entry) => entry.tenant === tenantId && entry.day >= fromDay && entry.day <= toDay)
      .sort((a, b) => a.day.localeCompare(b.day))
      .map(({ day, counts }) => ({ day, counts: { ...counts } }));
  }
  /** Every count of the tenant over every day. */
  totals(tenantId: string): Record<string, number> {
    const totals: Record<string, number> = {};
    for (const [key, counts] of this.days) {
      if (!key.startsWith(`${tenantId}/`)) continue;
      for (const [name, value] of Object.entries(counts)) totals[name] = (totals[name] ?? 0) + value;
    }
    return totals;
  }
  async lastDigest(): Promise<undefined> {
    return undefined;
  }
  async recordDigest(): Promise<void> {}
}

/** Wishes and orientations in memory, with the real store's version check and the once-only mark of a followed suggestion. */
export class MemoryWishStore implements WishStore {
  readonly wishes = new Map<string, WishRecord>();
  readonly orientations = new Map<string, OrientationRecord>();
  async insertWish(wish: WishRecord): Promise<void> {
    const key = `${wish.tenantId}/${wish.id}`;
    if (this.wishes.has(key)) throw new Error(`wish ${wish.id} exists`);
    this.wishes.set(key, structuredClone(wish));
  }
  async getWish(tenantId: string, wishId: string): Promise<WishRecord | undefined> {
    const wish = this.wishes.get(`${tenantId}/${wishId}`);
    return wish && structuredClone(wish);
  }
  async replaceWish(wish: WishRecord, expectedVersion: number): Promise<void> {
    const key = `${wish.tenantId}/${wish.id}`;
    if (this.wishes.get(key)?.version !== expectedVersion) throw new ConcurrentUpdateError();
    this.wishes.set(key, structuredClone(wish));
  }
  async listWishes(tenantId: string, status: WishRecord['status'], page: { limit: number; cursor?: string }): Promise<Page<WishRecord>> {
    const all = [...this.wishes.values()]
      .filter((wish) => wish.tenantId === tenantId && wish.status === status)
      .sort((a, b) => `${a.createdAt}#${a.id}`.localeCompare(`${b.createdAt}#${b.id}`));
    const start = page.cursor ? Number(page.cursor) : 0;
    const end = start + page.limit;
    return { items: structuredClone(all.slice(start, end)), nextCursor: end < all.length ? String(end) : null };
  }
  async insertOrientation(orientation: OrientationRecord): Promise<void> {
    this.orientations.set(`${orientation.tenantId}/${orientation.id}`, structuredClone(orientation));
  }
  async getOrientation(tenantId: string, orientationId: string): Promise<OrientationRecord | undefined> {
    const orientation = this.orientations.get(`${tenantId}/${orientationId}`);
    return orientation && structuredClone(orientation);
  }
  async markFollowed(tenantId: string, orientationId: string, index: number): Promise<boolean> {
    const orientation = this.orientations.get(`${tenantId}/${orientationId}`);
    if (!orientation || orientation.followed.includes(index)) return false;
    orientation.followed.push(index);
    return true;
  }
}

/** Health workers' recognitions in memory, with the real store's conditions (none on insert, the version on replace). */
export class MemoryRecognitionStore implements RecognitionStore {
  readonly records = new Map<string, RecognitionRecord>();
  async get(tenantId: string, id: string): Promise<RecognitionRecord | undefined> {
    const record = this.records.get(`${tenantId}/${id}`);
    return record && structuredClone(record);
  }
  async insert(record: RecognitionRecord): Promise<void> {
    const key = `${record.tenantId}/${record.id}`;
    if (this.records.has(key)) throw new ConcurrentUpdateError();
    this.records.set(key, structuredClone(record));
  }
  async replace(record: RecognitionRecord, expectedVersion: number): Promise<void> {
    const key = `${record.tenantId}/${record.id}`;
    if (this.records.get(key)?.version !== expectedVersion) throw new ConcurrentUpdateError();
    this.records.set(key, structuredClone(record));
  }
  async remove(tenantId: string, id: string, expectedVersion: number): Promise<void> {
    const key = `${tenantId}/${id}`;
    const stored = this.records.get(key);
    if (stored && stored.version !== expectedVersion) throw new ConcurrentUpdateError();
    this.records.delete(key);
  }
  async list(tenantId: string, status: RecognitionStatus, page: { limit: number; cursor?: string }): Promise<Page<RecognitionRecord>> {
    const all = [...this.records.values()]
      .filter((record) => record.tenantId === tenantId && record.status === status)
      .sort((a, b) => `${a.createdAt}#${a.id}`.localeCompare(`${b.createdAt}#${b.id}`));
    const start = page.cursor ? Number(page.cursor) : 0;
    const end = start + page.limit;
    return { items: structuredClone(all.slice(start, end)), nextCursor: end < all.length ? String(end) : null };
  }
}
