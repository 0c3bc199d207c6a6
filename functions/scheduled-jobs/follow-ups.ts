import { expiryReminderService, relayService, type RelayDeps } from '@entraide/core';

/**
 * The residents' morning mails, once a day: "did the help take place?" to the author of each post
 * whose first connection was a few days ago (once per post), and "still needed?" to the author of
 * each post that expires within the tenant's `expiryReminder.daysBefore` days (once per expiry).
 */
export async function followUpsJob(deps: RelayDeps): Promise<Record<string, number>> {
  const followUps = await relayService(deps).sendDueFollowUps();
  const reminders = await expiryReminderService(deps).sendDueReminders();
  return {
    ...followUps,
    remindersRead: reminders.read,
    remindersDue: reminders.due,
    remindersSent: reminders.sent,
    remindersFailed: reminders.failed,
  };
}
