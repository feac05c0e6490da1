import type { NextConfig } from "next";

// A static export (web/out) that `gapal serve` mounts at `/`; the API lives on the same origin.
const config: NextConfig = {
  output: "export",
  trailingSlash: true,
  images: { unoptimized: true },
  reactStrictMode: true,
  poweredByHeader: false,
};

export default config;
