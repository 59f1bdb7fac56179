import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../../assessments/assessments.module';
import { IdentityModule } from '../../identity/identity.module';
import { NotificationsModule } from '../../workflow/notifications/notifications.module';
import { CommentsController } from './comments.controller';
import { CommentsTransitionHook } from './comments-transition.hook';
import { CommentsService } from './comments.service';
import { CommentsPageController } from './pages/comments.page.controller';

/** Comment threads on assessments; it alone writes comment_threads, comments, comment_revisions, comment_resolutions. */
@Module({
  imports: [AssessmentsModule, IdentityModule, NotificationsModule],
  controllers: [CommentsController, CommentsPageController],
  providers: [CommentsService, CommentsTransitionHook],
  exports: [CommentsService],
})
export class CommentsModule {}
