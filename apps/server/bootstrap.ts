import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import type { DestinationStream } from 'pino';
import { AppModule } from '../../core/app.module';
import { AuthService, SESSION_COOKIE } from '../../core/auth/auth.service';
import { EnvConfig } from '../../core/config/env.config';
import { trustedProxies } from '../../core/config/trust-proxy';
import { Db } from '../../core/db/db';
import { ALL_CORE_MIGRATIONS, CORE_ENTITIES } from '../../core/domain-modules';
import { runMigrations } from '../../core/db/migration-runner';
import { ModelConfigSync } from '../../core/rules/models/model-config-sync.service';
import { loadFieldCipher } from '../../core/records/field-key-check';
import { syncRecordIndexes } from '../../core/records/record-indexes';
import { admission, PG_ACTIVE_REQUESTS } from '../../core/http/admission';
import { AllExceptionsFilter, bodyParserErrors } from '../../core/http/all-exceptions.filter';
import { completeApiDocument } from '../../core/http/api-docs';
import { createAppLogger, NestPinoLogger } from '../../core/http/app-logger';
import { guardBody } from '../../core/http/input-guard';
import { requestLog } from '../../core/http/request-log';
import { unparsedBody } from '../../core/http/unparsed-body';
import { createValidationPipe } from '../../core/http/validation';
import { OrgService } from '../../core/org/org.service';
import { INSTITUTION_TYPES, type PluginDefinition } from '../../core/plugin-api';
import { loadInstitutionConfigs } from '../../core/plugin-host/institution-config';
import { applySavedInstitutions } from '../../core/plugin-host/institution-settings.service';
import { PluginHost } from '../../core/plugin-host/plugin-host';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
import { boundHeapGrowth } from './heap-growth';

export const ROOT_DIR = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));

export interface Platform {
  app: INestApplication;
  db: Db;
  host: PluginHost;
  env: EnvConfig;
}

/** Loads config and plugins, opens and migrates the database: everything before HTTP. */
export async function openPlatform(env: EnvConfig, plugins: PluginDefinition[] = INSTALLED_PLUGINS): Promise<{ db: Db; host: PluginHost }> {
  const configs = loadInstitutionConfigs(env.CONFIG_DIR, [...INSTITUTION_TYPES, ...plugins.flatMap((p) => (p.declaresInstitutionTypes ?? []).map((t) => t.id))]);
  const host = new PluginHost(plugins, configs);
  await host.start();
  const db = await Db.open({ dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL, entities: CORE_ENTITIES });
  await db.exclusive(() => runMigrations(db.writer, ALL_CORE_MIGRATIONS));
  await db.exclusive(() => syncRecordIndexes(db.writer, host));
  await applySavedInstitutions(db, host, env.CONFIG_DIR).catch(async (err: unknown) => {
    await db.close();
    throw err;
  });
  return { db, host };
}

function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'same-origin');
  if (!req.path.startsWith('/api/docs')) {
    // Signed-in pages and API answers hold private data: keep them out of caches (and the Back button after logout).
    // Static routes (/assets/...) override this with their own Cache-Control.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'");
  }
  next();
}

/** `logger`: where the JSON log lines go (default stdout, at LOG_LEVEL); false logs nothing (tests, one-shot commands). */
export async function createPlatform(env: EnvConfig, opts: { plugins?: PluginDefinition[]; logger?: DestinationStream | false } = {}): Promise<Platform> {
  boundHeapGrowth();
  const { db, host } = await openPlatform(env, opts.plugins);
  const cipher = await loadFieldCipher(db, env).catch(async (err) => {
    await db.close();
    throw err;
  });
  const log = createAppLogger(opts.logger === false ? 'silent' : env.LOG_LEVEL, opts.logger || undefined);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ db, host, env, cipher, rootDir: ROOT_DIR }), {
    bodyParser: false,
    logger: opts.logger === false ? false : new NestPinoLogger(log),
  });
  app.set('trust proxy', trustedProxies(env.TRUST_PROXY)); // forwarding headers only from the proxies in TRUST_PROXY
  app.disable('x-powered-by');
  const auth = app.get(AuthService);
  // First, so every answer (a body parser's refusal too) carries the request id; cookies are parsed by the time it logs.
  app.use(requestLog(log, (req) => auth.resolve((req as { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE])));
  const active = env.ACTIVE_REQUESTS ?? (db.kind === 'postgres' ? PG_ACTIVE_REQUESTS : 0);
  if (active > 0) app.use(admission(active));
  app.use(securityHeaders);
  app.use(cookieParser());
  app.useBodyParser('json', { limit: '256kb' });
  app.useBodyParser('urlencoded', { limit: '256kb', extended: false });
  app.use(bodyParserErrors);
  app.use(unparsedBody);
  app.use(guardBody);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('廉政风险预警防控平台 API').setDescription('Integrity-risk prevention and control platform').setVersion('0.1.0').addCookieAuth('sid').build(),
  );
  completeApiDocument(doc, host);
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
  // Run onModuleInit hooks (event subscriptions, schedulers) now: the CLI seeds demo data before it listens.
  await app.init();
  // Idle connections outlive those of clients and proxies (Node fetch 4 s, nginx 60 s), so the client always closes first:
  // a request sent on a connection the server is closing at that moment is reset.
  const server = app.getHttpServer() as import('node:http').Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await app.get(OrgService).syncFromConfig(host.institutions);
  // Models in the institutions' YAML need the institutions' rows.
  await app.get(ModelConfigSync).sync();
  return { app, db, host, env };
}
