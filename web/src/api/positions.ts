/**
 * Read-your-writes by token: every write's answer tells the log position it reached
 * (`X-Gapal-Position`). The tab sends back the last one it saw on every request, so that its
 * reads include its own writes whatever server answers, and order commands answer at once from
 * the log instead of waiting for the server's views.
 */
import type { Middleware } from "openapi-fetch";

export const POSITION_HEADER = "X-Gapal-Position";

export type Positions = {
  /** The last position seen ("0" before any write): what the next request sends. */
  seen: () => string;
  /** Keeps the position of an answer if it is further than the one kept. */
  note: (answer: Headers) => void;
};

export function positions(): Positions {
  let last = 0;
  return {
    seen: () => String(last),
    note(answer) {
      const told = Number(answer.get(POSITION_HEADER));
      if (Number.isSafeInteger(told) && told > last) last = told;
    },
  };
}

export function positionsMiddleware(kept: Positions): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set(POSITION_HEADER, kept.seen());
      return request;
    },
    onResponse({ response }) {
      kept.note(response.headers);
      return response;
    },
  };
}
