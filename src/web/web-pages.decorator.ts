import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

export const WEB_PAGE_KEY = 'webPage';

/**
 * Marks a controller as serving pages to browsers: AccessGuard authenticates it by the session cookie (never a
 * bearer token) and checks the CSRF token of every POST; errors answer as HTML pages. The API's OpenAPI
 * document leaves it out. Each route still needs @RequirePermission or @Public, as everywhere.
 */
export const WebPages = () => applyDecorators(SetMetadata(WEB_PAGE_KEY, true), ApiExcludeController());
