import {
  type CallHandler,
  Controller,
  type ExecutionContext,
  Get,
  Injectable,
  type NestInterceptor,
  Post,
  Req,
  Res,
  UploadedFile,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { catchError, from, type Observable } from 'rxjs';
import { NoStore, Public } from '../../common/auth/access.decorators';
import { CsrfRejectedException } from '../../common/auth/auth.exception';
import { AppException, ValidationException } from '../../common/errors/app.exception';
import { formProblems, type FormProblems, NO_PROBLEMS, sentence } from '../../web/forms';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { UploadForm } from '../../web/upload-form';
import { WebPages } from '../../web/web-pages.decorator';
import { UploadErrorsInterceptor } from '../upload-errors.interceptor';
import { MAX_UPLOAD_BYTES } from '../verify.controller';
import { DecisionVerifier } from '../verify/decision-verifier';
import { type HashedUpload, hashingStorage } from '../verify/hashing-storage';
import { UploadAdmissionInterceptor } from '../verify/upload-admission.interceptor';
import { type VerificationView, verificationView } from './verification-view';

const VIEW = 'decisions/verify';
const TITLE = 'Verify a decision document';

function renderForm(
  pages: PageRenderer,
  req: PageRequest,
  res: Response,
  result: VerificationView | null,
  problems: FormProblems,
  status = 200,
) {
  return pages.renderPublic(
    req,
    res,
    VIEW,
    TITLE,
    { result, maxMiB: MAX_UPLOAD_BYTES / 1024 / 1024, ...problems },
    status,
  );
}

/**
 * The upload's refusals (too many from this address, the service busy, a file past the cap, a broken upload)
 * shown on the form in the API's words, with its status and Retry-After. A refused CSRF token and anything
 * unexpected go on to the error page.
 */
@Injectable()
export class VerifyFormRefusals implements NestInterceptor {
  constructor(private readonly pages: PageRenderer) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<PageRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!(error instanceof AppException) || error.status >= 500 || error instanceof CsrfRejectedException)
          throw error;
        res.set(error.headers);
        // A refused upload reads as the file's problem ("The file cannot be read: ..."), others in their own words.
        const detail = error instanceof ValidationException ? error.errors?.[0]?.detail : undefined;
        const problems = formProblems([
          { field: 'file', message: detail ? sentence(`The file ${detail}`) : error.message },
        ]);
        return from(renderForm(this.pages, req, res, null, problems, error.status));
      }),
    );
  }
}

/**
 * The public verification page: anyone uploads a decision PDF or manifest and reads, in words, whether it is
 * genuine, who signed it, when, for which assessment, and if not, why. The same verifier, size cap and rate
 * limit as POST /decisions/verify; works without script (a plain multipart form).
 */
@WebPages()
@Public()
@NoStore() // each answer carries the browser's form token, and speaks of one upload
@Controller('public/verify')
export class VerifyPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly verifier: DecisionVerifier,
  ) {}

  @Get()
  form(@Req() req: PageRequest, @Res() res: Response) {
    return renderForm(this.pages, req, res, null, NO_PROBLEMS);
  }

  @Post()
  @UploadForm(
    VerifyFormRefusals,
    UploadAdmissionInterceptor,
    new UploadErrorsInterceptor('file', MAX_UPLOAD_BYTES),
    FileInterceptor('file', { storage: hashingStorage(), limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } }),
  )
  async verify(@Req() req: PageRequest, @Res() res: Response, @UploadedFile() file: HashedUpload | undefined) {
    if (!file || file.size === 0) {
      const problems = formProblems([{ field: 'file', message: 'Choose a decision PDF or manifest file to verify.' }]);
      return renderForm(this.pages, req, res, null, problems, 422);
    }
    const answer = await this.verifier.verify(file.buffer, file.sha256);
    const manifest =
      answer.valid && answer.kind === 'pdf' && answer.decision
        ? await this.verifier.manifestOf(answer.decision.id, answer.decision.documentVersion)
        : null;
    const name = (file.originalname || 'the file').slice(0, 200);
    await renderForm(this.pages, req, res, verificationView(answer, name, manifest), NO_PROBLEMS);
  }
}
