import { Logger } from '@aws-lambda-powertools/logger';

/** One logger per container; the shared chain sets the tenant on it at every invocation. */
export const createLogger = (serviceName: string): Logger => new Logger({ serviceName });
