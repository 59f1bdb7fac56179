import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { ROLE_LABELS } from '../../common/labels';
import { formProblems, type FormProblems, formText, NO_PROBLEMS, problemsOf, assertFormRefusal } from '../../web/forms';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { MAX_PASSWORD_LENGTH } from '../password/password-policy';
import { SessionCookies } from '../sessions/session-cookies';
import { WebSignInService } from '../sessions/web-sign-in.service';

/** One's own account: who the service thinks you are, and a new password. */
@WebPages()
@Controller('account')
export class AccountPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly signIn: WebSignInService,
    private readonly cookies: SessionCookies,
  ) {}

  @Get()
  @RequirePermission(Permission.OwnAccount)
  show(
    @Req() req: PageRequest,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Query('changed') changed?: unknown,
  ) {
    return this.render(req, res, actor, NO_PROBLEMS, changed === '1');
  }

  @Post('password')
  @RequirePermission(Permission.OwnAccount)
  async changePassword(
    @Req() req: PageRequest,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
  ) {
    const currentPassword = formText(body, 'currentPassword', MAX_PASSWORD_LENGTH);
    const newPassword = formText(body, 'newPassword', MAX_PASSWORD_LENGTH);
    const missing = [
      ...(currentPassword ? [] : [{ field: 'currentPassword', message: 'Enter your current password.' }]),
      ...(newPassword ? [] : [{ field: 'newPassword', message: 'Enter a new password.' }]),
    ];
    if (missing.length) return this.render(req, res, actor, formProblems(missing), false, 422);
    try {
      const token = await this.signIn.changePassword(actor, currentPassword, newPassword, req.ip);
      this.cookies.setSession(res, token);
      this.pages.redirect(res, '/account?changed=1');
    } catch (error) {
      assertFormRefusal(error);
      // The API names the current password "/password" when it is wrong.
      const fieldOf = (pointer: string) => (pointer === '/password' ? 'currentPassword' : pointer.slice(1));
      res.set(error.headers);
      await this.render(req, res, actor, problemsOf(error, 'currentPassword', fieldOf), false, error.status);
    }
  }

  private render(
    req: PageRequest,
    res: Response,
    actor: Actor,
    problems: FormProblems,
    changed: boolean,
    status = 200,
  ) {
    const roles = actor.roles.map((r) => ROLE_LABELS[r]).join(', ');
    return this.pages.render(
      req,
      res,
      'identity/account',
      'Your account',
      { person: actor, roles, changed, ...problems },
      status,
    );
  }
}
