import { describe, expect, it } from "vitest";

import { POSITION_HEADER, positions, positionsMiddleware } from "./positions";

const answer = (position?: string) =>
  new Headers(position === undefined ? {} : { [POSITION_HEADER]: position });

describe("positions", () => {
  it("sends 0 before any write, then the furthest position an answer told", () => {
    const kept = positions();
    expect(kept.seen()).toBe("0");
    kept.note(answer("42"));
    kept.note(answer("17"));
    kept.note(answer());
    expect(kept.seen()).toBe("42");
  });

  it("ignores what is not a position", () => {
    const kept = positions();
    for (const bad of ["abc", "-5", "1e400", "3.5"]) kept.note(answer(bad));
    expect(kept.seen()).toBe("0");
  });

  it("puts the last position on every request it sees", async () => {
    const kept = positions();
    kept.note(answer("9"));
    const middleware = positionsMiddleware(kept);
    const request = new Request("http://gapal.test/api/orders/");
    const sent = await middleware.onRequest!({ request } as never);
    expect((sent as Request).headers.get(POSITION_HEADER)).toBe("9");
  });
});
