import type { Logger } from '@aws-lambda-powertools/logger';
import {
  closePostSchema,
  createPostSchema,
  editPostSchema,
  maxPageSize,
  notFound,
  parseInput,
  postReports,
  postService,
  reportPostSchema,
  tokenSchema,
  contactSchema,
  followUpAnswerSchema,
  reportMessageSchema,
  relayService,
  type RelayDeps,
  type PostServiceDeps,
} from '@entraide/core';
import * as z from 'zod';
import { bearerToken, httpHandler, ok, type ApiRequest, type Operations } from '../shared/http.js';

const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(maxPageSize).optional(),
  cursor: z.string().min(1).max(2048).optional(),
});

const postIdPattern = /^[A-Za-z0-9_-]{8,64}$/;

/** A path id that cannot be one of ours is simply a post that does not exist. */
function postId(request: ApiRequest): string {
  const id = request.pathParameters.id ?? '';
  if (!postIdPattern.test(id)) throw notFound('Post');
  return id;
}

/** The residents' API of one tenant: the operations behind the public routes of the route table. */
export function publicApiHandler(deps: PostServiceDeps & RelayDeps & { logger: Logger }) {
  const posts = postService(deps);
  const relay = relayService(deps);
  const reports = postReports(deps);
  const operations: Operations<'public-api'> = {
    getConfig: async () => ok(posts.publicConfig()),
    listPosts: async (request) => ok(await posts.listPublic(parseInput(listQuerySchema, request.query, 'query'))),
    createPost: async (request) =>
      ok(await posts.create(parseInput(createPostSchema, request.body), { sourceIp: request.sourceIp }), 201),
    getPost: async (request) => ok(await posts.getPublic(postId(request))),
    verifyPost: async (request) => {
      const id = postId(request);
      return ok(await posts.verify(id, parseInput(tokenSchema, request.body).token));
    },
    getOwnPost: async (request) => {
      const id = postId(request);
      return ok(await posts.getOwn(id, bearerToken(request)));
    },
    editPost: async (request) => {
      const id = postId(request);
      const token = bearerToken(request);
      return ok(await posts.edit(id, token, parseInput(editPostSchema, request.body)));
    },
    closePost: async (request) => {
      const id = postId(request);
      const token = bearerToken(request);
      return ok(await posts.close(id, token, parseInput(closePostSchema, request.body).reason));
    },
    deletePost: async (request) => {
      const id = postId(request);
      await posts.remove(id, bearerToken(request));
      return { statusCode: 204 };
    },
    contactAuthor: async (request) => {
      const id = postId(request);
      return ok(await relay.contact(id, parseInput(contactSchema, request.body), { sourceIp: request.sourceIp }), 202);
    },
    answerFollowUp: async (request) => {
      const id = postId(request);
      const { token, answer } = parseInput(followUpAnswerSchema, request.body);
      return ok(await relay.answerFollowUp(id, token, answer));
    },
    reportMessage: async (request) => {
      const id = postId(request);
      return ok(await relay.reportConversation(id, parseInput(reportMessageSchema, request.body).alias, { sourceIp: request.sourceIp }), 202);
    },
    reportPost: async (request) => {
      const id = postId(request);
      return ok(await reports.report(id, parseInput(reportPostSchema, request.body).reason, { sourceIp: request.sourceIp }), 202);
    },
  };
  return httpHandler({ group: 'public-api', tenantId: deps.tenant.id, operations, logger: deps.logger });
}
