import {
  parseInput,
  createListingSchema,
  editListingSchema,
  listingQuerySchema,
  listingService,
  openDataFile,
  openDataLicence,
} from '@entraide/core';
import { bearerToken, ok, pathId, type ApiRequest, type ApiResult, type Operations } from '../shared/http.js';
import { mailedLinkAction } from './mailed-link.js';
import { residentDeps, type PublicApiDeps } from './resident-deps.js';

/** The directory: listings, “who delivers to me”, and the open data files. Loaded on the first of its requests (app.ts). */
export const directoryOperations = (edgeDeps: PublicApiDeps) => {
  const deps = residentDeps(edgeDeps);
  const listings = listingService(deps);
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
  return {
    createListing: async (request) =>
      ok(await listings.create(parseInput(createListingSchema, request.body), { sourceIp: request.sourceIp }), 201),
    listListings: async (request) => {
      const { stats, ...page } = await listings.list(parseInput(listingQuerySchema, request.query, 'query'));
      if (stats) deps.logger.debug('listing zone search', { stats });
      return ok(page);
    },
    getListing: async (request) => ok(await listings.getPublic(pathId(request, 'Listing'))),
    verifyListing: mailedLinkAction('Listing', (id, token) => listings.verify(id, token)),
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
    getOpenDataCsv: (request) => openData(request, 'csv'),
    getOpenDataJson: (request) => openData(request, 'json'),
  } satisfies Partial<Operations<'public-api'>>;
};
