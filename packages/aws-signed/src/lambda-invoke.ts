import { jsonServiceError, postJson, type ServiceCallOptions } from './signed-request.js';

/** Invokes a function asynchronously: true once Lambda took the event, false when there is no such function. */
export type InvokeAsync = (functionName: string, payload: unknown) => Promise<boolean>;

/**
 * Lambda's Invoke with `X-Amz-Invocation-Type: Event`: Lambda queues the event and answers 202; it
 * then runs the function, retries a failure (the function's asynchronous settings) and hands what
 * still fails to its on-failure destination. 404 is no such function; anything else is thrown,
 * named as the SDK names it, so the caller's own retries apply.
 */
export function lambdaInvokeAsync(options: ServiceCallOptions = {}): InvokeAsync {
  return async (functionName, payload) => {
    const { response, body } = await postJson({
      ...options,
      name: 'Lambda',
      service: 'lambda',
      endpointVariable: 'LAMBDA',
      host: (region) => `lambda.${region}.amazonaws.com`,
      path: `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
      headers: { 'X-Amz-Invocation-Type': 'Event' },
      payload,
    });
    if (response.statusCode === 202) return true;
    if (response.statusCode === 404) return false;
    throw jsonServiceError('Lambda', response, body);
  };
}
