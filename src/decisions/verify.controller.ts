import { Controller, HttpCode, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problem.response';
import { VerificationResponse } from './dto/decision.responses';
import { Public } from '../common/auth/access.decorators';
import { ValidationException } from '../common/errors/app.exception';
import { UploadErrorsInterceptor } from './upload-errors.interceptor';
import { DecisionVerifier } from './verify/decision-verifier';
import { type HashedUpload, hashingStorage } from './verify/hashing-storage';
import { UploadAdmissionInterceptor } from './verify/upload-admission.interceptor';

/**
 * The largest upload verified here. The renderer's largest document under the questionnaire's limits
 * (every text answer at its maximum length in characters from several scripts, 200 inventory rows, every
 * group full, 50 conditions, 50 measures and three rounds of legal findings, all at their maximum) is
 * 4.1 MiB; twice that leaves room for more measures and rounds, which nothing bounds. A larger file can
 * still be checked offline (`decisions:verify`), or by its manifest, which names the PDF's sha256.
 */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;

@ApiTags('decisions')
@Controller('decisions')
export class VerifyController {
  constructor(private readonly verifier: DecisionVerifier) {}

  /**
   * Deliberately public: anyone holding a decision PDF or manifest may check it. Answers 200 either way,
   * with valid, the reason, and the decision it belongs to when the engine knows it.
   */
  @Post('verify')
  @Public()
  @HttpCode(200)
  @UseInterceptors(
    UploadAdmissionInterceptor,
    new UploadErrorsInterceptor('file', MAX_UPLOAD_BYTES),
    FileInterceptor('file', { storage: hashingStorage(), limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } }),
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'A decision PDF or manifest JWS, at most 8 MiB' },
      },
    },
  })
  @ApiOperation({ summary: 'Verify a decision PDF or manifest (public)' })
  @ApiOkResponse({ type: VerificationResponse, description: 'Valid or not, with the reason.' })
  @ApiProblems(400, 413, 429, 503)
  verify(@UploadedFile() file: HashedUpload | undefined) {
    if (!file || file.size === 0)
      throw new ValidationException([
        {
          pointer: '/file',
          detail: 'is required: upload a decision PDF or manifest JWS as the multipart field "file"',
        },
      ]);
    return this.verifier.verify(file.buffer, file.sha256);
  }
}
