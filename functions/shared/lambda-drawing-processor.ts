import type { DrawingProcessingResult, DrawingUploadProcessor } from '@entraide/core';
import { bodyText, credentialsFromEnvironment, endpointFromEnvironment, regionFromEnvironment, sendSigned } from '@entraide/aws-signed';

/**
 * The processing step as the public API reaches it in AWS: a synchronous Invoke of the tenant's
 * gallery-processing function (sharp is native and heavy, kept out of the public API's bundle),
 * signed by the one aws4 path every AWS call of the functions takes (decision 0020).
 */
export function lambdaDrawingProcessor(functionName: string): DrawingUploadProcessor {
  return {
    async process(request) {
      const region = regionFromEnvironment('Lambda');
      const endpoint = endpointFromEnvironment('LAMBDA', `https://lambda.${region}.amazonaws.com`);
      const url = new URL(`/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`, endpoint);
      const response = await sendSigned({
        service: 'lambda',
        region,
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
        credentials: credentialsFromEnvironment('Lambda'),
      });
      const text = await bodyText(response);
      const functionError = response.headers['x-amz-function-error'];
      if (response.statusCode !== 200 || functionError) {
        throw new Error(`gallery processing: HTTP ${response.statusCode} ${typeof functionError === 'string' ? functionError : ''}`.trim());
      }
      return JSON.parse(text) as DrawingProcessingResult;
    },
  };
}
