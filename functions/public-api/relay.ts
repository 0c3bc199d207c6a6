import {
  parseInput,
  contactSchema,
  followUpAnswerSchema,
  reportMessageSchema,
  relayService,
  healthWorkersContactPolicy,
} from '@entraide/core';
import { ok, pathId, type Operations } from '../shared/http.js';
import { residentDeps, type PublicApiDeps } from './resident-deps.js';

/** The contact relay: a resident writes to an author, the follow-up’s answer, a reported message. Loaded on the first of its requests (app.ts). */
export const relayOperations = (edgeDeps: PublicApiDeps) => {
  const deps = residentDeps(edgeDeps);
  // Offers of a section for health workers answer recognised health workers only.
  const relay = relayService({ ...deps, contactPolicy: healthWorkersContactPolicy(deps) });
  return {
    contactAuthor: async (request) => {
      const id = pathId(request);
      return ok(await relay.contact(id, parseInput(contactSchema, request.body), { sourceIp: request.sourceIp }), 202);
    },
    answerFollowUp: async (request) => {
      const id = pathId(request);
      const { token, answer } = parseInput(followUpAnswerSchema, request.body);
      return ok(await relay.answerFollowUp(id, token, answer));
    },
    reportMessage: async (request) => {
      const id = pathId(request);
      return ok(
        await relay.reportConversation(id, parseInput(reportMessageSchema, request.body).alias, { sourceIp: request.sourceIp }),
        202,
      );
    },
  } satisfies Partial<Operations<'public-api'>>;
};
