import type * as z from 'zod';
import { invalidInput } from './errors.js';

/** Parses input with a schema; a failure is a 400 that names every bad field. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, value: unknown, pathPrefix = ''): z.output<Schema> {
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
