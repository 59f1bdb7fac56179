import { Body, Controller, Get, Header, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problem.response';
import { ApiContentResponse } from '../common/openapi/responses';
import { MeasureResponse, RiskAdjustmentResponse, RiskRegisterResponse } from './dto/risk.responses';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Permission } from '../common/auth/permissions';
import { AdjustRiskDto, MeasureDto, MeasureParams, RescoreDto, RiskParams, UpdateMeasureDto } from './dto/risk.dto';
import { RiskAdjustmentsService } from './risk-adjustments.service';
import { RiskMeasuresService } from './risk-measures.service';
import { RiskRegisterService } from './risk-register.service';
import { RiskScoringService } from './risk-scoring.service';
import { IdParam } from '../common/validation/id.param';

@ApiTags('risk')
@Controller('assessments/:id')
export class RiskController {
  constructor(
    private readonly registers: RiskRegisterService,
    private readonly scoring: RiskScoringService,
    private readonly adjustments: RiskAdjustmentsService,
    private readonly measures: RiskMeasuresService,
  ) {}

  /** Inherent, residual and target positions, their explanation, measures, and what they mean for routing. */
  @Get('risk')
  @RequirePermission(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'The risk register: positions, explanations, measures and routing' })
  @ApiOkResponse({ type: RiskRegisterResponse })
  @ApiProblems(404)
  register(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.registers.register(actor, id);
  }

  @Get('risk/heatmap.svg')
  @RequirePermission(Permission.AssessmentsRead)
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiOperation({ summary: 'The risk heat map (SVG)' })
  @ApiContentResponse('image/svg+xml', 'Inherent and residual positions on the model’s two axes.')
  @ApiProblems(404)
  heatmap(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.registers.heatmap(actor, id);
  }

  @Post('risk/rescore')
  @RequirePermission(Permission.RiskManage)
  @ApiOperation({ summary: "Rescore under the newest version of the assessment's risk model" })
  @ApiCreatedResponse({ type: RiskRegisterResponse })
  @ApiProblems(404, 409)
  rescore(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() body: RescoreDto) {
    return this.scoring.rescore(actor, id, body.reason);
  }

  @Put('risks/:riskId')
  @RequirePermission(Permission.RiskManage)
  @ApiOperation({ summary: 'Adjust a risk: positions with justifications, treatment, owner, due date, status' })
  @ApiOkResponse({ type: RiskRegisterResponse })
  @ApiProblems(404, 409, 422)
  adjust(@CurrentActor() actor: Actor, @Param() { id, riskId }: RiskParams, @Body() body: AdjustRiskDto) {
    return this.adjustments.adjust(actor, id, riskId, body);
  }

  @Get('risks/:riskId/history')
  @RequirePermission(Permission.AssessmentsRead)
  @ApiOperation({ summary: "A risk's adjustments, oldest first" })
  @ApiOkResponse({ type: [RiskAdjustmentResponse] })
  @ApiProblems(404)
  history(@CurrentActor() actor: Actor, @Param() { id, riskId }: RiskParams) {
    return this.adjustments.history(actor, id, riskId);
  }

  @Post('measures')
  @RequirePermission(Permission.RiskManage)
  @ApiOperation({ summary: 'Add a measure that treats some of the risks' })
  @ApiCreatedResponse({ type: MeasureResponse })
  @ApiProblems(404, 409, 422)
  addMeasure(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() body: MeasureDto) {
    return this.measures.addMeasure(actor, id, body);
  }

  @Patch('measures/:measureId')
  @RequirePermission(Permission.RiskManage)
  @ApiOperation({ summary: 'Change a measure' })
  @ApiOkResponse({ type: MeasureResponse })
  @ApiProblems(404, 409, 422)
  updateMeasure(
    @CurrentActor() actor: Actor,
    @Param() { id, measureId }: MeasureParams,
    @Body() body: UpdateMeasureDto,
  ) {
    return this.measures.updateMeasure(actor, id, measureId, body);
  }
}
