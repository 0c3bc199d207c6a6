import {
  conversationReviewService,
  conversationId,
  relayService,
  staffMessageSchema,
  staffWarnSchema,
  parseConversationId,
  reportedConversationsQuerySchema,
  staffPostSearchService,
  staffPostsQuerySchema,
  hidePostSchema,
  moderationService,
  moderationQueueQuerySchema,
  parseInput,
  postExportQuerySchema,
  campaignExportQuerySchema,
  rejectPostSchema,
  staffAccessService,
  staffCreatePostSchema,
  staffCloseSchema,
  staffFollowUpSchema,
  staffPostOutcomeService,
  staffEditSchema,
  staffLoginSchema,
  staffPeriodQuerySchema,
  staffReportService,
  staffSessionSchema,
  staffTeamService,
  teamChangeSchema,
  sectionDatesService,
  sectionDatesSchema,
  type PostServiceDeps,
  type AlertServiceDeps,
  publishingToAlerts,
  type SessionSigner,
  campaignService,
  handOutSchema,
  returnSchema,
  stockDeliverySchema,
  volunteerService,
  missionModerationService,
  orientationService,
  orientationSchema,
  staffWishesQuerySchema,
  staffMissionsQuerySchema,
  listingModerationQuerySchema,
  listingModerationService,
  drawingModerationService,
  recognitionListQuerySchema,
  recognitionRefusalSchema,
  recognitionService,
  equipmentTotals,
} from '@entraide/core';
import { campaignPath, httpHandler, ok, pathId, type ApiRequest, type ApiResult, type Operation, type Operations } from '../shared/http.js';
import { joseSessionSigner } from './session-signer.js';
import type { Adapters } from '../shared/adapters.js';
import type { Logger } from '../shared/logger.js';

/** What the staff's services work on: the adapters' stores, as `buildAdapters` declares them. */
type StaffStores = Pick<
  Adapters,
  | 'staffPosts'
  | 'staffAccess'
  | 'stats'
  | 'relayStore'
  | 'relayDomain'
  | 'campaignStore'
  | 'missionStore'
  | 'wishStore'
  | 'recognitionStore'
  | 'listingStore'
  | 'drawingStore'
  | 'galleryObjects'
>;

export type StaffApiDeps = Omit<PostServiceDeps, 'publication'> &
  AlertServiceDeps &
  StaffStores & {
    logger: Logger;
    /** A signer built by the caller (tests); by default jose with the tenant's secret. */
    signer?: SessionSigner;
    sleep?: (ms: number) => Promise<void>;
  };

/** The staff routes anyone may call: they open a session rather than need one. */
export const sessionlessStaffOperations = ['requestStaffLogin', 'openStaffSession'] as const;

/** The staff API of one tenant: sign in, moderate, post for a resident, figures and the export. */
export function staffApiHandler(deps: StaffApiDeps) {
  const { tenant } = deps;
  const signer = deps.signer ?? joseSessionSigner({ tenantId: tenant.id, staffAccess: deps.staffAccess, random: deps.random });
  const access = staffAccessService({ ...deps, signer, staffAccess: deps.staffAccess });
  const decisions = moderationService(publishingToAlerts(deps));
  const reports = staffReportService(deps);
  const search = staffPostSearchService(deps);
  const conversations = conversationReviewService(deps);
  const relay = relayService(deps);
  const kits = campaignService({ ...deps, store: deps.campaignStore });
  const volunteers = volunteerService({ ...deps, store: deps.campaignStore });
  const missionDecisions = missionModerationService(deps);
  const orientations = orientationService(deps);
  const team = staffTeamService(deps);
  const sections = sectionDatesService({ ...deps, sectionDates: deps.staffAccess });
  const listingDecisions = listingModerationService(deps);
  const drawingDecisions = drawingModerationService(deps);
  const outcomes = staffPostOutcomeService(deps);
  const recognitions = recognitionService(deps);
  const session = (request: ApiRequest) => access.authenticate(request.headers.authorization);
  type Session = Awaited<ReturnType<typeof session>>;
  /** A moderated entry's queue, approval and refusal with a reason: the directory's listings and the gallery's drawings alike. */
  const moderationRoutes = (
    what: 'Listing' | 'Drawing',
    decide: {
      queue(current: Session, query: Parameters<typeof listingDecisions.queue>[1]): Promise<unknown>;
      approve(current: Session, id: string): Promise<unknown>;
      reject(current: Session, id: string, reason: string): Promise<unknown>;
    },
  ) =>
    ({
      queue: async (request) =>
        ok(await decide.queue(await session(request), parseInput(listingModerationQuerySchema, request.query, 'query'))),
      approve: async (request) => {
        const current = await session(request);
        return ok(await decide.approve(current, pathId(request, what)));
      },
      reject: async (request) => {
        const current = await session(request);
        const id = pathId(request, what);
        return ok(await decide.reject(current, id, parseInput(rejectPostSchema, request.body).reason));
      },
    }) satisfies Record<string, Operation>;
  const listingRoutes = moderationRoutes('Listing', listingDecisions);
  const drawingRoutes = moderationRoutes('Drawing', drawingDecisions);

  const operations: Operations<'staff-api'> = {
    requestStaffLogin: async (request) => {
      await access.requestLogin(parseInput(staffLoginSchema, request.body).email, { sourceIp: request.sourceIp });
      return ok({ status: 'sent_if_staff' }, 202);
    },
    openStaffSession: async (request) => ok(await access.openSession(parseInput(staffSessionSchema, request.body).token)),
    listRecognitions: async (request) => {
      await session(request);
      return ok(await recognitions.list(parseInput(recognitionListQuerySchema, request.query, 'query')));
    },
    getEquipmentTotals: async (request) => {
      await session(request);
      return ok(await equipmentTotals(deps));
    },
    approveRecognition: async (request) => {
      const current = await session(request);
      return ok(await recognitions.decide(current.email, pathId(request, 'Recognition'), { approve: true }));
    },
    refuseRecognition: async (request) => {
      const current = await session(request);
      const id = pathId(request, 'Recognition');
      const { reason } = parseInput(recognitionRefusalSchema, request.body ?? {});
      return ok(await recognitions.decide(current.email, id, { approve: false, ...(reason ? { reason } : {}) }));
    },
    withdrawRecognition: async (request) => {
      const current = await session(request);
      const id = pathId(request, 'Recognition');
      const { reason } = parseInput(recognitionRefusalSchema, request.body ?? {});
      return ok(await recognitions.withdraw(current.email, id, reason));
    },
    getStaffSelf: async (request) => {
      const current = await session(request);
      return ok({ tenant: tenant.id, email: current.email, role: current.role, expiresAt: current.expiresAt.toISOString() });
    },
    listListingModerationQueue: listingRoutes.queue,
    approveListing: listingRoutes.approve,
    rejectListing: listingRoutes.reject,
    hideListing: async (request) => {
      const current = await session(request);
      const id = pathId(request, 'Listing');
      return ok(await listingDecisions.hide(current, id, parseInput(hidePostSchema, request.body ?? {}).reason));
    },
    listDrawingModerationQueue: drawingRoutes.queue,
    approveDrawing: drawingRoutes.approve,
    rejectDrawing: drawingRoutes.reject,
    listModerationQueue: async (request) => {
      const current = await session(request);
      return ok(await decisions.queue(current, parseInput(moderationQueueQuerySchema, request.query, 'query')));
    },
    searchStaffPosts: async (request) => {
      const current = await session(request);
      return ok(await search.search(current, parseInput(staffPostsQuerySchema, request.query, 'query')));
    },
    listReportedConversations: async (request) => {
      const current = await session(request);
      return ok(await conversations.listReported(current, parseInput(reportedConversationsQuerySchema, request.query, 'query')));
    },
    closeConversation: async (request) => {
      const current = await session(request);
      return ok(await conversations.close(current, pathId(request, 'Conversation')));
    },
    warnConversationParty: async (request) => {
      await session(request);
      const { postId, residentKey } = parseConversationId(pathId(request, 'Conversation'));
      return ok(await relay.warnParty(postId, residentKey, parseInput(staffWarnSchema, request.body)), 202);
    },
    createPostOnBehalf: async (request) => {
      const current = await session(request);
      return ok(await decisions.createOnBehalf(current, parseInput(staffCreatePostSchema, request.body)), 201);
    },
    getStaffPost: async (request) => {
      const current = await session(request);
      return ok(await outcomes.record(current, pathId(request)));
    },
    closeStaffPost: async (request) => {
      const current = await session(request);
      const id = pathId(request);
      return ok(await outcomes.close(current, id, parseInput(staffCloseSchema, request.body).outcome));
    },
    answerStaffFollowUp: async (request) => {
      const current = await session(request);
      const id = pathId(request);
      return ok(await outcomes.answerFollowUp(current, id, parseInput(staffFollowUpSchema, request.body).answer));
    },
    writeToAuthor: async (request) => {
      await session(request);
      const id = pathId(request);
      const sent = await relay.writeFromStaff(id, parseInput(staffMessageSchema, request.body));
      return ok({ status: sent.status, conversationId: conversationId(id, sent.residentKey) }, 202);
    },
    editStaffPost: async (request) => {
      const current = await session(request);
      const id = pathId(request);
      return ok(await decisions.edit(current, id, parseInput(staffEditSchema, request.body)));
    },
    approvePost: async (request) => {
      const current = await session(request);
      return ok(await decisions.approve(current, pathId(request)));
    },
    rejectPost: async (request) => {
      const current = await session(request);
      const id = pathId(request);
      return ok(await decisions.reject(current, id, parseInput(rejectPostSchema, request.body).reason));
    },
    hidePost: async (request) => {
      const current = await session(request);
      const id = pathId(request);
      return ok(await decisions.hide(current, id, parseInput(hidePostSchema, request.body ?? {}).reason));
    },
    listStaffMissions: async (request) => {
      await session(request);
      return ok(await missionDecisions.list(parseInput(staffMissionsQuerySchema, request.query, 'query')));
    },
    approveMission: async (request) => {
      await session(request);
      return ok(await missionDecisions.approve(pathId(request, 'Mission')));
    },
    rejectMission: async (request) => {
      await session(request);
      const id = pathId(request, 'Mission');
      return ok(await missionDecisions.reject(id, parseInput(rejectPostSchema, request.body).reason));
    },
    hideMission: async (request) => {
      await session(request);
      const id = pathId(request, 'Mission');
      return ok(await missionDecisions.hide(id, parseInput(hidePostSchema, request.body ?? {}).reason));
    },
    listWishes: async (request) => {
      await session(request);
      return ok(await orientations.listWishes(parseInput(staffWishesQuerySchema, request.query, 'query')));
    },
    orientWish: async (request) => {
      const current = await session(request);
      const id = pathId(request, 'Wish');
      return ok(await orientations.orient(current.email, id, parseInput(orientationSchema, request.body)), 201);
    },
    getStaffTeam: async (request) => ok(await team.view(await session(request))),
    changeStaffTeam: async (request) => {
      const current = await session(request);
      return ok(await team.change(current, parseInput(teamChangeSchema, request.body)));
    },
    getSectionDates: async (request) => ok(await sections.view(await session(request))),
    changeSectionDates: async (request) => {
      const current = await session(request);
      const id = request.pathParameters.id ?? '';
      return ok(await sections.change(current, id, parseInput(sectionDatesSchema, request.body)));
    },
    getStaffStats: async (request) => {
      await session(request);
      return ok(await reports.figures(parseInput(staffPeriodQuerySchema, request.query, 'query')));
    },
    getStaffCampaign: async (request) => {
      await session(request);
      const { campaignId } = campaignPath(request);
      const [figures, roster] = await Promise.all([kits.figures(campaignId), kits.roster(campaignId)]);
      return ok({ figures, volunteers: roster });
    },
    receiveKits: async (request) => {
      await session(request);
      return ok(await kits.receiveStock(campaignPath(request).campaignId, parseInput(stockDeliverySchema, request.body)), 201);
    },
    handOutKits: async (request) => {
      await session(request);
      const { campaignId, volunteerId } = campaignPath(request);
      return ok(await kits.handOut(campaignId, volunteerId, parseInput(handOutSchema, request.body)), 201);
    },
    recordKitReturn: async (request) => {
      await session(request);
      const { campaignId, volunteerId } = campaignPath(request);
      return ok(await kits.recordReturn(campaignId, volunteerId, parseInput(returnSchema, request.body)), 201);
    },
    sendKitReminders: async (request) => {
      await session(request);
      return ok(await volunteers.sendReminders(campaignPath(request).campaignId));
    },
    exportPostsCsv: async (request) => {
      const current = await session(request);
      return csvFile(await reports.exportPosts(current, parseInput(postExportQuerySchema, request.query, 'query')));
    },
    exportDrawingsCsv: async (request) => {
      await session(request);
      return csvFile(await reports.exportDrawings(parseInput(staffPeriodQuerySchema, request.query, 'query')));
    },
    exportCampaignCsv: async (request) => {
      const current = await session(request);
      const query = parseInput(campaignExportQuerySchema, request.query, 'query');
      return csvFile(await reports.exportCampaign(current, campaignPath(request).campaignId, query));
    },
  };
  return httpHandler({ group: 'staff-api', tenantId: tenant.id, operations, logger: deps.logger, beforeEachRequest: sections.refresh });
}

/** A CSV export as a download (French Excel's file: BOM, `;`); the next page's cursor in `x-next-cursor`, when there is one. */
function csvFile(file: { fileName: string; text: string; nextCursor?: string | null }): ApiResult {
  return {
    statusCode: 200,
    raw: {
      contentType: 'text/csv; charset=utf-8',
      text: file.text,
      headers: {
        'content-disposition': `attachment; filename="${file.fileName}"`,
        ...(file.nextCursor ? { 'x-next-cursor': file.nextCursor } : {}),
      },
    },
  };
}
