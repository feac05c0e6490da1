/**
 * Read-your-writes by token: each write's answer tells the log position it reached
 * (`X-Gapal-Position`); the app sends back the last one it saw, so that its next reads include
 * its own writes whatever server answers them.
 */
export const POSITION_HEADER = 'X-Gapal-Position';

let last = 0;

/** Puts the last position seen on a request (in place: a copy would turn its body into a stream). */
export function withPosition(request: Request): Request {
  request.headers.set(POSITION_HEADER, String(last));
  return request;
}

/** Keeps an answer's position if it is further than the one kept. */
export function notePosition(response: Response): Response {
  const told = Number(response.headers.get(POSITION_HEADER));
  if (Number.isSafeInteger(told) && told > last) last = told;
  return response;
}
