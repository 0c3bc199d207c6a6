import * as z from 'zod';

/**
 * Text a person types (a description, a message, a reason): trimmed, 1 to `max` characters, no
 * control characters but newlines and tabs. The one rule for every free text the API takes.
 */
export const typedText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    .refine((text) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text), { error: 'control characters are not allowed' });

/** A single line of typed text: names and titles end up in mail headers and must never carry CR/LF. */
export const typedLine = (max: number) => typedText(max).refine((text) => !/[\r\n]/.test(text), { error: 'must be a single line' });
