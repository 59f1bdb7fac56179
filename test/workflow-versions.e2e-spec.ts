import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/roles';
import { MachineRegistry } from '../src/workflow/machine.registry';
import { assessmentMachineV2Fixture } from './fixtures/assessment.machine.v2';
import { sendEvent, submittedAssessment } from './support/assessments';
import { bearer, createUserAndLogin } from './support/identity';
import { bootTestApp } from './support/test-app';

describe('workflow machine versions', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await bootTestApp();
  });
  afterAll(() => app.close());

  it('keeps an assessment started on v1 running on v1 after v2 is registered; new ones get v2', async () => {
    const { session: owner } = await createUserAndLogin(app, [Role.ProjectOwner]);
    const { session: officer } = await createUserAndLogin(app, [Role.PrivacyOfficer]);
    const onV1 = await submittedAssessment(app, owner);

    app.get(MachineRegistry).register('v2', assessmentMachineV2Fixture);
    const onV2 = await submittedAssessment(app, owner);

    const db = app.get(DataSource);
    const versions = await db.query(
      'SELECT id, machine_version FROM assessments WHERE id = ANY($1) ORDER BY created_at',
      [[onV1.id, onV2.id]],
    );
    expect(versions.map((v: { machine_version: string }) => v.machine_version)).toEqual(['v1', 'v2']);

    // The same event takes each along its own version's path.
    expect((await sendEvent(app, officer, onV1.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' })).state).toBe(
      'risk_assessment',
    );
    expect((await sendEvent(app, officer, onV2.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' })).state).toBe(
      'approved',
    );

    const v1History = await request(app.getHttpServer())
      .get(`/assessments/${onV1.id}/events`)
      .set(bearer(owner))
      .expect(200);
    expect(new Set(v1History.body.map((e: { machineVersion: string }) => e.machineVersion))).toEqual(new Set(['v1']));
    expect((await request(app.getHttpServer()).get('/workflow').expect(200)).body.version).toBe('v2');
  });
});
