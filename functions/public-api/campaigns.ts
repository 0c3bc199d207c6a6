import { parseInput, tokenSchema, campaignService, declarationSchema, volunteerService, volunteerSignUpSchema } from '@entraide/core';
import { bearerToken, campaignPath, ok, type Operations } from '../shared/http.js';
import { residentDeps, type PublicApiDeps } from './resident-deps.js';

/** Campaigns: volunteers sign up, verify, and declare the items of their kit. Loaded on the first of its requests (app.ts). */
export const campaignOperations = (edgeDeps: PublicApiDeps) => {
  const deps = residentDeps(edgeDeps);
  const volunteers = volunteerService({ ...deps, store: deps.campaignStore });
  const kits = campaignService({ ...deps, store: deps.campaignStore });
  return {
    signUpVolunteer: async (request) => {
      const { campaignId } = campaignPath(request);
      return ok(await volunteers.signUp(campaignId, parseInput(volunteerSignUpSchema, request.body), { sourceIp: request.sourceIp }), 201);
    },
    verifyVolunteer: async (request) => {
      const { campaignId, volunteerId } = campaignPath(request);
      return ok(await volunteers.verify(campaignId, volunteerId, parseInput(tokenSchema, request.body).token));
    },
    getOwnVolunteer: async (request) => {
      const { campaignId, volunteerId } = campaignPath(request);
      return ok(await volunteers.own(campaignId, volunteerId, bearerToken(request)));
    },
    declareItems: async (request) => {
      const { campaignId, volunteerId } = campaignPath(request);
      const token = bearerToken(request);
      return ok((await kits.declare(campaignId, volunteerId, token, parseInput(declarationSchema, request.body))).figures, 201);
    },
  } satisfies Partial<Operations<'public-api'>>;
};
