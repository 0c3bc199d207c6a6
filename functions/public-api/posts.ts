import {
  closePostSchema,
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
} from '@entraide/core';
import { bearerToken, ok, pathId, type Operations } from '../shared/http.js';
import { mailedLinkAction } from './mailed-link.js';
import { residentDeps, type PublicApiDeps } from './resident-deps.js';

/** Posts: the list and the geographic search, a post’s life with its author, reports, the “still needed?” answer. Loaded on the first of its requests (app.ts). */
export const postOperations = (edgeDeps: PublicApiDeps) => {
  const deps = residentDeps(edgeDeps);
  const posts = postService(deps);
  const reminders = expiryReminderService(deps);
  const reports = postReportService(deps);
  const nearby = nearbyService(deps);
  /** A search page as docs/api.md shows it (Search pages); what it cost goes to the log. */
  const searchPage = ({ items, nextCursor, stats }: Awaited<ReturnType<typeof nearby.search>>) => {
    deps.logger.debug('nearby search', { stats });
    return ok({ items, nextCursor });
  };
  return {
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
    verifyPost: mailedLinkAction('Post', (id, token) => posts.verify(id, token)),
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
    deletePost: async (request) => {
      const id = pathId(request);
      await posts.remove(id, bearerToken(request));
      return { statusCode: 204 };
    },
    reportPost: async (request) => {
      const id = pathId(request);
      return ok(await reports.report(id, parseInput(reportPostSchema, request.body).reason, { sourceIp: request.sourceIp }), 202);
    },
  } satisfies Partial<Operations<'public-api'>>;
};
