import * as path from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { MeService } from './auth/me.service';
import { SessionGuard } from './auth/session.guard';
import { UsersController } from './auth/users.controller';
import { UsersService } from './auth/users.service';
import { EnvConfig } from './config/env.config';
import { Db } from './db/db';
import { TemplateService } from './documents/template.service';
import { HealthController } from './http/health.controller';
import { AccessService } from './org/access.service';
import { OrgController } from './org/org.controller';
import { OrgService } from './org/org.service';
import { PluginHost } from './plugin-host/plugin-host';
import { PluginsController } from './plugin-host/plugins.controller';
import { RecordDocumentService } from './records/record-document.service';
import { RecordsController } from './records/records.controller';
import { RecordsService } from './records/records.service';
import { WebController } from './web/web.controller';
import { ScreenRenderer } from './web/screen-renderer';

export interface CoreDeps {
  db: Db;
  host: PluginHost;
  env: EnvConfig;
  /** Project root: templates/ lives here. */
  rootDir: string;
}

@Module({})
export class AppModule {
  static register(deps: CoreDeps): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, AuthController, UsersController, OrgController, PluginsController, RecordsController, AuditController, WebController],
      providers: [
        { provide: Db, useValue: deps.db },
        { provide: PluginHost, useValue: deps.host },
        { provide: EnvConfig, useValue: deps.env },
        { provide: TemplateService, useFactory: (host: PluginHost) => new TemplateService(host, path.join(deps.rootDir, 'templates', 'documents')), inject: [PluginHost] },
        { provide: ScreenRenderer, useFactory: () => new ScreenRenderer(path.join(deps.rootDir, 'templates', 'screens')) },
        AuditService,
        AccessService,
        AuthService,
        MeService,
        UsersService,
        OrgService,
        RecordsService,
        RecordDocumentService,
        { provide: APP_GUARD, useClass: SessionGuard },
      ],
    };
  }
}
