import { isHealthWorkersSection } from '../posts/index.js';
import type { ContactPolicy } from '../relay/index.js';
import { forbidden, type Clock } from '../shared/index.js';
import type { TenantConfig } from '../tenant/index.js';
import type { RecognitionStore } from './ports.js';
import { recognitionEnded } from './recognition-life.js';
import { recognitionIdOf } from './recognition-service.js';

/** Whether `email` is a recognised health worker's in the tenant at `now`: its recognition, by the address's key, not ended. */
export async function isRecognisedHealthWorker(store: RecognitionStore, tenantId: string, email: string, now: Date): Promise<boolean> {
  const normalised = email.trim().toLowerCase();
  const record = await store.get(tenantId, recognitionIdOf(normalised));
  return record?.status === 'recognised' && record.email === normalised && !recognitionEnded(record, now);
}

/**
 * The relay's contact policy where a section is for health workers: its offers answer recognised
 * health workers only (others: 403 `health_workers_only`); anyone may answer its requests. Every
 * first message from a recognised health worker in such a section says so to the author.
 */
export function healthWorkersContactPolicy(deps: {
  tenant: TenantConfig;
  recognitionStore: RecognitionStore;
  clock: Clock;
}): ContactPolicy {
  const { tenant, recognitionStore, clock } = deps;
  return {
    async senderFor(post, senderEmail) {
      if (!isHealthWorkersSection(tenant, post.section)) return { recognisedHealthWorker: false };
      const recognised = await isRecognisedHealthWorker(recognitionStore, tenant.id, senderEmail, clock.now());
      if (post.kind === 'offer' && !recognised) {
        throw forbidden(
          'health_workers_only',
          `This offer is for health workers recognised by ${tenant.name}: ask to be recognised from the section's page`,
        );
      }
      return { recognisedHealthWorker: recognised };
    },
  };
}
