import type { NextConfig } from "next";

// A static export (web/out) that `gapal serve` mounts at `/`; the API lives on the same origin.
const config: NextConfig = {
  output: "export",
  trailingSlash: true,
  images: { unoptimized: true },
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm run typecheck` checks the types (make test runs it first); the build doesn't check them a
  // second time (23 s of a 60 s build on 2 cores).
  typescript: { ignoreBuildErrors: true },
};

export default config;
