import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SesFront {
  /** What the platform sends its mail to, and reads its outbox from (`GET /store`). */
  endpoint: string;
  stop(): Promise<void>;
}

/** Headers that belong to one hop: fetch sets its own. */
const hopHeaders = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

const forwarded = (headers: IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers)
      .filter(([name, value]) => !hopHeaders.has(name) && typeof value === 'string')
      .map(([name, value]) => [name, value as string]),
  );

/**
 * The jest run shares one SES server (aws-ses-v2-local, started by test/support/run-once.ts) instead
 * of a thread loading it for every test platform. Each platform talks to it through a front of
 * its own: every request goes to the shared server as it came, the front keeps the ids of the
 * messages it sent, and its outbox (`GET /store`) lists those messages only, so a suite sees its
 * own mail and no other suite's, as with a server of its own. One front serves a platform and its
 * restarts (a restarted platform's outbox keeps the mail sent before).
 */
export async function startSesFront(sharedEndpoint: string): Promise<SesFront> {
  const sent = new Set<string>();
  // The shared outbox holds every suite's mail of the run, thousands of messages by its end: the
  // front asks only for those since it started (the server's `since`, in epoch seconds), then
  // keeps its own.
  const startedAt = String(Math.floor(Date.now() / 1000));
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const url = new URL(request.url ?? '/', sharedEndpoint);
        if (request.method === 'GET' && url.pathname === '/store' && !url.searchParams.has('since'))
          url.searchParams.set('since', startedAt);
        const upstream = await fetch(url, {
          method: request.method ?? 'GET',
          headers: forwarded(request.headers),
          ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
        });
        let body = Buffer.from(await upstream.arrayBuffer());
        if (request.method === 'GET' && url.pathname === '/store' && upstream.ok) {
          const store = JSON.parse(body.toString('utf8')) as { emails: { messageId: string }[] };
          body = Buffer.from(JSON.stringify({ ...store, emails: store.emails.filter((mail) => sent.has(mail.messageId)) }));
        } else if (request.method === 'POST' && upstream.ok) {
          // SES v2's answer is JSON ({"MessageId": …}), v1's is XML (<MessageId>…</MessageId>).
          const id = /"MessageId"\s*:\s*"([^"]+)"|<MessageId>([^<]+)<\/MessageId>/.exec(body.toString('utf8'));
          if (id) sent.add((id[1] ?? id[2])!);
        }
        response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        response.end(body);
      })().catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(`the shared SES server did not answer: ${String(error)}`);
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  // A suite that forgets to stop its platform must not keep its jest worker alive for the front.
  server.unref();
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
