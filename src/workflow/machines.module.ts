import { Module } from '@nestjs/common';
import { MachineRegistry } from './machine.registry';

/** The machine registry alone, so that intake can start assessments without depending on the workflow module. */
@Module({ providers: [MachineRegistry], exports: [MachineRegistry] })
export class MachinesModule {}
