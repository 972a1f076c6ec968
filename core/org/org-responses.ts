import { ApiProperty } from '@nestjs/swagger';

/** Answers of /api/institutions (docs only). */

export class InstitutionResponse {
  @ApiProperty({ type: 'integer', description: '单位编号' }) id: number;
  @ApiProperty({ description: '单位代码' }) code: string;
  @ApiProperty({ description: '单位名称' }) name: string;
  @ApiProperty({ description: '英文名称（可为空串）' }) nameEn: string;
  @ApiProperty({ description: '单位类型' }) type: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '上级单位编号' }) parentId: number | null;
  @ApiProperty({ description: '文头（发文机关名称）' }) letterhead: string;
  @ApiProperty({ description: '文号前缀' }) docNumberPrefix: string;
  @ApiProperty({ description: '预警等级方案' }) warningPalette: string;
  @ApiProperty({ description: '风险分级方案' }) gradingPreset: string;
  @ApiProperty({ type: [String], description: '启用的插件' }) plugins: string[];
}

export class DepartmentResponse {
  @ApiProperty({ type: 'integer', description: '部门编号' }) id: number;
  @ApiProperty({ type: 'integer', description: '所属单位' }) institutionId: number;
  @ApiProperty({ description: '部门名称' }) name: string;
  @ApiProperty({ description: '部门代码（可为空串）' }) code: string;
}

export class PostResponse {
  @ApiProperty({ type: 'integer', description: '岗位编号' }) id: number;
  @ApiProperty({ type: 'integer', description: '所属单位' }) institutionId: number;
  @ApiProperty({ type: 'integer', nullable: true, description: '所属部门' }) departmentId: number | null;
  @ApiProperty({ description: '岗位名称' }) name: string;
}

export class PostRowResponse extends PostResponse {
  @ApiProperty({ type: 'string', nullable: true, description: '部门名称' }) departmentName: string | null;
  @ApiProperty({ type: 'integer', description: '担任该岗位的人数' }) people: number;
}

export class PostUpdatedResponse extends PostResponse {
  @ApiProperty({ type: 'integer', description: '随岗位调整部门的人数' }) peopleMoved: number;
}

/** A person with contacts masked. */
export class PersonResponse {
  @ApiProperty({ type: 'integer', description: '人员编号' }) id: number;
  @ApiProperty({ type: 'integer', description: '所属单位' }) institutionId: number;
  @ApiProperty({ type: 'integer', nullable: true, description: '部门' }) departmentId: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '岗位' }) postId: number | null;
  @ApiProperty({ description: '姓名' }) name: string;
  @ApiProperty({ description: '职务（可为空串）' }) title: string;
  @ApiProperty({ type: 'string', nullable: true, format: 'date', description: '任现岗位时间' }) postSince: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: '手机号（掩码）' }) phone: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: '邮箱（掩码）' }) email: string | null;
}

export class PersonRowResponse extends PersonResponse {
  @ApiProperty({ type: 'string', nullable: true, description: '部门名称' }) departmentName: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: '岗位名称' }) postName: string | null;
}

export class PeopleImportedResponse {
  @ApiProperty({ type: 'integer', description: '导入的人数' }) imported: number;
}
