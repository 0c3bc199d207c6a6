import { conditionalWrite, isConditionFailure, putIfVersion } from './conditions.js';
import { GetCommand, PutCommand, UpdateCommand, type DocClient, type Item, type UpdateInput } from './doc-client.js';
import {
  partitionOf,
  curveIndexOf,
  type CurveRange,
  type MissionStatus,
  type Page,
  ConcurrentUpdateError,
  type MissionRecord,
  type MissionStore,
  type ShiftLedger,
  type SignUpRecord,
  type TakeOutcome,
  type UpcomingShift,
} from '@entraide/core';
import { missionKeys, nearbySortRange, recordOf } from './keys.js';
import { oldestFirstPage } from './list-page.js';
import { queryPages } from './query.js';

/** How many times a ledger change reads again after losing a race, before giving up (a 409 to try again). */
const maxRounds = 1000;

/** A shift's ledger item as stored: string sets (`holders`, `people`) are absent when empty. */
function ledgerOf(item: Item): ShiftLedger {
  return {
    places: Number(item.places),
    confirmed: [...((item.holders as Set<string> | undefined) ?? [])],
    waiting: [...((item.waiting as string[] | undefined) ?? [])],
    cancelled: item.cancelled === true,
  };
}

/**
 * Missions, their shifts' ledgers and sign-ups on a tenant's table: single-item writes only.
 *
 * A shift's ledger is one item: `places`, `taken` (a number), `holders` (the sign-up ids holding a
 * place, a string set), `people` (the hashed addresses holding a place or waiting: one each),
 * `waiting` (a list, first first). Taking a place is one UpdateItem, `ADD taken 1` with the
 * condition `taken < places`: DynamoDB applies conditional writes to an item one at a time, so no
 * number of concurrent confirmations can take more places than there are. Whoever finds it full
 * appends to `waiting` under the condition `taken >= places`; a place freed meanwhile is read and
 * taken instead. The sign-up items are written after their ledger, and follow it (core's repair).
 */
export class DynamoMissionStore implements MissionStore {
  constructor(
    private readonly client: DocClient,
    private readonly tableName: string,
  ) {}

  async insertMission(mission: MissionRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: this.missionItem(mission),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getMission(tenantId: string, missionId: string): Promise<MissionRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: missionKeys.mission(tenantId, missionId), ConsistentRead: true }),
    );
    return Item ? recordOf<MissionRecord>(Item) : undefined;
  }

  async replaceMission(mission: MissionRecord, expectedVersion: number): Promise<void> {
    await this.putVersioned(this.missionItem(mission), expectedVersion);
  }

  async listMissionsByStatus(
    tenantId: string,
    status: MissionStatus,
    paging: { limit: number; cursor?: string },
  ): Promise<Page<MissionRecord>> {
    const page = await oldestFirstPage(
      this.client,
      this.tableName,
      tenantId,
      { index: 'gsi1', pkName: 'gsi1pk', skName: 'gsi1sk', pk: missionKeys.missionsByStatusList(tenantId, status) },
      paging,
    );
    return { items: page.items.map((item) => recordOf<MissionRecord>(item)), nextCursor: page.nextCursor };
  }

  async publishedMissionsIn(
    tenantId: string,
    range: CurveRange,
  ): Promise<{ missions: MissionRecord[]; itemsRead: number; queries: number }> {
    const sortKeys = nearbySortRange(range);
    const run = await queryPages(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :list AND gsi2sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':list': missionKeys.missionsNearList(tenantId, partitionOf(range.lo)),
        ':from': sortKeys.from,
        ':to': sortKeys.to,
      },
    });
    return { missions: run.items.map((item) => recordOf<MissionRecord>(item)), itemsRead: run.itemsRead, queries: run.queries };
  }

  /**
   * Writes each published mission's item again as it is (so in the list by place, gsi2), unless it
   * changed meanwhile (then its own write did): the one-off repair of missions written before that
   * list (`npm run reindex`). Idempotent; answers how many it wrote.
   */
  async reindexPublished(tenantId: string): Promise<number> {
    let written = 0;
    let cursor: string | undefined;
    do {
      const page = await this.listMissionsByStatus(tenantId, 'published', { limit: 100, ...(cursor ? { cursor } : {}) });
      for (const mission of page.items) {
        try {
          await this.putVersioned(this.missionItem(mission), mission.version);
          written += 1;
        } catch (error) {
          if (!(error instanceof ConcurrentUpdateError)) throw error;
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return written;
  }

  async openShift(tenantId: string, missionId: string, shift: { id: string; places: number; start: string }): Promise<void> {
    await conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...missionKeys.ledger(tenantId, missionId, shift.id),
            ...missionKeys.shiftByStart(tenantId, shift.start, missionId, shift.id),
            missionId,
            shiftId: shift.id,
            start: shift.start,
            places: shift.places,
            taken: 0,
            cancelled: false,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async getLedger(tenantId: string, missionId: string, shiftId: string): Promise<ShiftLedger | undefined> {
    const item = await this.ledgerItem(tenantId, missionId, shiftId);
    return item ? ledgerOf(item) : undefined;
  }

  async cancelShift(tenantId: string, missionId: string, shiftId: string): Promise<void> {
    await conditionalWrite(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: missionKeys.ledger(tenantId, missionId, shiftId),
          UpdateExpression: 'SET cancelled = :yes',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':yes': true },
        }),
      ),
    );
  }

  async takePlace(
    tenantId: string,
    missionId: string,
    shiftId: string,
    signUp: { id: string; personKey: string },
    maxWaiting: number,
  ): Promise<TakeOutcome> {
    const Key = missionKeys.ledger(tenantId, missionId, shiftId);
    for (let round = 0; round < maxRounds; round++) {
      const placed = await this.updateIf({
        TableName: this.tableName,
        Key,
        UpdateExpression: 'ADD taken :one, holders :id, people :person',
        ConditionExpression: 'attribute_exists(pk) AND cancelled = :no AND taken < places AND NOT contains(people, :personKey)',
        ExpressionAttributeValues: {
          ':one': 1,
          ':id': new Set([signUp.id]),
          ':person': new Set([signUp.personKey]),
          ':personKey': signUp.personKey,
          ':no': false,
        },
        ReturnValues: 'ALL_NEW',
      });
      if (placed) return { outcome: 'confirmed', taken: Number(placed.taken), places: Number(placed.places), placedNow: true };
      // The condition failed: full, cancelled, or this address is already on the shift. Read why.
      const item = await this.ledgerItem(tenantId, missionId, shiftId);
      if (!item) return { outcome: 'shift_closed' };
      const ledger = ledgerOf(item);
      // Asked again (a retry after a failure): the same place or position, never a second one.
      if (ledger.confirmed.includes(signUp.id))
        return { outcome: 'confirmed', taken: Number(item.taken), places: ledger.places, placedNow: false };
      const index = ledger.waiting.indexOf(signUp.id);
      if (index >= 0) return { outcome: 'waiting', position: index + 1 };
      if (ledger.cancelled) return { outcome: 'shift_closed' };
      if (((item.people as Set<string> | undefined) ?? new Set()).has(signUp.personKey)) return { outcome: 'already_signed_up' };
      if (Number(item.taken) < ledger.places) continue; // a place came free meanwhile
      if (ledger.waiting.length >= maxWaiting) return { outcome: 'waiting_list_full' };
      const queued = await this.updateIf({
        TableName: this.tableName,
        Key,
        UpdateExpression: 'SET waiting = list_append(if_not_exists(waiting, :empty), :ids) ADD people :person',
        ConditionExpression:
          'cancelled = :no AND taken >= places AND NOT contains(people, :personKey) AND (attribute_not_exists(waiting) OR size(waiting) < :max)',
        ExpressionAttributeValues: {
          ':empty': [],
          ':ids': [signUp.id],
          ':person': new Set([signUp.personKey]),
          ':personKey': signUp.personKey,
          ':no': false,
          ':max': maxWaiting,
        },
        ReturnValues: 'ALL_NEW',
      });
      // Lost a race (a place came free, or the same address elsewhere): read again.
      if (queued) return { outcome: 'waiting', position: ((queued.waiting as string[] | undefined) ?? []).indexOf(signUp.id) + 1 };
    }
    throw new ConcurrentUpdateError();
  }

  async releasePlace(tenantId: string, missionId: string, shiftId: string, signUp: { id: string; personKey: string }): Promise<boolean> {
    const Key = missionKeys.ledger(tenantId, missionId, shiftId);
    for (let round = 0; round < maxRounds; round++) {
      const ledger = await this.getLedger(tenantId, missionId, shiftId);
      if (!ledger) return false;
      if (ledger.confirmed.includes(signUp.id)) {
        const released = await conditionalWrite(
          this.client.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key,
              UpdateExpression: 'DELETE holders :id, people :person ADD taken :minusOne',
              ConditionExpression: 'contains(holders, :signUpId)',
              ExpressionAttributeValues: {
                ':id': new Set([signUp.id]),
                ':person': new Set([signUp.personKey]),
                ':minusOne': -1,
                ':signUpId': signUp.id,
              },
            }),
          ),
        );
        if (released) return true;
        continue;
      }
      const index = ledger.waiting.indexOf(signUp.id);
      if (index < 0) return false;
      // The position is read, then removed only if that sign-up is still there (the list may have moved up).
      const released = await conditionalWrite(
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key,
            UpdateExpression: `REMOVE waiting[${index}] DELETE people :person`,
            ConditionExpression: `waiting[${index}] = :signUpId`,
            ExpressionAttributeValues: { ':person': new Set([signUp.personKey]), ':signUpId': signUp.id },
          }),
        ),
      );
      if (released) return true;
    }
    throw new ConcurrentUpdateError();
  }

  async promoteWaiting(tenantId: string, missionId: string, shiftId: string): Promise<string[]> {
    const promoted: string[] = [];
    for (let round = 0; round < maxRounds; round++) {
      const item = await this.ledgerItem(tenantId, missionId, shiftId);
      if (!item) return promoted;
      const ledger = ledgerOf(item);
      const first = ledger.waiting[0];
      if (ledger.cancelled || Number(item.taken) >= ledger.places || first === undefined) return promoted;
      const moved = await conditionalWrite(
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: missionKeys.ledger(tenantId, missionId, shiftId),
            UpdateExpression: 'REMOVE waiting[0] ADD taken :one, holders :id',
            ConditionExpression: 'taken < places AND waiting[0] = :first',
            ExpressionAttributeValues: { ':one': 1, ':id': new Set([first]), ':first': first },
          }),
        ),
      );
      if (moved) promoted.push(first);
    }
    throw new ConcurrentUpdateError();
  }

  async insertSignUp(signUp: SignUpRecord): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: this.signUpItem(signUp), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  async getSignUp(tenantId: string, signUpId: string): Promise<SignUpRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: missionKeys.signUp(tenantId, signUpId), ConsistentRead: true }),
    );
    return Item ? recordOf<SignUpRecord>(Item) : undefined;
  }

  async replaceSignUp(signUp: SignUpRecord, expectedVersion: number): Promise<void> {
    await this.putVersioned(this.signUpItem(signUp), expectedVersion);
  }

  async signUpsOfShift(tenantId: string, missionId: string, shiftId: string): Promise<SignUpRecord[]> {
    const { items } = await queryPages(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :list',
      ExpressionAttributeValues: { ':list': missionKeys.shiftSignUpsList(tenantId, missionId, shiftId) },
    });
    return items.map((item) => recordOf<SignUpRecord>(item));
  }

  async shiftsStartingBetween(
    tenantId: string,
    from: string,
    to: string,
    page: { after?: string; limit: number },
  ): Promise<{ items: UpcomingShift[]; more: boolean }> {
    const { items, lastKey } = await queryPages(
      this.client,
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        // A position is a whole sort key (`<start>#<missionId>#<shiftId>`), never the prefix of
        // another: the range goes on right after it. `~` sorts after every character of an id.
        KeyConditionExpression: 'gsi1pk = :list AND gsi1sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':list': missionKeys.shiftsByStartList(tenantId),
          ':from': page.after !== undefined ? `${page.after} ` : from,
          ':to': `${to}~`,
        },
      },
      { limit: page.limit },
    );
    return {
      items: items.map((item) => ({
        missionId: String(item.missionId),
        shiftId: String(item.shiftId),
        start: String(item.start),
        places: Number(item.places),
        taken: Number(item.taken),
        position: String(item.gsi1sk),
      })),
      more: lastKey !== undefined,
    };
  }

  async markReminded(tenantId: string, signUpId: string, at: string): Promise<boolean> {
    // A new version too: a change of the sign-up that read it before this write is refused and reads again.
    return conditionalWrite(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: missionKeys.signUp(tenantId, signUpId),
          UpdateExpression: 'SET remindedAt = :at, #version = #version + :one',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(remindedAt)',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':at': at, ':one': 1 },
        }),
      ),
    );
  }

  /** The mission item; published, it is in the list by place too (gsi2), and leaves it with its status. */
  private missionItem(mission: MissionRecord): Item {
    return {
      ...mission,
      ...missionKeys.mission(mission.tenantId, mission.id),
      ...missionKeys.missionByStatus(mission.tenantId, mission.status, mission.createdAt, mission.id),
      ...(mission.status === 'published' ? missionKeys.missionNear(mission.tenantId, curveIndexOf(mission.location), mission.id) : {}),
    };
  }

  private signUpItem(signUp: SignUpRecord): Item {
    return {
      ...signUp,
      ...missionKeys.signUp(signUp.tenantId, signUp.id),
      ...missionKeys.shiftSignUp(signUp.tenantId, signUp.missionId, signUp.shiftId, signUp.createdAt, signUp.id),
    };
  }

  private async ledgerItem(tenantId: string, missionId: string, shiftId: string): Promise<Item | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: missionKeys.ledger(tenantId, missionId, shiftId), ConsistentRead: true }),
    );
    return Item;
  }

  /** An update returning the item as written, or undefined when its condition was false. */
  private async updateIf(input: UpdateInput): Promise<Item | undefined> {
    try {
      return (await this.client.send(new UpdateCommand(input))).Attributes ?? {};
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  private putVersioned(item: Item, expectedVersion: number): Promise<void> {
    return putIfVersion(this.client, this.tableName, item, expectedVersion);
  }
}
