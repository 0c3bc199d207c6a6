/**
 * How long personal data is kept, written once: the stores' purge times, the relay, the alerts'
 * job and the privacy page all read these (a tenant may set its alerts' months; this is the default).
 */

/** A post and its conversations (names and addresses) after the post has expired. */
export const retentionAfterExpiryDays = 90;

/** An alert runs this long from its confirmation or its last renewal (a tenant's `alertExpiry.months`, by default). */
export const alertLifetimeMonthsDefault = 6;

/** The "still want it?" mail goes this many days before an alert ends (a tenant's `alertExpiry.noticeDaysBefore`, by default). */
export const alertRenewalNoticeDaysDefault = 14;

/** An alert whose address was never confirmed is forgotten after this long. */
export const unverifiedAlertLifetimeDays = 7;

/**
 * Records of what happened, which name no one (a report's date and party, a follow-up's answer,
 * a post's undeliverable flag): kept this long for staff's figures, then purged.
 */
export const eventRecordDays = 400;

/**
 * A health worker's recognition, a request to be recognised, or a withdrawal ends this long after its
 * last change (recognised, refused, withdrawn), then the daily job erases it: recognised again, a
 * health worker asks again with their address.
 */
export const recognitionLifetimeMonths = 12;

/** `months` calendar months after `from` (the same day of the month, or the month's last day). */
export function addMonths(from: Date, months: number): Date {
  const target = new Date(from);
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  return target;
}
