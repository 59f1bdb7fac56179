import { Module } from '@nestjs/common';
import { CommentsModule } from '../../reviews/comments/comments.module';
import { WorkflowModule } from '../../workflow/workflow.module';
import { AssessmentsModule } from '../assessments.module';
import { QuestionnairePageController } from './questionnaire.page.controller';
import { StartAssessmentPageController } from './start-assessment.page.controller';
import { SubmitAssessmentPageController } from './submit-assessment.page.controller';

/**
 * The owner's pages for an assessment's questionnaire. A module of their own because submitting goes through
 * the workflow, which itself depends on the assessments module.
 */
@Module({
  imports: [AssessmentsModule, WorkflowModule, CommentsModule],
  controllers: [StartAssessmentPageController, QuestionnairePageController, SubmitAssessmentPageController],
})
export class AssessmentPagesModule {}
