import { alertService, alertExpiryService, createAlertSchema, parseInput, tokenSchema } from '@entraide/core';
import { ok, pathId, type Operations } from '../shared/http.js';
import { mailedLinkAction } from './mailed-link.js';
import { residentDeps, type PublicApiDeps } from './resident-deps.js';

/** Alerts: subscribed, verified, renewed and ended by their mailed links. Loaded on the first of its requests (app.ts). */
export const alertOperations = (edgeDeps: PublicApiDeps) => {
  const deps = residentDeps(edgeDeps);
  const alerts = alertService(deps);
  const alertEnds = alertExpiryService(deps);
  return {
    createAlert: async (request) =>
      ok(await alerts.subscribe(parseInput(createAlertSchema, request.body), { sourceIp: request.sourceIp }), 201),
    verifyAlert: mailedLinkAction('Alert', (id, token) => alerts.verify(id, token)),
    renewAlert: mailedLinkAction('Alert', (id, token) => alertEnds.renew(id, token)),
    unsubscribeAlert: async (request) => {
      const id = pathId(request, 'Alert');
      // RFC 8058: a mail program's one-click POST has the token in the URL and `List-Unsubscribe=One-Click` as its form body.
      const oneClick = (request.body as Record<string, unknown> | undefined)?.['List-Unsubscribe'] === 'One-Click';
      return ok(await alerts.unsubscribe(id, parseInput(tokenSchema, oneClick ? { token: request.query.token } : request.body).token));
    },
  } satisfies Partial<Operations<'public-api'>>;
};
