import type { DomainError } from '@entraide/core';

/** The domain error a use case refuses with (the test fails if it is accepted). */
export async function refusal(run: () => Promise<unknown>): Promise<DomainError> {
  try {
    await run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('accepted');
}
