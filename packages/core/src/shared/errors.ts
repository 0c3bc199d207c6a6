/** A problem the caller can fix or must be told about: mapped to a 4xx by the HTTP edge. */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalidInput = (details: ErrorDetail[], message = 'Invalid input'): DomainError =>
  new DomainError(400, 'invalid_input', `${message}: ${details.map((d) => d.path || '(body)').join(', ')}`, details);

export const notFound = (what: string): DomainError => new DomainError(404, 'not_found', `${what} not found`);

export const forbidden = (code: string, message: string): DomainError => new DomainError(403, code, message);

/** Someone else changed the record between our read and our write. */
export class ConcurrentUpdateError extends Error {
  constructor() {
    super('The record changed while it was being updated');
    this.name = 'ConcurrentUpdateError';
  }
}

/** Too many requests: a 429 with `Retry-After`. */
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'rate_limited', 'Too many requests; please try again later');
    this.name = 'RateLimitedError';
  }
}
