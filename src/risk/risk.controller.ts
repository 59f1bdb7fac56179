import { Body, Controller, Get, Header, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Permission } from '../common/auth/permissions';
import { AdjustRiskDto, MeasureDto, MeasureParams, RescoreDto, RiskParams, UpdateMeasureDto } from './dto/risk.dto';
import { RiskService } from './risk.service';
import { IdParam } from '../common/validation/id.param';

@ApiTags('risk')
@ApiBearerAuth()
@Controller('assessments/:id')
export class RiskController {
  constructor(private readonly risk: RiskService) {}

  /** Inherent, residual and target positions, their explanation, measures, and what they mean for routing. */
  @Get('risk')
  @RequirePermission(Permission.AssessmentsRead)
  register(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.risk.register(actor, id);
  }

  @Get('risk/heatmap.svg')
  @RequirePermission(Permission.AssessmentsRead)
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiProduces('image/svg+xml')
  heatmap(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.risk.heatmap(actor, id);
  }

  @Post('risk/rescore')
  @RequirePermission(Permission.RiskManage)
  rescore(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() body: RescoreDto) {
    return this.risk.rescore(actor, id, body.reason);
  }

  @Put('risks/:riskId')
  @RequirePermission(Permission.RiskManage)
  adjust(@CurrentActor() actor: Actor, @Param() { id, riskId }: RiskParams, @Body() body: AdjustRiskDto) {
    return this.risk.adjust(actor, id, riskId, body);
  }

  @Get('risks/:riskId/history')
  @RequirePermission(Permission.AssessmentsRead)
  history(@CurrentActor() actor: Actor, @Param() { id, riskId }: RiskParams) {
    return this.risk.history(actor, id, riskId);
  }

  @Post('measures')
  @RequirePermission(Permission.RiskManage)
  addMeasure(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() body: MeasureDto) {
    return this.risk.addMeasure(actor, id, body);
  }

  @Patch('measures/:measureId')
  @RequirePermission(Permission.RiskManage)
  updateMeasure(
    @CurrentActor() actor: Actor,
    @Param() { id, measureId }: MeasureParams,
    @Body() body: UpdateMeasureDto,
  ) {
    return this.risk.updateMeasure(actor, id, measureId, body);
  }
}
