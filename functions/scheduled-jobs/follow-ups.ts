import { densityRecountJob, expiryReminderService, relayService, type NearbyServiceDeps, type RelayDeps } from '@entraide/core';

/**
 * The residents' morning mails, once a day: "did the help take place?" to the author of each post
 * whose first connection was a few days ago (once per post), and "still needed?" to the author of
 * each post that expires within the tenant's `expiryReminder.daysBefore` days (once per expiry);
 * then the density summary recounted from the geographic index (what expired is counted out).
 */
export async function followUpsJob(
  deps: RelayDeps & Pick<NearbyServiceDeps, 'nearbyIndex' | 'densitySummary'>,
): Promise<Record<string, number>> {
  const followUps = await relayService(deps).sendDueFollowUps();
  const reminders = await expiryReminderService(deps).sendDueReminders();
  // The expiry job's correction of the density summary: posts expired since yesterday are counted out.
  const density = deps.densitySummary ? await densityRecountJob({ ...deps, densitySummary: deps.densitySummary })() : undefined;
  return {
    ...(density ? { densityEntries: density.entries, densityCorrected: density.corrected } : {}),
    ...followUps,
    remindersRead: reminders.read,
    remindersDue: reminders.due,
    remindersSent: reminders.sent,
    remindersFailed: reminders.failed,
  };
}
