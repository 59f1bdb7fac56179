import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../../common/auth/access.decorators';
import {
  formProblems,
  type FormProblems,
  formText,
  localPath,
  NO_PROBLEMS,
  problemsOf,
  assertFormRefusal,
} from '../../web/forms';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { MAX_PASSWORD_LENGTH } from '../password/password-policy';
import { SessionCookies } from '../sessions/session-cookies';
import { WebSignInService } from '../sessions/web-sign-in.service';

/** Signing in and out of the pages. Deliberately public: these are how a person gets a session. */
@WebPages()
@Public()
@Controller()
export class SignInPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly signIn: WebSignInService,
    private readonly cookies: SessionCookies,
  ) {}

  @Get('login')
  async form(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Query('next') next?: unknown,
    @Query('signedOut') out?: unknown,
  ) {
    if (req.user) return this.pages.redirect(res, localPath(next));
    const notice = out === '1' ? 'You have signed out.' : null;
    await this.show(req, res, { email: '', next, notice }, NO_PROBLEMS);
  }

  @Post('login')
  async submit(@Req() req: PageRequest, @Res() res: Response, @Body() body: unknown, @Query('next') next?: unknown) {
    const email = formText(body, 'email', 254).trim();
    const password = formText(body, 'password', MAX_PASSWORD_LENGTH);
    const missing = [
      ...(email ? [] : [{ field: 'email', message: 'Enter your e-mail address.' }]),
      ...(password ? [] : [{ field: 'password', message: 'Enter your password.' }]),
    ];
    if (missing.length) return this.show(req, res, { email, next, notice: null }, formProblems(missing), 422);
    try {
      const token = await this.signIn.signIn(email, password, req.ip);
      this.cookies.setSession(res, token);
      this.pages.redirect(res, localPath(next));
    } catch (error) {
      assertFormRefusal(error);
      res.set(error.headers);
      await this.show(req, res, { email, next, notice: null }, problemsOf(error, 'email'), error.status);
    }
  }

  /** Public so that a page left open after the session ended can still sign out cleanly (the CSRF check stays). */
  @Post('logout')
  async signOut(@Req() req: PageRequest, @Res() res: Response) {
    if (req.session) await this.signIn.signOut(req.session, req.ip);
    this.cookies.clearSession(res);
    this.pages.redirect(res, '/login?signedOut=1');
  }

  private show(
    req: PageRequest,
    res: Response,
    model: { email: string; next: unknown; notice: string | null },
    problems: FormProblems,
    status = 200,
  ) {
    const next = localPath(model.next) === '/' ? null : encodeURIComponent(localPath(model.next));
    return this.pages.render(req, res, 'identity/login', 'Sign in', { ...model, next, ...problems }, status);
  }
}
