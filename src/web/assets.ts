import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';

// The design system's dist folder; the package exports its script, not its package.json.
const USWDS_DIST = dirname(dirname(require.resolve('@uswds/uswds')));

/**
 * Serves the pages' static files from this origin, never a CDN: the U.S. Web Design System's own CSS, fonts and
 * images straight from its package (only those folders: the pages use no USWDS script component, so its script is
 * not served), and our small stylesheet and scripts from templates/assets. They change only with a release, so
 * browsers may keep them for a day.
 */
export function mountAssets(app: NestExpressApplication, templatesDir: string): void {
  const options = { maxAge: '1d', index: false, fallthrough: false, dotfiles: 'deny' } as const;
  for (const folder of ['css', 'fonts', 'img']) {
    app.useStaticAssets(join(USWDS_DIST, folder), { ...options, prefix: `/assets/uswds/${folder}/` });
  }
  app.useStaticAssets(join(templatesDir, 'assets'), { ...options, prefix: '/assets/app/' });
}
