import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const config: NextConfig = {
  // the monorepo root: next and react are hoisted there
  turbopack: { root: fileURLToPath(new URL("../..", import.meta.url)) },
  // `tsc --noEmit -p apps/web` checks types in `npm test`; the build need not do it again
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // pages talk to the hub's database; nothing is prerendered at build time
  output: undefined,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default config;
