import { parseInput, createDrawingSchema, drawingListQuerySchema, drawingService } from '@entraide/core';
import { bearerToken, ok, pathId, type Operations } from '../shared/http.js';
import { mailedLinkAction } from './mailed-link.js';
import { residentDeps, type PublicApiDeps } from './resident-deps.js';

/** The gallery: drawings uploaded, verified, listed and removed. Loaded on the first of its requests (app.ts). */
export const galleryOperations = (edgeDeps: PublicApiDeps) => {
  const deps = residentDeps(edgeDeps);
  const drawings = drawingService(deps);
  return {
    createDrawing: async (request) =>
      ok(await drawings.create(parseInput(createDrawingSchema, request.body), { sourceIp: request.sourceIp }), 201),
    listDrawings: async (request) => ok(await drawings.list(parseInput(drawingListQuerySchema, request.query, 'query'))),
    getDrawing: async (request) => ok(await drawings.getPublic(pathId(request, 'Drawing'))),
    verifyDrawing: mailedLinkAction('Drawing', (id, token) => drawings.verify(id, token)),
    getOwnDrawing: async (request) => {
      const id = pathId(request, 'Drawing');
      return ok(await drawings.getOwn(id, bearerToken(request)));
    },
    deleteDrawing: async (request) => {
      const id = pathId(request, 'Drawing');
      await drawings.remove(id, bearerToken(request));
      return { statusCode: 204 };
    },
  } satisfies Partial<Operations<'public-api'>>;
};
