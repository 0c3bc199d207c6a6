import type { IncomingMessage, ServerResponse } from 'node:http';
import { cryptoRandom, systemClock, threadRecorder, type RelayDeps, type TenantConfig } from '@entraide/core';
import { DynamoMailLedger, DynamoRelayStore, localTableName, type DocClient } from '@entraide/dynamodb-store';
import {
  inboundMailProcessor,
  maxInboundBytes,
  parseRawMail,
  type InboundEnvelope,
  type InboundResult,
} from '@entraide/functions/inbound-mail';
import { mailSenderHandler } from '@entraide/functions/mail-sender';
import { createLogger, type Logger } from '@entraide/functions/shared/logger';
import { SesMailer, type SesClient } from '@entraide/ses-mailer';
import { LocalMailSender } from './mail-sender.js';

export interface RelayRuntime {
  /** The tenant's mail sender, invoked asynchronously as in Lambda, created on first use: the mail-sender function's code. */
  mailSender(tenantId: string): LocalMailSender;
  /** Makes a tenant's inbound mail reachable (the tenant's receipt rule and inbound function, in AWS). */
  registerTenant(tenant: TenantConfig, deps: RelayDeps & { logger: Logger }): void;
  /** A raw RFC 822 message, as SES inbound would store it, with SES's verdicts: routed to its tenant by the alias domain. */
  receive(raw: Buffer, envelope?: InboundEnvelope): Promise<{ tenantId: string; result: InboundResult } | 'unknown_domain'>;
  hasTenant(tenantId: string): boolean;
  stop(): void;
}

export function buildRelayRuntime(options: { documentClient: DocClient; sesClient: SesClient; mailFrom: string }): RelayRuntime {
  const { documentClient } = options;
  const senders = new Map<string, LocalMailSender>();
  const inbound = new Map<string, { aliasDomain: string; process: ReturnType<typeof inboundMailProcessor> }>();

  return {
    mailSender(tenantId) {
      let sender = senders.get(tenantId);
      if (!sender) {
        const handler = mailSenderHandler({
          tenantId,
          ledger: new DynamoMailLedger(documentClient, localTableName(tenantId), tenantId),
          sent: threadRecorder(new DynamoRelayStore(documentClient, localTableName(tenantId)), tenantId),
          transport: new SesMailer(options.sesClient, { from: options.mailFrom, tenantId }),
          clock: systemClock,
          logger: createLogger('mail-sender'),
        });
        sender = new LocalMailSender({ tenantId, sender: (event) => handler(event), clock: systemClock, randomId: cryptoRandom.id });
        senders.set(tenantId, sender);
      }
      return sender;
    },

    registerTenant(tenant, deps) {
      inbound.set(tenant.id, {
        aliasDomain: `${tenant.id}.${deps.relayDomain}`.toLowerCase(),
        process: inboundMailProcessor({ ...deps, logger: createLogger('inbound-mail') }),
      });
    },

    async receive(raw, envelope = {}) {
      // In AWS each tenant's receipt rule matches its own subdomain; here, the recipients say which.
      const recipients = raw.length <= maxInboundBytes ? ((await parseRawMail(raw).catch(() => undefined))?.recipients ?? []) : [];
      const domains = new Set(recipients.map((address) => address.toLowerCase().split('@')[1] ?? ''));
      for (const [tenantId, entry] of inbound) {
        if (domains.has(entry.aliasDomain)) return { tenantId, result: await entry.process(raw, envelope) };
      }
      return 'unknown_domain';
    },

    hasTenant: (tenantId) => inbound.has(tenantId),

    stop() {
      for (const sender of senders.values()) sender.stop();
    },
  };
}

/** SES receipt verdict statuses, and the query parameter each is given by. */
const sesVerdicts = ['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED'];
const verdictParameters = [
  ['spf', 'spfVerdict'],
  ['dkim', 'dkimVerdict'],
  ['dmarc', 'dmarcVerdict'],
  ['spam', 'spamVerdict'],
  ['virus', 'virusVerdict'],
] as const;

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

function readRaw(request: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > limit ? 'too_large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * The relay's local-only routes: `POST /_local/inbound-email` (a raw RFC 822 message, through the
 * inbound function's code) and `GET /_local/mail-queue?tenant=` (the mails whose sending waits for a retry, and the dead letters).
 * Answers whether it handled the request.
 */
export async function relayLocalRoutes(
  relay: RelayRuntime,
  request: IncomingMessage,
  path: string,
  query: URLSearchParams,
  response: ServerResponse,
): Promise<boolean> {
  if (path === '/_local/inbound-email' && request.method === 'POST') {
    const raw = await readRaw(request, maxInboundBytes);
    // SES's verdicts, as its receipt gives them to the inbound function: PASS unless the query says otherwise.
    const envelope: InboundEnvelope = {};
    for (const [name, field] of verdictParameters) {
      const verdict = (query.get(name) ?? 'PASS').toUpperCase();
      if (!sesVerdicts.includes(verdict)) {
        sendJson(response, 400, {
          error: {
            code: 'invalid_input',
            message: 'Invalid verdict',
            details: [{ path: `query.${name}`, message: `one of ${sesVerdicts.join(', ')}` }],
          },
        });
        return true;
      }
      envelope[field] = verdict;
    }
    if (raw === 'too_large') {
      sendJson(response, 413, {
        error: { code: 'too_large', message: `A mail over ${maxInboundBytes} bytes is not relayed`, details: [] },
      });
      return true;
    }
    const received = await relay.receive(raw, envelope);
    if (received === 'unknown_domain') {
      // SES would refuse it too: no receipt rule for that domain.
      sendJson(response, 404, { error: { code: 'unknown_recipient', message: 'No recipient at a tenant’s relay domain', details: [] } });
      return true;
    }
    sendJson(response, 200, { tenant: received.tenantId, ...received.result });
    return true;
  }
  if (path === '/_local/mail-queue' && request.method === 'GET') {
    const tenantId = query.get('tenant') ?? '';
    if (!relay.hasTenant(tenantId)) {
      sendJson(response, 404, { error: { code: 'unknown_tenant', message: `No tenant "${tenantId}"`, details: [] } });
      return true;
    }
    sendJson(response, 200, { tenant: tenantId, ...relay.mailSender(tenantId).state() });
    return true;
  }
  return false;
}
