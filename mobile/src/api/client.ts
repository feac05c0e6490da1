/** The typed API client (openapi-fetch over the generated schema), signed and metered. */
import createClient from 'openapi-fetch';
import { NetworkError } from './errors';
import { API_ORIGIN, meteredFetch } from './meter';
import { notePosition, withPosition } from './positions';
import type { paths } from './schema';
import { accessToken, refreshAccess } from './session';

function signed(request: Request, token: string): Request {
  request.headers.set('Authorization', `Bearer ${token}`); // in place: a copy would turn the body into a stream
  return request;
}

/** Sends with the access token; on a 401 refreshes once and sends again. */
async function authorisedFetch(request: Request): Promise<Response> {
  const spare = request.clone();
  try {
    const response = await meteredFetch(withPosition(signed(request, await accessToken())));
    if (response.status !== 401) return notePosition(response);
    return notePosition(await meteredFetch(withPosition(signed(spare, await refreshAccess()))));
  } catch (error) {
    if (error instanceof TypeError) throw new NetworkError();
    throw error;
  }
}

export const api = createClient<paths>({ baseUrl: API_ORIGIN, fetch: authorisedFetch });
