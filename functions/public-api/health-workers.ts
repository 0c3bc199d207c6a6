import { parseInput, housingQuerySchema, housingSearchService, recognitionRequestSchema, recognitionService } from '@entraide/core';
import { ok, type Operations } from '../shared/http.js';
import { mailedLinkAction } from './mailed-link.js';
import { residentDeps, type PublicApiDeps } from './resident-deps.js';

/** Health workers: the housing search, and recognition asked from outside the hospitals’ domains. Loaded on the first of its requests (app.ts). */
export const healthWorkerOperations = (edgeDeps: PublicApiDeps) => {
  const deps = residentDeps(edgeDeps);
  const housing = housingSearchService(deps);
  const recognitions = recognitionService(deps);
  return {
    searchHousing: async (request) => ok(await housing.search(parseInput(housingQuerySchema, request.query, 'query'))),
    requestRecognition: async (request) =>
      ok(await recognitions.request(parseInput(recognitionRequestSchema, request.body), { sourceIp: request.sourceIp }), 202),
    verifyRecognition: mailedLinkAction('Recognition', (id, token) => recognitions.verify(id, token)),
    // The same link erases it (the conversations with offers for health workers closed).
    eraseRecognition: mailedLinkAction('Recognition', (id, token) => recognitions.erase(id, token)),
  } satisfies Partial<Operations<'public-api'>>;
};
