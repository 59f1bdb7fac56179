/** Pages and documents served as HTML run no script and load nothing from elsewhere. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/**
 * The web application's pages: everything from this origin, no inline script or style, no framing, and forms
 * post only back here.
 */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * The public pages (the register, verification): the application's policy without any script at all, as they
 * need none and are served to anyone.
 */
export const PUBLIC_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');
