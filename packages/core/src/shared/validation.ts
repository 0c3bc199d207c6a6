import type * as z from 'zod';
import { invalidInput } from './errors.js';

/**
 * Parses input with a schema, classic zod's or `zod/mini`'s (a function that loads no classic zod
 * passes its own); a failure is a 400 that names every bad field.
 */
export function parseInput<Output>(
  schema: { safeParse(value: unknown): { success: true; data: Output } | { success: false; error: { issues: z.core.$ZodIssue[] } } },
  value: unknown,
  pathPrefix = '',
): Output {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw invalidInput(
    parsed.error.issues.map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const path = [pathPrefix, ...issue.path.map(String)].filter(Boolean).join('.');
      return keys.length > 0
        ? { path: keys.map((key) => [path, key].filter(Boolean).join('.')).join(', '), message: 'unknown field' }
        : { path, message: issue.message };
    }),
  );
}
