import { countDrawingsAwaiting, countRecognitionsAwaiting, staffDigestJob } from '@entraide/core';
import type { HttpGroupDeps } from '../http-groups.js';

/** The staff digest of one tenant (core `staffDigestJob`): its summary is counts only. */
export async function digestJob(deps: HttpGroupDeps): Promise<Record<string, number | boolean>> {
  const outcome = await staffDigestJob({
    ...deps,
    drawingsAwaiting: (limit) => countDrawingsAwaiting(deps.drawingStore, deps.tenant.id, limit),
    ...(deps.tenant.healthWorkers
      ? { recognitionsAwaiting: (limit: number) => countRecognitionsAwaiting(deps.recognitionStore, deps.tenant.id, limit) }
      : {}),
  });
  return {
    mailsSent: outcome.sent,
    nothingToSay: outcome.empty,
    newPosts: outcome.newPosts,
    awaitingModeration: outcome.awaitingModeration,
  };
}
