import { Controller, HttpCode, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problem.response';
import { VerificationResponse } from './dto/decision.responses';
import { Public } from '../common/auth/access.decorators';
import { ValidationException } from '../common/errors/app.exception';
import { UploadErrorsInterceptor } from './upload-errors.interceptor';
import { DecisionVerifier } from './verify/decision-verifier';

const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

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
    new UploadErrorsInterceptor('file'),
    FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } }),
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: 'A decision PDF or manifest JWS' } },
    },
  })
  @ApiOperation({ summary: 'Verify a decision PDF or manifest (public)' })
  @ApiOkResponse({ type: VerificationResponse, description: 'Valid or not, with the reason.' })
  @ApiProblems(413)
  verify(@UploadedFile() file: Express.Multer.File | undefined) {
    if (!file || file.size === 0)
      throw new ValidationException([
        {
          pointer: '/file',
          detail: 'is required: upload a decision PDF or manifest JWS as the multipart field "file"',
        },
      ]);
    return this.verifier.verify(file.buffer);
  }
}
