import { alertExpiryService, alertService } from '@entraide/core';
import type { HttpGroupDeps } from '../http-groups.js';

/**
 * The daily alert run of a tenant (job `alerts`): one mail per alert with new matching posts,
 * listing those still published, with its one-click unsubscribe link; then the alerts' ends: the
 * "still want it?" mails of those ending soon, and the erasure of those that ended. Counts only in the summary.
 */
export async function alertDigestJob(
  deps: HttpGroupDeps,
): Promise<{ alerts: number; mails: number; posts: number; renewalNotices: number; expired: number }> {
  const digests = await alertService(deps).sendDigests();
  return { ...digests, ...(await alertExpiryService(deps).run()) };
}
