import {
  tenantDay,
  parseMailEvent,
  recordMailEvent,
  relayCounters,
  type ActivityCounter,
  type Clock,
  type MailLedger,
  type TenantConfig,
} from '@entraide/core';
import type { SNSEvent } from 'aws-lambda';
import { eventHandler, type Logger } from '../shared/logger.js';

export interface MailEventsDeps {
  tenant: TenantConfig;
  ledger: MailLedger;
  stats: ActivityCounter;
  clock: Clock;
  logger: Logger;
}

/**
 * SES bounces and complaints of this tenant's mail (SNS, filtered on the `tenant` tag): the
 * address goes on the tenant's suppression list, the post the mail was about is flagged to staff.
 */
export function mailEventsHandler(deps: MailEventsDeps) {
  return eventHandler({ logger: deps.logger, tenantId: deps.tenant.id }, async (event: SNSEvent): Promise<void> => {
    for (const record of event.Records) {
      const mailEvent = parseMailEvent(record.Sns.Message);
      // Deliveries, transient bounces, another tenant's mail (the subscription filters them out anyway).
      if (!mailEvent || (mailEvent.tenantId && mailEvent.tenantId !== deps.tenant.id)) continue;
      const { suppressed } = await recordMailEvent(deps, mailEvent);
      const name = mailEvent.kind === 'bounce' ? relayCounters.bounces : relayCounters.complaints;
      if (suppressed > 0) await deps.stats.count(deps.tenant.id, tenantDay(deps.tenant, deps.clock.now()), { [name]: suppressed });
      deps.logger.info('mail event', { kind: mailEvent.kind, suppressed, flaggedPost: mailEvent.postId ?? null });
    }
  });
}
