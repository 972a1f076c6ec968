import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AuditService } from './audit.service';
import { ApiOk } from '../http/api-responses';
import { ChainReportResponse } from './audit-responses';

@ApiTags('audit')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Roles('system-admin', 'discipline-officer')
  @Get('verify')
  @ApiOperation({ summary: '校验审计日志完整性', description: 'Verifies the hash chain of the audit log.' })
  @ApiOk(ChainReportResponse)
  verify() {
    return this.audit.verify();
  }
}
