/**
 * The browser-side defences, through helmet (the one module importing it): a Content-Security-Policy that lets the
 * map page run and little else, no framing, no MIME sniffing, and HSTS once the server is reached over https.
 */
import helmet from "helmet";
import type { RequestHandler } from "express";

/** The default basemap's raster tiles (web/client/src/map-style.ts). */
const DEFAULT_BASEMAP_ORIGIN = "https://tile.openstreetmap.org";

export interface SecurityHeaderSettings {
  /** PUBLIC_BASE_URL: https turns on HSTS and upgrades any stray http request */
  publicBaseUrl: string;
  /** ROADWATCH_BASEMAP_STYLE; its host may serve the style, tiles, sprites and glyphs */
  basemapStyleUrl: string | null;
}

export function securityHeaders({ publicBaseUrl, basemapStyleUrl }: SecurityHeaderSettings): RequestHandler {
  const https = publicBaseUrl.startsWith("https:");
  const basemapOrigin = basemapStyleUrl === null ? DEFAULT_BASEMAP_ORIGIN : new URL(basemapStyleUrl).origin;
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // MapLibre runs its tile workers from blob: URLs
        workerSrc: ["'self'", "blob:"],
        childSrc: ["blob:"],
        // the printed work order is one self-contained page with its own <style>
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:", basemapOrigin],
        connectSrc: ["'self'", basemapOrigin],
        fontSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 60 * 60 } : false,
    referrerPolicy: { policy: "same-origin" },
  });
}
