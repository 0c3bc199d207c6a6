import { missionRemindersJob as remindersOf, type MissionServiceDeps } from '@entraide/core';

/**
 * The day before a shift, in the tenant's time zone: every volunteer holding a place gets one
 * reminder (each shift repaired first). Daily, in the tenant's late afternoon.
 */
export async function missionRemindersJob(deps: MissionServiceDeps): Promise<Record<string, number>> {
  return remindersOf(deps).run();
}
