import { afterEach } from "vitest";

// Only the component tests (`// @vitest-environment jsdom`) have a DOM to clean; the others run
// in Node, which spares them jsdom's start-up (20 s of a 40 s run).
if (typeof document !== "undefined") {
  const { cleanup } = await import("@testing-library/react");
  afterEach(() => cleanup());
}
