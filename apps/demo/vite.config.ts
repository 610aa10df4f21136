import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";

// The token route (apps/token-server) answers /api; `pnpm dev` starts it on 8788.
const tokenServer = process.env.TOKEN_SERVER_URL ?? "http://127.0.0.1:8788";

export default defineConfig({
  plugins: [react()],
  // Run the kit from its TypeScript sources (workspace packages export @swaram/source).
  resolve: { conditions: ["@swaram/source", ...defaultClientConditions] },
  server: { proxy: { "/api": { target: tokenServer, changeOrigin: false } } },
  preview: { proxy: { "/api": { target: tokenServer, changeOrigin: false } } },
  build: { sourcemap: true },
});
