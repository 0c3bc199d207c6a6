import { parseMailEvent } from '@entraide/core';
import type { SESEvent, SESEventRecord, SNSEvent, SNSEventRecord } from 'aws-lambda';
import type { Logger } from '../shared/logger.js';

/**
 * The platform's mail dispatcher: one SES receipt rule for every tenant's aliases (`.relay.<domain>`)
 * and one subscription to the bounces topic, instead of a rule and a filtered subscription per
 * tenant (200 of each at most). It hands each mail to its tenant's function, by name, and nothing
 * to a tenant that is not its recipient: a tenant's inbound function reads only its own prefix of
 * the platform's inbound bucket (IAM), where the dispatcher copies the mail for it.
 */

/** Where SES's receipt rule stores every received mail (`<prefix><SES message id>`). */
export const receivedPrefix = 'inbound/';
/** Where each tenant's inbound function reads (and deletes) its copy: its role reaches only this prefix. */
export const tenantInboundPrefix = (tenantId: string): string => `tenants/${tenantId}/`;
/** The tenant functions the dispatcher invokes, by name (the tenant stack names them so). */
export const inboundFunctionName = (tenantId: string): string => `entraide-${tenantId}-inbound-mail`;
export const mailEventsFunctionName = (tenantId: string): string => `entraide-${tenantId}-mail-events`;

/** A tenant id as tenant files have it (lowercase, digits, single dashes, 40 at most): anything else is no tenant. */
const tenantIdPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const isTenantId = (candidate: string): boolean => candidate.length <= 40 && tenantIdPattern.test(candidate);

export interface MailDispatchDeps {
  /** `relay.<mail domain>`: aliases are `<token>@<tenant>.<relayDomain>`. */
  relayDomain: string;
  /** Copies an object of the inbound bucket (SES's copy to a tenant's prefix). */
  copy(fromKey: string, toKey: string): Promise<void>;
  remove(key: string): Promise<void>;
  /** Invokes a function asynchronously (Lambda retries it, then its on-failure handling); false when no such function. */
  invoke(functionName: string, payload: unknown): Promise<boolean>;
  logger: Logger;
}

/** The tenant of an alias address, or undefined for any other address. */
export function tenantOfRecipient(address: string, relayDomain: string): string | undefined {
  const domain = address.toLowerCase().split('@')[1] ?? '';
  const suffix = `.${relayDomain.toLowerCase()}`;
  if (!domain.endsWith(suffix)) return undefined;
  const tenantId = domain.slice(0, -suffix.length);
  return isTenantId(tenantId) ? tenantId : undefined;
}

export function mailDispatcher(deps: MailDispatchDeps) {
  const dispatchReceived = async (record: SESEventRecord): Promise<void> => {
    const { mail, receipt } = record.ses;
    const byTenant = new Map<string, string[]>();
    for (const recipient of receipt.recipients) {
      const tenantId = tenantOfRecipient(recipient, deps.relayDomain);
      if (tenantId) byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), recipient]);
    }
    const stored = `${receivedPrefix}${mail.messageId}`;
    for (const [tenantId, recipients] of byTenant) {
      const copy = `${tenantInboundPrefix(tenantId)}${mail.messageId}`;
      await deps.copy(stored, copy);
      // The tenant sees its own recipients only, never another tenant's aliases of the same mail.
      const event: SESEvent = { Records: [{ ...record, ses: { mail, receipt: { ...receipt, recipients } } }] };
      const invoked = await deps.invoke(inboundFunctionName(tenantId), event);
      if (!invoked) {
        await deps.remove(copy);
        deps.logger.warn('mail for no tenant', { tenant: tenantId });
      }
    }
    await deps.remove(stored);
    deps.logger.info('received mail dispatched', { tenants: byTenant.size });
  };

  const dispatchMailEvent = async (record: SNSEventRecord): Promise<void> => {
    const tenantId = parseMailEvent(record.Sns.Message)?.tenantId;
    // Deliveries, transient bounces and mail without a tenant tag: nothing to suppress.
    if (!tenantId || !isTenantId(tenantId)) return;
    const invoked = await deps.invoke(mailEventsFunctionName(tenantId), { Records: [record] } satisfies SNSEvent);
    if (!invoked) deps.logger.warn('mail event for no tenant', { tenant: tenantId });
  };

  /** SES's receipt (Lambda action, after its S3 action) or the bounces topic's notification. */
  return async (event: SESEvent | SNSEvent): Promise<void> => {
    for (const record of event.Records) {
      if ('ses' in record) await dispatchReceived(record);
      else if ('Sns' in record) await dispatchMailEvent(record);
    }
  };
}
