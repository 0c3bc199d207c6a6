import {
  parseInput,
  tokenSchema,
  housingQuerySchema,
  housingSearchService,
  recognitionRequestSchema,
  recognitionService,
} from '@entraide/core';
import { ok, pathId, type Operations } from '../shared/http.js';
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
    verifyRecognition: async (request) => {
      const id = pathId(request, 'Recognition');
      return ok(await recognitions.verify(id, parseInput(tokenSchema, request.body).token));
    },
    // The same link erases it (the conversations with offers for health workers closed).
    eraseRecognition: async (request) => {
      const id = pathId(request, 'Recognition');
      return ok(await recognitions.erase(id, parseInput(tokenSchema, request.body).token));
    },
  } satisfies Partial<Operations<'public-api'>>;
};
