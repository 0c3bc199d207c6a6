/**
 * The one route table: the CDK HTTP API declares exactly these routes, the local server matches
 * requests against them, and each function group's router dispatches them to its operations.
 * Paths are relative to a tenant's API prefix (`/t/{tenant}/api`).
 */
/** The HTTP function groups (those with routes). Functions fed by queues, mail or schedules are declared apart. */
export const functionGroups = ['public-api', 'staff-api'] as const;
export type FunctionGroup = (typeof functionGroups)[number];

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  method: HttpMethod;
  path: string;
  group: FunctionGroup;
  operation: string;
}

export const routes = [
  { method: 'GET', path: '/config', group: 'public-api', operation: 'getConfig' },
  { method: 'GET', path: '/posts', group: 'public-api', operation: 'listPosts' },
  { method: 'POST', path: '/posts', group: 'public-api', operation: 'createPost' },
  { method: 'GET', path: '/posts/{id}', group: 'public-api', operation: 'getPost' },
  { method: 'POST', path: '/posts/{id}/verify', group: 'public-api', operation: 'verifyPost' },
  { method: 'GET', path: '/posts/{id}/matches', group: 'public-api', operation: 'listMatches' },
  // Author management: `Authorization: Bearer <token from the verification mail>`.
  { method: 'GET', path: '/posts/{id}/own', group: 'public-api', operation: 'getOwnPost' },
  { method: 'PATCH', path: '/posts/{id}', group: 'public-api', operation: 'editPost' },
  { method: 'POST', path: '/posts/{id}/close', group: 'public-api', operation: 'closePost' },
  { method: 'POST', path: '/posts/{id}/reopen', group: 'public-api', operation: 'reopenPost' },
  { method: 'DELETE', path: '/posts/{id}', group: 'public-api', operation: 'deletePost' },
  // Contact relay: `{name, email, message}` → 202, the author gets it through an alias (403 where the relay is off).
  { method: 'POST', path: '/posts/{id}/contact', group: 'public-api', operation: 'contactAuthor' },
  // The one-click answer of the follow-up mail: `{token, answer: yes | no | in_touch}`.
  { method: 'POST', path: '/posts/{id}/follow-up', group: 'public-api', operation: 'answerFollowUp' },
  // The "still needed?" mail's link: `{token, answer: extend | fulfilled | no_longer_needed}`, once per mail.
  { method: 'POST', path: '/posts/{id}/still-needed', group: 'public-api', operation: 'answerStillNeeded' },
  // "Report this message", from a relayed mail: `{alias}` (the reporter's own alias) → 202, the conversation is flagged to staff.
  { method: 'POST', path: '/posts/{id}/report-message', group: 'public-api', operation: 'reportMessage' },
  // "Signaler": a resident reports a published post; after the tenant's threshold it is hidden.
  { method: 'POST', path: '/posts/{id}/report', group: 'public-api', operation: 'reportPost' },
  // Staff: a magic link by mail, exchanged once for a session; every other staff route takes
  // `Authorization: Bearer <session>` and refuses another tenant's session.
  { method: 'POST', path: '/staff/login', group: 'staff-api', operation: 'requestStaffLogin' },
  { method: 'POST', path: '/staff/session', group: 'staff-api', operation: 'openStaffSession' },
  { method: 'GET', path: '/staff/me', group: 'staff-api', operation: 'getStaffSelf' },
  { method: 'GET', path: '/staff/moderation', group: 'staff-api', operation: 'listModerationQueue' },
  { method: 'GET', path: '/staff/posts', group: 'staff-api', operation: 'searchStaffPosts' },
  { method: 'POST', path: '/staff/posts', group: 'staff-api', operation: 'createPostOnBehalf' },
  { method: 'GET', path: '/staff/posts/{id}', group: 'staff-api', operation: 'getStaffPost' },
  { method: 'PATCH', path: '/staff/posts/{id}', group: 'staff-api', operation: 'editStaffPost' },
  { method: 'POST', path: '/staff/posts/{id}/approve', group: 'staff-api', operation: 'approvePost' },
  { method: 'POST', path: '/staff/posts/{id}/reject', group: 'staff-api', operation: 'rejectPost' },
  { method: 'POST', path: '/staff/posts/{id}/hide', group: 'staff-api', operation: 'hidePost' },
  // How a post ended, as staff record it: `{outcome}` closes it (never a refusal); `{answer}` answers
  // "did the help happen?" for the author of a post staff took by phone.
  { method: 'POST', path: '/staff/posts/{id}/close', group: 'staff-api', operation: 'closeStaffPost' },
  { method: 'POST', path: '/staff/posts/{id}/follow-up', group: 'staff-api', operation: 'answerStaffFollowUp' },
  // Staff write to a post's author through the relay (`{message}`): the author's reply by mail reaches the team's mailbox.
  { method: 'POST', path: '/staff/posts/{id}/messages', group: 'staff-api', operation: 'writeToAuthor' },
  // Reported conversations ("signaler ce message"): the list, and closing one (its aliases stop relaying).
  // Missions: the same decisions as posts' (awaiting review by default; ?status= for another list).
  { method: 'GET', path: '/staff/missions', group: 'staff-api', operation: 'listStaffMissions' },
  { method: 'GET', path: '/staff/wishes', group: 'staff-api', operation: 'listWishes' },
  { method: 'POST', path: '/staff/wishes/{id}/orientations', group: 'staff-api', operation: 'orientWish' },
  { method: 'POST', path: '/staff/missions/{id}/approve', group: 'staff-api', operation: 'approveMission' },
  { method: 'POST', path: '/staff/missions/{id}/reject', group: 'staff-api', operation: 'rejectMission' },
  { method: 'POST', path: '/staff/missions/{id}/hide', group: 'staff-api', operation: 'hideMission' },
  { method: 'GET', path: '/staff/conversations', group: 'staff-api', operation: 'listReportedConversations' },
  { method: 'POST', path: '/staff/conversations/{id}/close', group: 'staff-api', operation: 'closeConversation' },
  // Staff write to one party of a conversation through the relay: `{party: author | resident, message}`.
  { method: 'POST', path: '/staff/conversations/{id}/warn', group: 'staff-api', operation: 'warnConversationParty' },
  // The team without a redeploy (admins): `{email, role: staff | admin | removed}`, stored and audited.
  { method: 'GET', path: '/staff/team', group: 'staff-api', operation: 'getStaffTeam' },
  { method: 'POST', path: '/staff/team', group: 'staff-api', operation: 'changeStaffTeam' },
  // Sections opened, closed and dated without a redeploy (admins change them): `{startsOn, endsOn}`, stored and audited.
  { method: 'GET', path: '/staff/sections', group: 'staff-api', operation: 'getSectionDates' },
  { method: 'POST', path: '/staff/sections/{id}', group: 'staff-api', operation: 'changeSectionDates' },
  // The directory's listings: what awaits staff, and their decisions (the posts' rules).
  { method: 'GET', path: '/staff/listings/moderation', group: 'staff-api', operation: 'listListingModerationQueue' },
  { method: 'POST', path: '/staff/listings/{id}/approve', group: 'staff-api', operation: 'approveListing' },
  { method: 'POST', path: '/staff/listings/{id}/reject', group: 'staff-api', operation: 'rejectListing' },
  { method: 'POST', path: '/staff/listings/{id}/hide', group: 'staff-api', operation: 'hideListing' },
  { method: 'GET', path: '/staff/stats', group: 'staff-api', operation: 'getStaffStats' },
  { method: 'GET', path: '/staff/export.csv', group: 'staff-api', operation: 'exportPostsCsv' },
  // Alerts: a daily digest of new posts near a point; the token comes from the alert's mails.
  { method: 'POST', path: '/alerts', group: 'public-api', operation: 'createAlert' },
  { method: 'POST', path: '/alerts/{id}/verify', group: 'public-api', operation: 'verifyAlert' },
  { method: 'POST', path: '/alerts/{id}/unsubscribe', group: 'public-api', operation: 'unsubscribeAlert' },
  // "Still want it?": the button of the mail's page keeps the alert the tenant's months more (`{token}` of its mails).
  { method: 'POST', path: '/alerts/{id}/renew', group: 'public-api', operation: 'renewAlert' },
  // Campaigns with kits (a section of type campaign, `{id}` its section id): volunteers sign up and
  // confirm by mail; with the token of that mail (`Authorization: Bearer`), they see their kits and declare what they made.
  { method: 'POST', path: '/campaigns/{id}/volunteers', group: 'public-api', operation: 'signUpVolunteer' },
  { method: 'POST', path: '/campaigns/{id}/volunteers/{volunteerId}/verify', group: 'public-api', operation: 'verifyVolunteer' },
  { method: 'GET', path: '/campaigns/{id}/volunteers/{volunteerId}', group: 'public-api', operation: 'getOwnVolunteer' },
  { method: 'POST', path: '/campaigns/{id}/volunteers/{volunteerId}/declarations', group: 'public-api', operation: 'declareItems' },
  // Staff at the counter: the figures and the volunteers, deliveries into the stock, hand-outs, returns, reminders.
  { method: 'GET', path: '/staff/campaigns/{id}', group: 'staff-api', operation: 'getStaffCampaign' },
  { method: 'POST', path: '/staff/campaigns/{id}/stock', group: 'staff-api', operation: 'receiveKits' },
  { method: 'POST', path: '/staff/campaigns/{id}/volunteers/{volunteerId}/handouts', group: 'staff-api', operation: 'handOutKits' },
  { method: 'POST', path: '/staff/campaigns/{id}/volunteers/{volunteerId}/returns', group: 'staff-api', operation: 'recordKitReturn' },
  { method: 'POST', path: '/staff/campaigns/{id}/reminders', group: 'staff-api', operation: 'sendKitReminders' },
  { method: 'GET', path: '/staff/campaigns/{id}/export.csv', group: 'staff-api', operation: 'exportCampaignCsv' },
  // Missions: an organisation enters one with its shifts, confirmed by the mailed link; volunteers sign up
  // to a shift and take a place by confirming their address (or a position on its waiting list).
  { method: 'GET', path: '/missions', group: 'public-api', operation: 'listMissions' },
  { method: 'POST', path: '/missions', group: 'public-api', operation: 'createMission' },
  { method: 'GET', path: '/missions/{id}', group: 'public-api', operation: 'getMission' },
  { method: 'POST', path: '/missions/{id}/verify', group: 'public-api', operation: 'verifyMission' },
  // The organiser's management: `Authorization: Bearer <token from the verification mail>`.
  { method: 'GET', path: '/missions/{id}/own', group: 'public-api', operation: 'getOwnMission' },
  { method: 'PATCH', path: '/missions/{id}', group: 'public-api', operation: 'editMission' },
  { method: 'POST', path: '/missions/{id}/shifts', group: 'public-api', operation: 'addMissionShift' },
  { method: 'POST', path: '/missions/{id}/shifts/{shiftId}/cancel', group: 'public-api', operation: 'cancelMissionShift' },
  { method: 'POST', path: '/missions/{id}/close', group: 'public-api', operation: 'closeMission' },
  { method: 'POST', path: '/missions/{id}/shifts/{shiftId}/signups', group: 'public-api', operation: 'signUpToShift' },
  // A volunteer's own sign-up: the token of their mail, in the body or as `Authorization: Bearer <token>`.
  { method: 'GET', path: '/signups/{id}', group: 'public-api', operation: 'getOwnSignUp' },
  // Residents' wishes to help (verified by the mailed link), and the counting redirect of a suggestion's link.
  { method: 'POST', path: '/wishes', group: 'public-api', operation: 'createWish' },
  { method: 'POST', path: '/wishes/{id}/verify', group: 'public-api', operation: 'verifyWish' },
  { method: 'POST', path: '/wishes/{id}/withdraw', group: 'public-api', operation: 'withdrawWish' },
  { method: 'GET', path: '/orientations/{id}/links/{index}', group: 'public-api', operation: 'followSuggestion' },
  { method: 'POST', path: '/signups/{id}/confirm', group: 'public-api', operation: 'confirmSignUp' },
  { method: 'POST', path: '/signups/{id}/withdraw', group: 'public-api', operation: 'withdrawSignUp' },
  // The directory (sections of type directory): producers and shops enter a listing, confirmed by the
  // mailed link and managed with its token (`Authorization: Bearer`); who delivers to a point; open data.
  { method: 'POST', path: '/listings', group: 'public-api', operation: 'createListing' },
  { method: 'GET', path: '/listings', group: 'public-api', operation: 'listListings' },
  { method: 'GET', path: '/listings/{id}', group: 'public-api', operation: 'getListing' },
  { method: 'POST', path: '/listings/{id}/verify', group: 'public-api', operation: 'verifyListing' },
  { method: 'GET', path: '/listings/{id}/own', group: 'public-api', operation: 'getOwnListing' },
  { method: 'PATCH', path: '/listings/{id}', group: 'public-api', operation: 'editListing' },
  { method: 'POST', path: '/listings/{id}/close', group: 'public-api', operation: 'closeListing' },
  { method: 'DELETE', path: '/listings/{id}', group: 'public-api', operation: 'deleteListing' },
  { method: 'GET', path: '/open-data/listings.csv', group: 'public-api', operation: 'getOpenDataCsv' },
  { method: 'GET', path: '/open-data/listings.json', group: 'public-api', operation: 'getOpenDataJson' },
  // The gallery (sections of type gallery): a parent sends a drawing and gets one presigned upload of its
  // image; the mailed link's token confirms it (`{token}`: the image is processed, then staff read it),
  // reads it and deletes it (`Authorization: Bearer`); published drawings, newest first.
  { method: 'POST', path: '/drawings', group: 'public-api', operation: 'createDrawing' },
  { method: 'GET', path: '/drawings', group: 'public-api', operation: 'listDrawings' },
  { method: 'GET', path: '/drawings/{id}', group: 'public-api', operation: 'getDrawing' },
  { method: 'POST', path: '/drawings/{id}/verify', group: 'public-api', operation: 'verifyDrawing' },
  { method: 'GET', path: '/drawings/{id}/own', group: 'public-api', operation: 'getOwnDrawing' },
  { method: 'DELETE', path: '/drawings/{id}', group: 'public-api', operation: 'deleteDrawing' },
  // Staff read every confirmed drawing before it is published: the queue, approve, reject (`{reason}`, mailed to the parent).
  { method: 'GET', path: '/staff/drawings/moderation', group: 'staff-api', operation: 'listDrawingModerationQueue' },
  { method: 'POST', path: '/staff/drawings/{id}/approve', group: 'staff-api', operation: 'approveDrawing' },
  { method: 'POST', path: '/staff/drawings/{id}/reject', group: 'staff-api', operation: 'rejectDrawing' },
  // The gallery's figures of a period (`from`, `to`), a row per day, as CSV.
  { method: 'GET', path: '/staff/drawings/export.csv', group: 'staff-api', operation: 'exportDrawingsCsv' },
  // Health workers (sections with audience health_workers): housing near a hospital free over some days;
  // a resident asks to be recognised (the mailed link confirms: at once at a hospital's domain, else staff decide).
  { method: 'GET', path: '/housing', group: 'public-api', operation: 'searchHousing' },
  { method: 'POST', path: '/health-workers/recognition', group: 'public-api', operation: 'requestRecognition' },
  { method: 'POST', path: '/health-workers/recognition/{id}/verify', group: 'public-api', operation: 'verifyRecognition' },
  // The resident erases their recognition with the mailed link (conversations with offers for health workers closed).
  { method: 'POST', path: '/health-workers/recognition/{id}/erase', group: 'public-api', operation: 'eraseRecognition' },
  { method: 'GET', path: '/staff/health-workers', group: 'staff-api', operation: 'listRecognitions' },
  // The equipment offered to health workers: offers and quantities by the hospital it is dropped at.
  { method: 'GET', path: '/staff/health-workers/equipment', group: 'staff-api', operation: 'getEquipmentTotals' },
  { method: 'POST', path: '/staff/health-workers/{id}/approve', group: 'staff-api', operation: 'approveRecognition' },
  { method: 'POST', path: '/staff/health-workers/{id}/refuse', group: 'staff-api', operation: 'refuseRecognition' },
  { method: 'POST', path: '/staff/health-workers/{id}/withdraw', group: 'staff-api', operation: 'withdrawRecognition' },
] as const satisfies readonly RouteDefinition[];

export type OperationName<Group extends FunctionGroup> = Extract<(typeof routes)[number], { group: Group }>['operation'];

/** Every tenant's API lives under this prefix, on CloudFront as on the local server. */
export const apiPrefix = (tenantId: string): string => `/t/${tenantId}/api`;

export const routesOf = (group: FunctionGroup): RouteDefinition[] => routes.filter((route) => route.group === group);

/**
 * The header CloudFront adds to every request it sends a tenant API, carrying the platform's origin
 * secret (infra/lib/site-stack.ts): the proof a request came through CloudFront, not straight to
 * the `execute-api` address. CloudFront overwrites a viewer's header of the same name.
 */
export const originProofHeader = 'x-entraide-origin';

/** The viewer's address, set by the site's routing function from CloudFront's own view of the connection. */
export const viewerAddressHeader = 'x-entraide-viewer-address';
