import { relayService, type RelayDeps } from '@entraide/core';

/**
 * "Did the help take place?": mails the author of each post whose first connection was a few
 * days ago, once per post, with one-click answers. Daily, in the tenant's morning.
 */
export async function followUpsJob(deps: RelayDeps): Promise<Record<string, number>> {
  return relayService(deps).sendDueFollowUps();
}
