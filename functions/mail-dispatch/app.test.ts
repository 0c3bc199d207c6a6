import { createLogger } from '../shared/logger.js';
import type { SESEvent, SNSEvent } from 'aws-lambda';
import { mailDispatcher, tenantOfRecipient } from './app.js';

const relayDomain = 'relay.entraide.example';

/** The platform's inbound bucket and the account's functions, as the dispatcher sees them. */
function platform(functions: string[]) {
  const objects = new Map<string, string>([['inbound/m1', 'raw mail']]);
  const invoked: { name: string; payload: any }[] = [];
  const dispatch = mailDispatcher({
    relayDomain,
    copy: async (from, to) => void objects.set(to, objects.get(from)!),
    remove: async (key) => void objects.delete(key),
    invoke: async (name, payload) => {
      if (!functions.includes(name)) return false;
      invoked.push({ name, payload });
      return true;
    },
    logger: createLogger('mail-dispatch', 'SILENT'),
  });
  return { objects, invoked, dispatch };
}

const received = (recipients: string[]): SESEvent =>
  ({
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: { messageId: 'm1', destination: recipients },
          receipt: { recipients, spamVerdict: { status: 'PASS' }, dmarcVerdict: { status: 'PASS' } },
        },
      },
    ],
  }) as unknown as SESEvent;

test('a reply to one tenant’s alias goes to that tenant’s inbound function, from its own copy, and the received mail is removed', async () => {
  const { objects, invoked, dispatch } = platform(['entraide-paris-inbound-mail', 'entraide-namur-inbound-mail']);
  await dispatch(received(['k7x2@paris.relay.entraide.example']));
  expect(invoked.map((call) => call.name)).toEqual(['entraide-paris-inbound-mail']);
  expect(invoked[0]?.payload.Records[0].ses.receipt).toEqual(
    expect.objectContaining({ recipients: ['k7x2@paris.relay.entraide.example'], dmarcVerdict: { status: 'PASS' } }),
  );
  expect([...objects.keys()]).toEqual(['tenants/paris/m1']);
});

test('one mail to aliases of two tenants: each gets its own copy and only its own recipients', async () => {
  const { objects, invoked, dispatch } = platform(['entraide-paris-inbound-mail', 'entraide-namur-inbound-mail']);
  await dispatch(received(['a1@paris.relay.entraide.example', 'B2@NAMUR.relay.entraide.example', 'a3@paris.relay.entraide.example']));
  expect(invoked.map((call) => [call.name, call.payload.Records[0].ses.receipt.recipients])).toEqual([
    ['entraide-paris-inbound-mail', ['a1@paris.relay.entraide.example', 'a3@paris.relay.entraide.example']],
    ['entraide-namur-inbound-mail', ['B2@NAMUR.relay.entraide.example']],
  ]);
  expect([...objects.keys()].sort()).toEqual(['tenants/namur/m1', 'tenants/paris/m1']);
});

test('mail to no tenant (an unknown one, another domain, a crafted subdomain) invokes nothing and leaves nothing behind', async () => {
  const { objects, invoked, dispatch } = platform(['entraide-paris-inbound-mail']);
  await dispatch(
    received(['x@lyon.relay.entraide.example', 'x@paris.example.org', 'x@a.b.relay.entraide.example', 'x@-.relay.entraide.example']),
  );
  expect(invoked).toEqual([]);
  expect([...objects.keys()]).toEqual([]);
  expect(tenantOfRecipient('x@a.b.relay.entraide.example', relayDomain)).toBeUndefined();
  expect(tenantOfRecipient('x@relay.entraide.example', relayDomain)).toBeUndefined();
});

const bounce = (tenant: string | undefined): SNSEvent =>
  ({
    Records: [
      {
        EventSource: 'aws:sns',
        Sns: {
          Message: JSON.stringify({
            eventType: 'Bounce',
            mail: { tags: tenant ? { tenant: [tenant] } : {} },
            bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'gone@example.org' }] },
          }),
        },
      },
    ],
  }) as unknown as SNSEvent;

test('a bounce goes to the mail-events function of the tenant its mail was tagged with, and only there', async () => {
  const { invoked, dispatch } = platform(['entraide-paris-mail-events', 'entraide-namur-mail-events']);
  await dispatch(bounce('namur'));
  expect(invoked.map((call) => call.name)).toEqual(['entraide-namur-mail-events']);
  expect(JSON.parse(invoked[0]?.payload.Records[0].Sns.Message).bounce.bouncedRecipients).toEqual([{ emailAddress: 'gone@example.org' }]);
  await dispatch(bounce(undefined));
  await dispatch(bounce('../../x'));
  expect(invoked).toHaveLength(1);
});
