import {
  bodyText,
  credentialsFromEnvironment,
  endpointFromEnvironment,
  jsonServiceError,
  regionFromEnvironment,
  sendSigned,
} from './signed-request.js';
import type { AwsCredentials } from './signed-request.js';

/** Invokes a function asynchronously: true once Lambda took the event, false when there is no such function. */
export type InvokeAsync = (functionName: string, payload: unknown) => Promise<boolean>;

/**
 * Lambda's Invoke with `X-Amz-Invocation-Type: Event`: Lambda queues the event and answers 202; it
 * then runs the function, retries a failure (the function's asynchronous settings) and hands what
 * still fails to its on-failure destination. 404 is no such function; anything else is thrown,
 * named as the SDK names it, so the caller's own retries apply.
 */
export function lambdaInvokeAsync(options: { region?: string; endpoint?: string; credentials?: AwsCredentials } = {}): InvokeAsync {
  return async (functionName, payload) => {
    const region = regionFromEnvironment('Lambda', options.region);
    const base = endpointFromEnvironment('LAMBDA', `https://lambda.${region}.amazonaws.com`, options.endpoint);
    const response = await sendSigned({
      service: 'lambda',
      region,
      method: 'POST',
      url: new URL(`/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`, base),
      headers: { 'Content-Type': 'application/json', 'X-Amz-Invocation-Type': 'Event' },
      body: JSON.stringify(payload),
      credentials: options.credentials ?? credentialsFromEnvironment('Lambda'),
    });
    const body = await bodyText(response);
    if (response.statusCode === 202) return true;
    if (response.statusCode === 404) return false;
    throw jsonServiceError('Lambda', response, body);
  };
}
