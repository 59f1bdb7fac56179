import { Injectable } from '@nestjs/common';
import { VersionedRegistry } from '../../common/templates/versioned-registry';
import type { RiskModel } from './risk-model.types';

/** Every risk model version found at boot; old versions stay for the assessments scored with them. */
@Injectable()
export class RiskModelRegistry extends VersionedRegistry<RiskModel> {
  constructor(models: RiskModel[]) {
    super('risk model', models);
  }
}
