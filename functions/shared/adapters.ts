import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cryptoRandom, systemClock, type Clock, type Mailer, type PostStore, type RandomSource, type RateLimiter } from '@entraide/core';
import { DynamoPostStore, DynamoRateLimiter } from '@entraide/dynamodb-store';
import type { SesMailerOptions } from '@entraide/ses-mailer';

export interface AdapterSettings {
  tenantId: string;
  tableName: string;
  mailFrom: string;
  sesConfigurationSet?: string;
  /** Clients built by the caller (the local runtime points them at the embedded servers). */
  dynamoClient?: DynamoDBClient;
  sesClient?: SESv2Client;
}

export interface Adapters {
  store: PostStore;
  mailer: Mailer;
  clock: Clock;
  random: RandomSource;
  rateLimiter: RateLimiter;
  /** Staff: the status lists, login links and session secret, and the day counters. */
  staffPosts: StaffPostQueries;
  staffAccess: StaffAccessStore;
  stats: StatsStore;
}

/** The real adapters behind core's ports. Called once per container (or once per tenant locally). */
export function buildAdapters(settings: AdapterSettings): Adapters {
  const dynamoClient = settings.dynamoClient ?? new DynamoDBClient({});
  const documentClient = DynamoDBDocumentClient.from(dynamoClient, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    store: new DynamoPostStore(documentClient, settings.tableName),
    mailer: lazySesMailer(settings.sesClient, {
      from: settings.mailFrom,
      ...(settings.sesConfigurationSet ? { configurationSetName: settings.sesConfigurationSet } : {}),
    }),
    clock: systemClock,
    random: cryptoRandom,
    rateLimiter: new DynamoRateLimiter(documentClient, settings.tableName, settings.tenantId),
    staffPosts: new DynamoStaffPostQueries(documentClient, settings.tableName),
    staffAccess: new DynamoStaffAccessStore(documentClient, settings.tableName),
    stats: new DynamoStatsStore(documentClient, settings.tableName),
  };
}

/**
 * The SES client and its mailer load on the first mail, not at init: most requests (searches,
 * reads) send none, and evaluating client-sesv2 at every cold start cost the public API about a
 * tenth of its init (`npm run bench:cold`). esbuild keeps the code in the one bundle, evaluated
 * only when imported.
 */
function lazySesMailer(client: SESv2Client | undefined, options: SesMailerOptions): Mailer {
  let loading: Promise<Mailer> | undefined;
  const load = async (): Promise<Mailer> => {
    const { createSesMailer } = await import('./ses-mailer.js');
    return createSesMailer(client, options);
  };
  return {
    send: async (mail) => {
      loading ??= load().catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      return (await loading).send(mail);
    },
  };
}
