/**
 * `@entraide/core/plain`: the values and checks of core that a site page needs for its first
 * render, with no zod. Importing even one constant from `@entraide/core/schemas` makes the page
 * load the whole schemas chunk (zod, about 95 KB) before it shows anything, past the page budget;
 * what is here comes from small modules that import nothing (a dependency rule checks it), and
 * `@entraide/core/schemas` exports the same values for the API.
 */
export {
  alertLifetimeMonthsDefault,
  eventRecordDays,
  recognitionLifetimeMonths,
  retentionAfterExpiryDays,
  unverifiedAlertLifetimeDays,
} from './shared/retention.js';
export { weekdays, type Weekday } from './directory/weekdays.js';
export { drawingConsentWords, drawingImageTypes, maxDrawingBytes, type DrawingImageType } from './gallery/drawing-rules.js';
export { linkToken, linkTokenLength } from './posts/link-token.js';
export { aliasTokenPattern } from './relay/alias-token.js';
export { campaignHeadline } from './campaigns/campaign-headline.js';
