import { Global, Module } from '@nestjs/common';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { IdentityModule } from '../identity/identity.module';
import { NotificationsModule } from '../workflow/notifications/notifications.module';
import { PageRenderer } from './page-renderer.service';
import { PageViews } from './page-views';

/** The page shell every feature's pages use: views, the layout and its header. Global, as the filter needs it too. */
@Global()
@Module({
  imports: [IdentityModule, NotificationsModule],
  providers: [
    {
      provide: PageViews,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => PageViews.load(join(config.templates.dir, 'views')),
    },
    PageRenderer,
  ],
  exports: [PageViews, PageRenderer],
})
export class WebModule {}
