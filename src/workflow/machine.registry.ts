import { Injectable } from '@nestjs/common';
import type { AnyStateMachine } from 'xstate';
import { assessmentMachineV1 } from './assessment.machine.v1';
import { assessmentMachineV2 } from './assessment.machine.v2';

/**
 * Every machine version that assessments may run on. A new assessment gets the latest; an existing one
 * keeps the version it started with, so old versions stay registered for as long as any row uses them.
 */
@Injectable()
export class MachineRegistry {
  private readonly machines = new Map<string, AnyStateMachine>();
  private latestVersion = '';

  constructor() {
    this.register('v1', assessmentMachineV1);
    this.register('v2', assessmentMachineV2);
  }

  /** Adds a version; the last one registered is the one new assessments get. */
  register(version: string, machine: AnyStateMachine): void {
    this.machines.set(version, machine);
    this.latestVersion = version;
  }

  get(version: string): AnyStateMachine {
    const machine = this.machines.get(version);
    if (!machine) throw new Error(`workflow machine ${version} is not registered`);
    return machine;
  }

  latest(): { version: string; machine: AnyStateMachine } {
    return { version: this.latestVersion, machine: this.get(this.latestVersion) };
  }

  /** The version a new assessment starts on: the one configured (WORKFLOW_START_VERSION), else the latest. */
  forNewAssessments(configured: string | null): { version: string; machine: AnyStateMachine } {
    const version = configured ?? this.latestVersion;
    return { version, machine: this.get(version) };
  }
}
