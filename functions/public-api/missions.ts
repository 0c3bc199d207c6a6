import {
  parseInput,
  createMissionSchema,
  suggestionIndexSchema,
  wishSchema,
  wishService,
  orientationService,
  editMissionSchema,
  missionManagementService,
  shiftInputSchema,
  missionListQuerySchema,
  missionService,
  parseRecordId,
  signUpSchema,
  signUpService,
} from '@entraide/core';
import { bearerToken, ok, pathId, type Operations } from '../shared/http.js';
import { mailedLinkAction } from './mailed-link.js';
import { residentDeps, type PublicApiDeps } from './resident-deps.js';

/** Missions and their shifts, sign-ups, and the wishes staff orient. Loaded on the first of its requests (app.ts). */
export const missionOperations = (edgeDeps: PublicApiDeps) => {
  const deps = residentDeps(edgeDeps);
  const missions = missionService(deps);
  const wishes = wishService(deps);
  const orientations = orientationService(deps);
  const missionManagement = missionManagementService(deps);
  const signUps = signUpService(deps);
  return {
    createMission: async (request) =>
      ok(await missions.create(parseInput(createMissionSchema, request.body), { sourceIp: request.sourceIp }), 201),
    listMissions: async (request) => ok(await missions.list(parseInput(missionListQuerySchema, request.query, 'query'))),
    getMission: async (request) => ok(await missions.getPublic(pathId(request, 'Mission'))),
    verifyMission: mailedLinkAction('Mission', (id, token) => missions.verify(id, token)),
    getOwnMission: async (request) => ok(await missionManagement.own(pathId(request, 'Mission'), bearerToken(request))),
    editMission: async (request) => {
      const id = pathId(request, 'Mission');
      const token = bearerToken(request);
      return ok(await missionManagement.edit(id, token, parseInput(editMissionSchema, request.body)));
    },
    addMissionShift: async (request) => {
      const id = pathId(request, 'Mission');
      const token = bearerToken(request);
      return ok(await missionManagement.addShift(id, token, parseInput(shiftInputSchema, request.body)), 201);
    },
    cancelMissionShift: async (request) => {
      const id = pathId(request, 'Mission');
      const shiftId = parseRecordId(request.pathParameters.shiftId, 'Shift');
      return ok(await missionManagement.cancelShift(id, shiftId, bearerToken(request)));
    },
    closeMission: async (request) => ok(await missionManagement.close(pathId(request, 'Mission'), bearerToken(request))),
    createWish: async (request) => ok(await wishes.create(parseInput(wishSchema, request.body), { sourceIp: request.sourceIp }), 202),
    verifyWish: mailedLinkAction('Wish', (id, token) => wishes.verify(id, token)),
    withdrawWish: mailedLinkAction('Wish', (id, token) => wishes.withdraw(id, token)),
    followSuggestion: async (request) => {
      const id = pathId(request, 'Suggestion');
      const index = parseInput(suggestionIndexSchema, request.pathParameters.index, 'index');
      const location = await orientations.follow(id, index);
      return { statusCode: 302, raw: { contentType: 'text/plain; charset=utf-8', text: '', headers: { location } } };
    },
    signUpToShift: async (request) => {
      const id = pathId(request, 'Mission');
      const shiftId = parseRecordId(request.pathParameters.shiftId, 'Shift');
      return ok(await signUps.signUp(id, shiftId, parseInput(signUpSchema, request.body), { sourceIp: request.sourceIp }), 202);
    },
    getOwnSignUp: async (request) => {
      const id = pathId(request, 'Sign-up');
      return ok(await signUps.getOwn(id, bearerToken(request)));
    },
    confirmSignUp: mailedLinkAction('Sign-up', (id, token) => signUps.confirm(id, token)),
    withdrawSignUp: mailedLinkAction('Sign-up', (id, token) => signUps.withdraw(id, token)),
  } satisfies Partial<Operations<'public-api'>>;
};
