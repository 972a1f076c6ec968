import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../plugin-api/roles';

/** Answers of /api/auth, /api/me and /api/users (docs only). */

export class RoleGrantResponse {
  @ApiProperty({ type: 'integer', description: '单位编号' }) institutionId: number;
  @ApiProperty({ enum: ROLES, description: '角色' }) role: string;
  @ApiProperty({ description: '是否含下级单位' }) includeDescendants: boolean;
  @ApiProperty({ description: '单位名称' }) institutionName: string;
}

export class MeResponse {
  @ApiProperty({ type: 'integer', description: '账号编号' }) id: number;
  @ApiProperty({ description: '用户名' }) username: string;
  @ApiProperty({ description: '显示名' }) displayName: string;
  @ApiProperty({ description: '是否系统管理员' }) isSystemAdmin: boolean;
  @ApiProperty({ description: '是否须先修改临时密码' }) mustChangePassword: boolean;
  @ApiProperty({ type: [RoleGrantResponse], description: '所担任的角色' }) roles: RoleGrantResponse[];
  @ApiProperty({ type: 'integer', nullable: true, description: '当前单位' }) currentInstitutionId: number | null;
  @ApiProperty({ type: [Number], description: '可查看的单位编号' }) visibleInstitutionIds: number[];
  @ApiProperty({ description: 'CSRF 令牌：提交时放在 X-CSRF-Token 请求头' }) csrfToken: string;
}

export class SwitchedInstitutionResponse {
  @ApiProperty({ example: true }) ok: boolean;
  @ApiProperty({ type: 'integer', description: '切换后的当前单位' }) currentInstitutionId: number;
}

/** An account without its password hash. */
export class UserResponse {
  @ApiProperty({ type: 'integer', description: '账号编号' }) id: number;
  @ApiProperty({ description: '用户名' }) username: string;
  @ApiProperty({ description: '显示名' }) displayName: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '对应人员' }) personId: number | null;
  @ApiProperty({ description: '是否系统管理员' }) isSystemAdmin: boolean;
  @ApiProperty({ description: '是否已停用' }) disabled: boolean;
  @ApiProperty({ description: '是否须先修改临时密码' }) mustChangePassword: boolean;
  @ApiProperty({ description: '界面语言', example: 'zh' }) locale: string;
  @ApiProperty({ description: '创建时间（ISO 8601）' }) createdAt: string;
}
