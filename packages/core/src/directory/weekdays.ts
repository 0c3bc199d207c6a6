/** The days of a listing's deliveries, Monday first, with no zod: the site's first render reads them (`@entraide/core/plain`). */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];
