import { lambdaInvokeAsync } from '@entraide/aws-signed';
import { InvokedMailer } from '@entraide/mail-transport';
import type { Clock } from '@entraide/core';

/**
 * Loaded by `import()` on the first mail (adapters.ts). Named imports from here, not `import()` of
 * the package itself: a dynamically imported package keeps every export in the bundle.
 */
export const createInvokedMailer = (senderFunction: string, tenantId: string, clock: Clock, newId: () => string): InvokedMailer =>
  new InvokedMailer(lambdaInvokeAsync(), senderFunction, tenantId, clock, newId);
