import type { SectionDatesStore } from '@entraide/core';
import { httpHandler } from '../shared/http.js';
import { operationsOnFirstUse } from '../shared/operations-on-first-use.js';
import type { OperationName } from '../routes.js';
import type { PublicApiDeps } from './resident-deps.js';

export type { PublicApiDeps } from './resident-deps.js';

/**
 * Operations that never judge by a section's dates (one record read by its id, a link's answer, a
 * report, a deletion): they do not read the sections' dates first, so a path id refused for what it
 * is never reaches the table. Every other operation reads them (docs/api.md, `POST /staff/sections/{id}`).
 */
const sectionFreeOperations: ReadonlySet<string> = new Set<OperationName<'public-api'>>([
  'getPost',
  'getOwnPost',
  'listMatches',
  'closePost',
  'deletePost',
  'contactAuthor',
  'answerFollowUp',
  'reportMessage',
  'reportPost',
  'createAlert',
  'verifyAlert',
  'unsubscribeAlert',
  'renewAlert',
  'getOwnVolunteer',
  'getMission',
  'getOwnMission',
  'closeMission',
  'getOwnSignUp',
  'verifyWish',
  'withdrawWish',
  'followSuggestion',
  'withdrawSignUp',
  'getListing',
  'getOwnListing',
  'closeListing',
  'deleteListing',
  'getDrawing',
  'getOwnDrawing',
  'deleteDrawing',
]);

/** The sections' dates, refreshed before each request that judges by them; their code loaded with the first. */
function refreshingSections(edgeDeps: PublicApiDeps, store: SectionDatesStore) {
  let sections: Promise<{ refresh: () => Promise<void> }> | undefined;
  return async (operation: string): Promise<void> => {
    if (sectionFreeOperations.has(operation)) return;
    sections ??= import('./resident-deps.js').then((module) => module.sectionDates(edgeDeps, store));
    await (await sections).refresh();
  };
}

/**
 * Each module of operations, loaded on the first of its requests: the import reads none of them,
 * and a request reads only its own (docs/performance.md, cold starts).
 */
const posts = async () => (await import('./posts.js')).postOperations;
const alerts = async () => (await import('./alerts.js')).alertOperations;
const relay = async () => (await import('./relay.js')).relayOperations;
const campaigns = async () => (await import('./campaigns.js')).campaignOperations;
const missions = async () => (await import('./missions.js')).missionOperations;
const directory = async () => (await import('./directory.js')).directoryOperations;
const gallery = async () => (await import('./gallery.js')).galleryOperations;
const healthWorkers = async () => (await import('./health-workers.js')).healthWorkerOperations;

/** The residents' API of one tenant: the operations behind the public routes of the route table. */
export function publicApiHandler(edgeDeps: PublicApiDeps) {
  return httpHandler({
    group: 'public-api',
    tenantId: edgeDeps.tenant.id,
    operations: operationsOnFirstUse<'public-api', PublicApiDeps>(edgeDeps, {
      getConfig: posts,
      listPosts: posts,
      listMatches: posts,
      createPost: posts,
      getPost: posts,
      verifyPost: posts,
      getOwnPost: posts,
      editPost: posts,
      closePost: posts,
      reopenPost: posts,
      answerStillNeeded: posts,
      signUpVolunteer: campaigns,
      verifyVolunteer: campaigns,
      getOwnVolunteer: campaigns,
      declareItems: campaigns,
      createAlert: alerts,
      verifyAlert: alerts,
      renewAlert: alerts,
      unsubscribeAlert: alerts,
      deletePost: posts,
      contactAuthor: relay,
      answerFollowUp: relay,
      reportMessage: relay,
      createMission: missions,
      listMissions: missions,
      getMission: missions,
      verifyMission: missions,
      getOwnMission: missions,
      editMission: missions,
      addMissionShift: missions,
      cancelMissionShift: missions,
      closeMission: missions,
      createWish: missions,
      verifyWish: missions,
      withdrawWish: missions,
      followSuggestion: missions,
      signUpToShift: missions,
      getOwnSignUp: missions,
      confirmSignUp: missions,
      withdrawSignUp: missions,
      createListing: directory,
      listListings: directory,
      getListing: directory,
      verifyListing: directory,
      getOwnListing: directory,
      editListing: directory,
      closeListing: directory,
      deleteListing: directory,
      createDrawing: gallery,
      listDrawings: gallery,
      getDrawing: gallery,
      verifyDrawing: gallery,
      getOwnDrawing: gallery,
      deleteDrawing: gallery,
      getOpenDataCsv: directory,
      getOpenDataJson: directory,
      searchHousing: healthWorkers,
      requestRecognition: healthWorkers,
      verifyRecognition: healthWorkers,
      eraseRecognition: healthWorkers,
      reportPost: posts,
    }),
    logger: edgeDeps.logger,
    ...(edgeDeps.originSecret === undefined ? {} : { originSecret: edgeDeps.originSecret }),
    ...(edgeDeps.sectionDates ? { beforeEachRequest: refreshingSections(edgeDeps, edgeDeps.sectionDates) } : {}),
  });
}
