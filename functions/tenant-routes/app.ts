import * as z from 'zod';

/**
 * The tenant routes: each tenant stack's custom resource puts `<tenant id>` → its HTTP API's domain
 * in the site's CloudFront KeyValueStore on create and update, and deletes it on delete, through this
 * one provider function of the site stack. The routing function reads the key at every API request,
 * so the function's code and the site stack stay the same whatever the number of tenants.
 */

/** One request to the KeyValueStore's data plane (REST JSON), as `send` signs and sends it. */
export interface KvsRequest {
  method: 'GET' | 'PUT' | 'DELETE';
  /** Under `/key-value-stores/<arn>`: '' (describe) or `/keys/<key>`. */
  path: string;
  ifMatch?: string;
  body?: string;
}

interface KvsResponse {
  status: number;
  etag: string | undefined;
  body: string;
}

export type KvsSend = (request: KvsRequest) => Promise<KvsResponse>;

/** CloudFormation's custom resource request, as much as the provider reads of it. */
const customResourceEvent = z.object({
  RequestType: z.enum(['Create', 'Update', 'Delete']),
  ResponseURL: z.url(),
  StackId: z.string(),
  RequestId: z.string(),
  LogicalResourceId: z.string(),
  PhysicalResourceId: z.string().optional(),
  ResourceProperties: z.record(z.string(), z.unknown()),
});
type CustomResourceEvent = z.infer<typeof customResourceEvent>;

/** What a tenant stack may write: its id (the tenant file's shape) and an execute-api domain, nothing else. */
const tenantRouteProperties = z.object({
  TenantId: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/, 'a tenant id'),
  ApiDomain: z.string().regex(/^[a-z0-9]{1,20}\.execute-api\.[a-z0-9-]{1,30}\.amazonaws\.com(\.cn)?$/, 'an execute-api domain'),
});

/** Two tenant stacks deployed at once both read the same ETag: the later write is refused (409) and tried again. */
const maxAttempts = 8;

class KvsError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Puts or deletes one key, each write conditional on the store's current ETag, retried on a conflict. */
export function tenantRoutes(send: KvsSend, pause: (attempt: number) => Promise<void> = defaultPause) {
  const write = async (request: (etag: string) => KvsRequest, accept: (status: number) => boolean): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const described = await send({ method: 'GET', path: '' });
      if (described.status !== 200 || !described.etag)
        throw new KvsError(described.status, `describe: ${described.status} ${described.body}`);
      const response = await send(request(described.etag));
      if (accept(response.status)) return;
      // 409: another tenant's write changed the ETag since it was read; 412 likewise.
      if ((response.status === 409 || response.status === 412) && attempt < maxAttempts) {
        await pause(attempt);
        continue;
      }
      throw new KvsError(response.status, `${response.status} ${response.body}`);
    }
  };
  const keyPath = (key: string) => `/keys/${encodeURIComponent(key)}`;
  return {
    put: (key: string, value: string) =>
      write(
        (etag) => ({ method: 'PUT', path: keyPath(key), ifMatch: etag, body: JSON.stringify({ Value: value }) }),
        (status) => status === 200,
      ),
    // Deleting a key that is not there (never written, or already removed) is done.
    delete: (key: string) =>
      write(
        (etag) => ({ method: 'DELETE', path: keyPath(key), ifMatch: etag }),
        (status) => status === 200 || status === 404,
      ),
  };
}

const defaultPause = (attempt: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** attempt));

export interface CustomResourceOutcome {
  Status: 'SUCCESS' | 'FAILED';
  PhysicalResourceId: string;
  Reason?: string;
}

/**
 * The custom resource's handler: always answers CloudFormation (a provider that throws leaves the
 * stack waiting an hour), with the tenant id as the physical id, so a changed id deletes the old key.
 */
export function tenantRouteProvider(deps: {
  routes: ReturnType<typeof tenantRoutes>;
  respond: (url: string, body: string) => Promise<void>;
}) {
  return async (rawEvent: unknown): Promise<CustomResourceOutcome> => {
    const event = customResourceEvent.parse(rawEvent);
    const outcome = await apply(deps.routes, event);
    await deps.respond(
      event.ResponseURL,
      JSON.stringify({
        ...outcome,
        StackId: event.StackId,
        RequestId: event.RequestId,
        LogicalResourceId: event.LogicalResourceId,
      }),
    );
    return outcome;
  };
}

async function apply(routes: ReturnType<typeof tenantRoutes>, event: CustomResourceEvent): Promise<CustomResourceOutcome> {
  const properties = tenantRouteProperties.safeParse(event.ResourceProperties);
  const previousId = event.PhysicalResourceId;
  if (event.RequestType === 'Delete') {
    // A resource whose create failed has no key to delete (its physical id is the request's).
    if (!previousId || !tenantRouteProperties.shape.TenantId.safeParse(previousId).success) {
      return { Status: 'SUCCESS', PhysicalResourceId: previousId ?? event.RequestId };
    }
    try {
      await routes.delete(previousId);
      return { Status: 'SUCCESS', PhysicalResourceId: previousId };
    } catch (error) {
      return { Status: 'FAILED', PhysicalResourceId: previousId, Reason: (error as Error).message };
    }
  }
  const physicalOnFailure = previousId ?? event.RequestId;
  if (!properties.success) {
    const fields = properties.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    return { Status: 'FAILED', PhysicalResourceId: physicalOnFailure, Reason: `bad properties: ${fields}` };
  }
  try {
    await routes.put(properties.data.TenantId, properties.data.ApiDomain);
    return { Status: 'SUCCESS', PhysicalResourceId: properties.data.TenantId };
  } catch (error) {
    return { Status: 'FAILED', PhysicalResourceId: physicalOnFailure, Reason: (error as Error).message };
  }
}
