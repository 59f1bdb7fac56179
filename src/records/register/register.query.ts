import { IntersectionType } from '@nestjs/swagger';
import { PageQuery } from '../../common/validation/page.query';
import { DecisionFilter } from '../exports/export-filter';

/** The register page: a page of the decisions the records exports' own filter selects. */
export class RegisterPageQuery extends IntersectionType(PageQuery, DecisionFilter) {}
