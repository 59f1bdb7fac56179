import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { ROLE_LABELS } from '../../common/labels';
import { AppConfig } from '../../config/app-config';
import type { Role } from '../../common/auth/roles';
import { validateBody } from '../../common/validation/validation';
import {
  assertFormRefusal,
  formList,
  formProblems,
  type FormProblems,
  formText,
  NO_PROBLEMS,
  problemsOf,
  isUuid,
} from '../../web/forms';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { pageNumber, pagerOf } from '../../web/pager';
import { WebPages } from '../../web/web-pages.decorator';
import { CreateUserDto, UpdateUserDto } from '../dto/user.dto';
import { IdentityErrorCode, IdentityException } from '../identity.exception';
import { MAX_PASSWORD_LENGTH } from '../password/password-policy';
import { UsersService, type UserView } from '../users.service';
import { fieldOfPointer, roleChoices, roleNames, userFilterOf, userRow } from './user-forms';

const PAGE_SIZE = 50;

interface NewUserForm {
  displayName: string;
  email: string;
  department: string;
  roles: string[];
}

interface EditForm {
  department: string;
  roles: string[];
}

/**
 * The admin's pages for people: list, create, change roles and department, deactivate and reactivate. Every
 * change goes through UsersService.update or create, the API's own path, so its refusals (yourself, the last
 * admin, your own roles) are the service's, shown here in its words; and the forms shown are those its
 * allowedChanges says it would accept.
 */
@WebPages()
@Controller('admin/users')
export class UsersPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  /** What a department means here, in the hint beside the field: which roles it limits (DEPARTMENT_SCOPED_ROLES). */
  private departmentHint(): string {
    const scoped = this.config.access.departmentScopedRoles;
    return scoped.length
      ? `As ${scoped.map((r) => ROLE_LABELS[r]).join(' or ')}, they reach only their department's assessments.`
      : 'Shown with their name; no role is limited to its department in this service.';
  }

  @Get()
  @RequirePermission(Permission.UsersRead)
  async list(@Req() req: PageRequest, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const filter = userFilterOf(query);
    const page = pageNumber(query.page);
    const [found, departments] = await Promise.all([
      this.users.list({
        page,
        pageSize: PAGE_SIZE,
        ...(filter.q ? { q: filter.q } : {}),
        ...(filter.role ? { role: filter.role as Role } : {}),
        ...(filter.department ? { department: filter.department } : {}),
        ...(filter.active ? { active: filter.active === 'true' } : {}),
      }),
      this.users.departments(),
    ]);
    await this.pages.render(req, res, 'admin/users', 'Users', {
      filter,
      filtered: Object.values(filter).some(Boolean),
      roles: roleChoices(filter.role ? [filter.role] : []),
      departments: departments.map((d) => ({ value: d, selected: d === filter.department })),
      users: found.items.map(userRow),
      pager: pagerOf('/admin/users', { ...filter }, page, PAGE_SIZE, found.total),
    });
  }

  @Get('new')
  @RequirePermission(Permission.UsersManage)
  form(@Req() req: PageRequest, @Res() res: Response) {
    return this.showNew(req, res, { displayName: '', email: '', department: '', roles: [] }, NO_PROBLEMS);
  }

  @Post()
  @RequirePermission(Permission.UsersManage)
  async create(@Req() req: PageRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Body() body: unknown) {
    const typed: NewUserForm = {
      displayName: formText(body, 'displayName', 1000),
      email: formText(body, 'email', 1000),
      department: formText(body, 'department', 1000),
      roles: formList(body, 'roles'),
    };
    const password = formText(body, 'password', MAX_PASSWORD_LENGTH + 1);
    const missing = [
      ...(typed.displayName.trim() ? [] : [{ field: 'displayName', message: 'Enter the person’s name.' }]),
      ...(typed.email.trim() ? [] : [{ field: 'email', message: 'Enter their e-mail address.' }]),
      ...(password ? [] : [{ field: 'password', message: 'Enter an initial password for them.' }]),
    ];
    if (missing.length) return this.showNew(req, res, typed, formProblems(missing), 422);
    try {
      // The API's own checks of a new user (e-mail, lengths, known roles), then the service's (password policy).
      const input = await validateBody(CreateUserDto, {
        displayName: typed.displayName,
        email: typed.email,
        ...(typed.department.trim() ? { department: typed.department } : {}),
        roles: typed.roles,
        password,
      });
      const created = await this.users.create(input, actor.id, req.ip);
      this.pages.redirect(res, `/admin/users/${created.id}?done=created`);
    } catch (error) {
      assertFormRefusal(error);
      await this.showNew(req, res, typed, problemsOf(error, 'displayName', fieldOfPointer), error.status);
    }
  }

  @Get(':id')
  @RequirePermission(Permission.UsersRead)
  async show(
    @Req() req: PageRequest,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query('done') done?: unknown,
  ) {
    const user = await this.find(id);
    await this.showUser(req, res, actor, user, null, NO_PROBLEMS, 200, doneNotice(done));
  }

  @Post(':id')
  @RequirePermission(Permission.UsersManage)
  async edit(
    @Req() req: PageRequest,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    const user = await this.find(id);
    const typed: EditForm = { department: formText(body, 'department', 1000), roles: formList(body, 'roles') };
    try {
      const changes = await validateBody(UpdateUserDto, {
        roles: typed.roles,
        department: typed.department.trim() ? typed.department : null,
      });
      await this.users.update(user.id, changes, actor, req.ip);
      this.pages.redirect(res, `/admin/users/${user.id}?done=saved`);
    } catch (error) {
      assertFormRefusal(error, [404]);
      await this.showUser(req, res, actor, user, typed, problemsOf(error, 'roles', fieldOfPointer), error.status);
    }
  }

  @Post(':id/deactivate')
  @RequirePermission(Permission.UsersManage)
  deactivate(@Req() req: PageRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.setActive(req, res, actor, id, false);
  }

  @Post(':id/reactivate')
  @RequirePermission(Permission.UsersManage)
  reactivate(@Req() req: PageRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.setActive(req, res, actor, id, true);
  }

  private async setActive(req: PageRequest, res: Response, actor: Actor, id: string, active: boolean) {
    const user = await this.find(id);
    try {
      await this.users.update(user.id, { active }, actor, req.ip);
      this.pages.redirect(res, `/admin/users/${user.id}?done=${active ? 'reactivated' : 'deactivated'}`);
    } catch (error) {
      assertFormRefusal(error, [404]);
      await this.showUser(req, res, actor, user, null, problemsOf(error, 'status'), error.status);
    }
  }

  /** The user, or the 404 page for an id that names nobody (a malformed one included). */
  private find(id: string): Promise<UserView> {
    if (!isUuid(id)) throw new IdentityException(IdentityErrorCode.UserNotFound, 'No such user.');
    return this.users.get(id);
  }

  private showNew(req: PageRequest, res: Response, form: NewUserForm, problems: FormProblems, status = 200) {
    return this.pages.render(
      req,
      res,
      'admin/user-new',
      'Add a user',
      { form, roles: roleChoices(form.roles), departmentHint: this.departmentHint(), ...problems },
      status,
    );
  }

  private async showUser(
    req: PageRequest,
    res: Response,
    actor: Actor,
    user: UserView,
    typed: EditForm | null,
    problems: FormProblems,
    status = 200,
    notice: string | null = null,
  ) {
    const form = typed ?? { department: user.department ?? '', roles: user.roles };
    // The forms shown are the changes the service would accept from this admin; a POST is still checked there.
    const allowed = await this.users.allowedChanges(actor, user);
    return this.pages.render(
      req,
      res,
      'admin/user',
      user.displayName,
      {
        user: { ...user, roleNames: roleNames(user.roles) },
        self: user.id === actor.id,
        allowed,
        form,
        roles: roleChoices(form.roles),
        departmentHint: this.departmentHint(),
        notice,
        signInsUrl: `/admin/sign-ins?${new URLSearchParams({ person: user.email }).toString()}`,
        ...problems,
      },
      status,
    );
  }
}

/** The notice after a change, from the redirect's ?done=. */
function doneNotice(done: unknown): string | null {
  const notices: Record<string, string> = {
    created: 'User created. They can sign in with the initial password you gave them.',
    saved: 'Roles and department saved. They apply from the person’s next request.',
    deactivated: 'User deactivated. Their sessions and tokens have ended, and they cannot sign in.',
    reactivated: 'User reactivated. They can sign in again with their password.',
  };
  return typeof done === 'string' && Object.hasOwn(notices, done) ? notices[done] : null;
}
