import { Controller, Get, Header } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { JwksResponse } from '../dto/decision.responses';
import { Public } from '../../common/auth/access.decorators';
import { SigningKeysService } from './signing-keys.service';

@ApiTags('decisions')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeysService) {}

  /**
   * Deliberately public: every key that ever signed a decision, manifest keys (Ed25519) and the
   * document certificate (with x5c), so any decision can be verified offline with this file alone.
   */
  @Get('jwks.json')
  @Public()
  @Header('Content-Type', 'application/jwk-set+json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Every key that ever signed a decision (JWKS)' })
  @ApiResponse({
    status: 200,
    description: 'RFC 7517 JSON Web Key Set',
    content: { 'application/jwk-set+json': { schema: { $ref: getSchemaPath(JwksResponse) } } },
  })
  @ApiExtraModels(JwksResponse)
  jwks() {
    return this.keys.jwks();
  }
}
