import {
  densityRecountJob,
  expiryReminderService,
  relayService,
  type DensitySummary,
  type NearbyIndex,
  type RelayDeps,
} from '@entraide/core';

/**
 * The residents' morning mails, once a day: "did the help take place?" to the author of each post
 * whose first connection was a few days ago (once per post), and "still needed?" to the author of
 * each post that expires within the tenant's `expiryReminder.daysBefore` days (once per expiry);
 * then the density summary recounted from the geographic index (the posts expired since are counted out).
 */
export async function followUpsJob(
  deps: RelayDeps & { nearbyIndex: NearbyIndex; densitySummary: DensitySummary },
): Promise<Record<string, number>> {
  const followUps = await relayService(deps).sendDueFollowUps();
  const reminders = await expiryReminderService(deps).sendDueReminders();
  const density = await densityRecountJob(deps)();
  return {
    ...followUps,
    densityEntries: density.entries,
    densityCorrected: density.corrected,
    remindersRead: reminders.read,
    remindersDue: reminders.due,
    remindersSent: reminders.sent,
    remindersFailed: reminders.failed,
  };
}
