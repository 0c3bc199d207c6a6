import {
  alertService,
  alertExpiryService,
  sectionDatesService,
  type SectionDatesStore,
  closePostSchema,
  createAlertSchema,
  createPostSchema,
  expiryReminderService,
  editPostSchema,
  matchesQuerySchema,
  nearbyService,
  postListQuery,
  parseInput,
  stillNeededSchema,
  postReportService,
  postService,
  reportPostSchema,
  tokenSchema,
  contactSchema,
  followUpAnswerSchema,
  reportMessageSchema,
  relayService,
  type RelayDeps,
  type NearbyServiceDeps,
  type PostServiceDeps,
  type AlertServiceDeps,
  publishingToAlerts,
  erasingConversations,
  campaignService,
  declarationSchema,
  volunteerService,
  volunteerSignUpSchema,
  type CampaignStore,
  createMissionSchema,
  suggestionIndexSchema,
  wishSchema,
  wishService,
  orientationService,
  type WishStore,
  editMissionSchema,
  missionManagementService,
  shiftInputSchema,
  missionListQuerySchema,
  missionService,
  parseRecordId,
  signUpSchema,
  signUpService,
  type MissionServiceDeps,
  createListingSchema,
  editListingSchema,
  listingQuerySchema,
  listingService,
  openDataFile,
  openDataLicence,
  type ListingServiceDeps,
  createDrawingSchema,
  drawingListQuerySchema,
  drawingService,
  type DrawingServiceDeps,
  healthWorkersContactPolicy,
  housingQuerySchema,
  housingSearchService,
  recognitionRequestSchema,
  recognitionService,
  type RecognitionStore,
} from '@entraide/core';
import { bearerToken, campaignPath, httpHandler, ok, pathId, type ApiRequest, type ApiResult, type Operations } from '../shared/http.js';
import type { OperationName } from '../routes.js';
import type { Logger } from '../shared/logger.js';

export type PublicApiDeps = Omit<PostServiceDeps, 'publication'> &
  AlertServiceDeps &
  NearbyServiceDeps &
  RelayDeps &
  MissionServiceDeps &
  ListingServiceDeps &
  DrawingServiceDeps & {
    wishStore: WishStore;
    recognitionStore: RecognitionStore;
    logger: Logger;
    campaignStore: CampaignStore;
    /** The sections' dates set from the staff space, read before each request (without it: the tenant file's). */
    sectionDates?: SectionDatesStore;
    /** CloudFront's origin secret; `ORIGIN_SECRET` when omitted (functions/shared/http.ts). */
    originSecret?: string | null;
  };

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

const refreshingSections =
  (sections: { refresh: () => Promise<void> }) =>
  async (operation: string): Promise<void> => {
    if (!sectionFreeOperations.has(operation)) await sections.refresh();
  };

/** The residents' API of one tenant: the operations behind the public routes of the route table. */
export function publicApiHandler(edgeDeps: PublicApiDeps) {
  // A post becomes public: its alerts hear of it; a post is deleted: its conversations go with it.
  const deps = erasingConversations(publishingToAlerts(edgeDeps));
  const posts = postService(deps);
  const reminders = expiryReminderService(deps);
  // Offers of a section for health workers answer recognised health workers only.
  const relay = relayService({ ...deps, contactPolicy: healthWorkersContactPolicy(deps) });
  const housing = housingSearchService(deps);
  const recognitions = recognitionService(deps);
  const reports = postReportService(deps);
  const nearby = nearbyService(deps);
  const alerts = alertService(deps);
  const alertEnds = alertExpiryService(deps);
  const volunteers = volunteerService({ ...deps, store: deps.campaignStore });
  const kits = campaignService({ ...deps, store: deps.campaignStore });
  const missions = missionService(deps);
  const wishes = wishService(deps);
  const orientations = orientationService(deps);
  const missionManagement = missionManagementService(deps);
  const signUps = signUpService(deps);
  const listings = listingService(deps);
  const drawings = drawingService(deps);
  /**
   * The directory as open data: the whole file, or 304 when the portal's `If-None-Match` names
   * its validator (the file is rebuilt to know it: one read of the public list, no write).
   */
  const openData = async (request: ApiRequest, format: 'csv' | 'json'): Promise<ApiResult> => {
    const file = openDataFile(deps.tenant, await listings.everyPublicListing(), format);
    const headers = {
      etag: file.etag,
      'last-modified': file.lastModified.toUTCString(),
      // Cached, but asked again each time: a poll with the validator costs a 304.
      'cache-control': 'no-cache',
      link: `<${openDataLicence.url}>; rel="license"`,
    };
    const known = (request.headers['if-none-match'] ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    if (known.includes(file.etag) || known.includes('*'))
      return { statusCode: 304, raw: { contentType: file.contentType, text: '', headers } };
    return {
      statusCode: 200,
      raw: {
        contentType: file.contentType,
        text: file.body,
        headers: { ...headers, 'content-disposition': `inline; filename="${deps.tenant.id}-listings.${format}"` },
      },
    };
  };
  /** A search page as docs/api.md shows it (Search pages); what it cost goes to the log. */
  const searchPage = ({ items, nextCursor, stats }: Awaited<ReturnType<typeof nearby.search>>) => {
    deps.logger.debug('nearby search', { stats });
    return ok({ items, nextCursor });
  };
  const operations: Operations<'public-api'> = {
    getConfig: async () => ok(posts.publicConfig()),
    listPosts: async (request) => {
      const query = postListQuery(request.query);
      return query.nearby ? searchPage(await nearby.search(query.nearby)) : ok(await posts.listPublic(query.newest));
    },
    listMatches: async (request) => {
      const id = pathId(request);
      return searchPage(await nearby.matches(id, parseInput(matchesQuerySchema, request.query, 'query')));
    },
    createPost: async (request) => ok(await posts.create(parseInput(createPostSchema, request.body), { sourceIp: request.sourceIp }), 201),
    getPost: async (request) => ok(await posts.getPublic(pathId(request))),
    verifyPost: async (request) => {
      const id = pathId(request);
      return ok(await posts.verify(id, parseInput(tokenSchema, request.body).token));
    },
    getOwnPost: async (request) => {
      const id = pathId(request);
      return ok(await posts.getOwn(id, bearerToken(request)));
    },
    editPost: async (request) => {
      const id = pathId(request);
      const token = bearerToken(request);
      return ok(await posts.edit(id, token, parseInput(editPostSchema, request.body)));
    },
    closePost: async (request) => {
      const id = pathId(request);
      const token = bearerToken(request);
      return ok(await posts.close(id, token, parseInput(closePostSchema, request.body).reason));
    },
    reopenPost: async (request) => {
      const id = pathId(request);
      return ok(await posts.reopen(id, bearerToken(request)));
    },
    answerStillNeeded: async (request) => {
      const id = pathId(request);
      return ok(await reminders.answer(id, parseInput(stillNeededSchema, request.body)));
    },
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
    createAlert: async (request) =>
      ok(await alerts.subscribe(parseInput(createAlertSchema, request.body), { sourceIp: request.sourceIp }), 201),
    verifyAlert: async (request) => {
      const id = pathId(request, 'Alert');
      return ok(await alerts.verify(id, parseInput(tokenSchema, request.body).token));
    },
    renewAlert: async (request) => {
      const id = pathId(request, 'Alert');
      return ok(await alertEnds.renew(id, parseInput(tokenSchema, request.body).token));
    },
    unsubscribeAlert: async (request) => {
      const id = pathId(request, 'Alert');
      // RFC 8058: a mail program's one-click POST has the token in the URL and `List-Unsubscribe=One-Click` as its form body.
      const oneClick = (request.body as Record<string, unknown> | undefined)?.['List-Unsubscribe'] === 'One-Click';
      return ok(await alerts.unsubscribe(id, parseInput(tokenSchema, oneClick ? { token: request.query.token } : request.body).token));
    },
    deletePost: async (request) => {
      const id = pathId(request);
      await posts.remove(id, bearerToken(request));
      return { statusCode: 204 };
    },
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
    createMission: async (request) =>
      ok(await missions.create(parseInput(createMissionSchema, request.body), { sourceIp: request.sourceIp }), 201),
    listMissions: async (request) => ok(await missions.list(parseInput(missionListQuerySchema, request.query, 'query'))),
    getMission: async (request) => ok(await missions.getPublic(pathId(request, 'Mission'))),
    verifyMission: async (request) => {
      const id = pathId(request, 'Mission');
      return ok(await missions.verify(id, parseInput(tokenSchema, request.body).token));
    },
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
    verifyWish: async (request) => {
      const id = pathId(request, 'Wish');
      return ok(await wishes.verify(id, parseInput(tokenSchema, request.body).token));
    },
    withdrawWish: async (request) => {
      const id = pathId(request, 'Wish');
      return ok(await wishes.withdraw(id, parseInput(tokenSchema, request.body).token));
    },
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
    confirmSignUp: async (request) => {
      const id = pathId(request, 'Sign-up');
      return ok(await signUps.confirm(id, parseInput(tokenSchema, request.body).token));
    },
    withdrawSignUp: async (request) => {
      const id = pathId(request, 'Sign-up');
      return ok(await signUps.withdraw(id, parseInput(tokenSchema, request.body).token));
    },
    createListing: async (request) =>
      ok(await listings.create(parseInput(createListingSchema, request.body), { sourceIp: request.sourceIp }), 201),
    listListings: async (request) => {
      const { stats, ...page } = await listings.list(parseInput(listingQuerySchema, request.query, 'query'));
      if (stats) deps.logger.debug('listing zone search', { stats });
      return ok(page);
    },
    getListing: async (request) => ok(await listings.getPublic(pathId(request, 'Listing'))),
    verifyListing: async (request) => {
      const id = pathId(request, 'Listing');
      return ok(await listings.verify(id, parseInput(tokenSchema, request.body).token));
    },
    getOwnListing: async (request) => {
      const id = pathId(request, 'Listing');
      return ok(await listings.getOwn(id, bearerToken(request)));
    },
    editListing: async (request) => {
      const id = pathId(request, 'Listing');
      const token = bearerToken(request);
      return ok(await listings.edit(id, token, parseInput(editListingSchema, request.body)));
    },
    closeListing: async (request) => {
      const id = pathId(request, 'Listing');
      return ok(await listings.close(id, bearerToken(request)));
    },
    deleteListing: async (request) => {
      const id = pathId(request, 'Listing');
      await listings.remove(id, bearerToken(request));
      return { statusCode: 204 };
    },
    createDrawing: async (request) =>
      ok(await drawings.create(parseInput(createDrawingSchema, request.body), { sourceIp: request.sourceIp }), 201),
    listDrawings: async (request) => ok(await drawings.list(parseInput(drawingListQuerySchema, request.query, 'query'))),
    getDrawing: async (request) => ok(await drawings.getPublic(pathId(request, 'Drawing'))),
    verifyDrawing: async (request) => {
      const id = pathId(request, 'Drawing');
      return ok(await drawings.verify(id, parseInput(tokenSchema, request.body).token));
    },
    getOwnDrawing: async (request) => {
      const id = pathId(request, 'Drawing');
      return ok(await drawings.getOwn(id, bearerToken(request)));
    },
    deleteDrawing: async (request) => {
      const id = pathId(request, 'Drawing');
      await drawings.remove(id, bearerToken(request));
      return { statusCode: 204 };
    },
    getOpenDataCsv: (request) => openData(request, 'csv'),
    getOpenDataJson: (request) => openData(request, 'json'),
    searchHousing: async (request) => ok(await housing.search(parseInput(housingQuerySchema, request.query, 'query'))),
    requestRecognition: async (request) =>
      ok(await recognitions.request(parseInput(recognitionRequestSchema, request.body), { sourceIp: request.sourceIp }), 202),
    verifyRecognition: async (request) => {
      const id = pathId(request, 'Recognition');
      return ok(await recognitions.verify(id, parseInput(tokenSchema, request.body).token));
    },
    reportPost: async (request) => {
      const id = pathId(request);
      return ok(await reports.report(id, parseInput(reportPostSchema, request.body).reason, { sourceIp: request.sourceIp }), 202);
    },
  };
  return httpHandler({
    group: 'public-api',
    tenantId: deps.tenant.id,
    operations,
    logger: deps.logger,
    ...(edgeDeps.originSecret === undefined ? {} : { originSecret: edgeDeps.originSecret }),
    ...(edgeDeps.sectionDates
      ? { beforeEachRequest: refreshingSections(sectionDatesService({ ...deps, sectionDates: edgeDeps.sectionDates })) }
      : {}),
  });
}
