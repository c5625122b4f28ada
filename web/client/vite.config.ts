/**
 * `npm run build:web` bundles the page into web/client/dist, which `roadwatch serve` hands out; `npm run dev:web`
 * serves it with hot reload and passes /api on to a `roadwatch serve` on its default port.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  // relative asset paths: the page works behind a reverse proxy under any path
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // MapLibre alone is ~800 kB minified; one chunk loads faster than a waterfall on a municipal network
    chunkSizeWarningLimit: 1500,
    // three pages: the foreman's map, the planner's page at /planner and the crews' upload page at /upload
    // (the server and Vite both add .html)
    rollupOptions: {
      input: {
        map: fileURLToPath(new URL("index.html", import.meta.url)),
        planner: fileURLToPath(new URL("planner.html", import.meta.url)),
        upload: fileURLToPath(new URL("upload.html", import.meta.url)),
      },
    },
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080", "/media": "http://127.0.0.1:8080" },
  },
});
