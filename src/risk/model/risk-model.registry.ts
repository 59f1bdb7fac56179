import { Injectable } from '@nestjs/common';
import type { RiskModel } from './risk-model.types';

/** Every risk model version found at boot; old versions stay for the assessments scored with them. */
@Injectable()
export class RiskModelRegistry {
  private readonly byKey = new Map<string, RiskModel>();

  constructor(models: RiskModel[]) {
    for (const model of models) this.byKey.set(`${model.id}@${model.version}`, model);
  }

  get(id: string, version: number): RiskModel {
    const model = this.byKey.get(`${id}@${version}`);
    if (!model) throw new Error(`risk model ${id} v${version} is not installed`);
    return model;
  }

  latest(id: string): RiskModel | undefined {
    return [...this.byKey.values()].filter((m) => m.id === id).sort((a, b) => b.version - a.version)[0];
  }
}
