import { alertService } from '@entraide/core';
import type { HttpGroupDeps } from '../http-groups.js';

/**
 * The daily alert digest of a tenant (job `alerts`): one mail per alert with new matching posts,
 * listing those still published, with its one-click unsubscribe link. Counts only in the summary.
 */
export async function alertDigestJob(deps: HttpGroupDeps): Promise<{ alerts: number; mails: number; posts: number }> {
  return alertService(deps).sendDigests();
}
