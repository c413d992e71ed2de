import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: {
    // Pages import runtime values from the domain's subpaths; should anything pull in the whole package, its CSV
    // reader (csv-parse) must be the browser build, whose Node entry uses Buffer at load time.
    alias: { "csv-parse/sync": "csv-parse/browser/esm/sync" },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: "http://127.0.0.1:3000", changeOrigin: false },
    },
  },
});
