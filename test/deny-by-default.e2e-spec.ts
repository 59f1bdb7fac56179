import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { createRootLogger } from '../src/common/logging/root-logger';
import { Role } from '../src/common/auth/roles';
import { loadConfig } from '../src/config/load-config';
import { bearer, createUserAndLogin } from './support/identity';
import { TEST_JWT_SECRET, testDatabaseUrl } from './support/test-app';

/** A route someone forgot to decorate. */
@Controller('forgotten')
class ForgottenController {
  @Get()
  secret() {
    return { leaked: true };
  }
}

describe('deny by default', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: TEST_JWT_SECRET });
    @Module({
      imports: [AppModule.register({ config, databaseUrl: testDatabaseUrl(), logger: createRootLogger(config) })],
      controllers: [ForgottenController],
    })
    class AppWithForgottenRoute {}
    app = await NestFactory.create(AppWithForgottenRoute, { logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  it('refuses a route without @RequirePermission or @Public to everyone, even an admin', async () => {
    await request(app.getHttpServer()).get('/forgotten').expect(401);
    const { session } = await createUserAndLogin(app, [Role.Admin, Role.Approver, Role.PrivacyOfficer]);
    const res = await request(app.getHttpServer()).get('/forgotten').set(bearer(session)).expect(403);
    expect(res.body).toMatchObject({
      type: 'urn:privacy-review:problem:forbidden',
      detail: 'This route is not open to anyone.',
    });
  });
});
