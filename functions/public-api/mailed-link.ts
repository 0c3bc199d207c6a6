import { parseInput, tokenSchema } from '@entraide/core';
import { ok, pathId, type ApiRequest, type Operation } from '../shared/http.js';

/**
 * `POST /<records>/{id}/<action>` with `{ "token": … }` in its body: what a resident's mailed link
 * does to a record (verify it, withdraw it, erase it…). The id first (a 404 naming `what`), then the
 * token (a 400 naming `body.token`), then `action`'s answer as 200.
 */
export const mailedLinkAction =
  (what: string, action: (id: string, token: string) => Promise<unknown>): Operation =>
  async (request: ApiRequest) => {
    const id = pathId(request, what);
    return ok(await action(id, parseInput(tokenSchema, request.body).token));
  };
