import { plainToInstance, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Matches, Max, Min, validateSync } from 'class-validator';
import * as path from 'node:path';
import { fakeNowFromEnv } from '../clock/clock';
import { IsTrustProxyList } from './trust-proxy';

/** LOG_LEVEL values, most to least severe; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

const SSO_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** Environment, validated once at start-up so a typo fails fast with the variable's name. */
export class EnvConfig {
  @Type(() => Number) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsString() DATA_DIR = './data';
  @IsOptional() @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must start with postgres://' })
  DATABASE_URL?: string;
  @IsString() CHROMIUM_PATH = '/usr/bin/chromium';
  @IsString() CONFIG_DIR = './config';
  @Type(() => Boolean) @IsBoolean() DEMO_MODE = false;
  @IsOptional() @IsString() HOST?: string;
  /** Base URL people reach the platform at (QR codes, public form links, verify links); default from HOST and the listening port. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'PUBLIC_URL must be an http(s) URL, e.g. https://lianzheng.example.gov.cn' })
  @Matches(/^[^?#]*$/, { message: 'PUBLIC_URL must not have a query or fragment' })
  PUBLIC_URL?: string;
  /** Key for sensitive plugin fields (64 hex chars or base64 of 32 bytes); without it DATA_DIR/secret.key is used. */
  @IsOptional() @IsString() FIELD_ENCRYPTION_KEY?: string;
  /** Reverse proxies whose forwarding headers are believed (see trust-proxy.ts); unset, none are. */
  @IsOptional() @IsTrustProxyList() TRUST_PROXY?: string;
  /** Passphrase that encrypts `cli.js backup` archives (or --passphrase-file) and scheduled ones; read only by backup, restore and the schedule. */
  @IsOptional() @IsString() BACKUP_PASSPHRASE?: string;
  /** Scheduled backups (`start` only): archives go here every BACKUP_EVERY_HOURS, the newest BACKUP_KEEP kept. */
  @IsOptional() @IsString() BACKUP_DIR?: string;
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) BACKUP_KEEP = 7;
  /** Requests in progress at once, the rest waiting their turn (core/http/admission.ts); unset: 8 on PostgreSQL, no limit on SQLite; 0: no limit. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10000) ACTIVE_REQUESTS?: number;
  /** 0 (default) is off; fractions allowed; at most 24 days, the longest timer Node keeps. */
  @Type(() => Number) @IsNumber() @Min(0) @Max(576) BACKUP_EVERY_HOURS = 0;
  /** SMS gateway adapter (notify/sms-gateway.transport.ts): unset, SMS stay queued. Needs SMS_GATEWAY_KEY. */
  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'SMS_GATEWAY_URL must be an http(s) URL' })
  SMS_GATEWAY_URL?: string;
  /** Secret of the HMAC-SHA256 signature the gateway checks (X-Signature). */
  @IsOptional() @IsString() SMS_GATEWAY_KEY?: string;
  /** The approved message template at the SMS provider, sent with each message. */
  @IsOptional() @IsString() SMS_TEMPLATE_ID?: string;
  /** smtp://user:pass@host:587 or smtps://…:465; unset, e-mails stay queued. Needs SMTP_FROM. */
  @IsOptional() @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must start with smtp:// or smtps://' }) SMTP_URL?: string;
  /** Sender address of notification e-mails, e.g. 廉政平台 <noreply@example.gov.cn>. */
  @IsOptional() @IsString() SMTP_FROM?: string;
  /** Least severe log line written: info shows one line per request, warn only warnings and errors. */
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }) LOG_LEVEL: LogLevelName = 'info';
  /** OpenID Connect sign-in (统一身份认证): the provider's issuer URL; unset, it is off. */
  @IsOptional() @IsUrl(SSO_URL, { message: 'OIDC_ISSUER must be an http(s) URL' }) OIDC_ISSUER?: string;
  @IsOptional() @IsString() OIDC_CLIENT_ID?: string;
  /** Unset: a public client, the code protected by PKCE alone. */
  @IsOptional() @IsString() OIDC_CLIENT_SECRET?: string;
  /** Default PUBLIC_URL + /login/oidc/callback. */
  @IsOptional() @IsUrl(SSO_URL, { message: 'OIDC_REDIRECT_URI must be an http(s) URL' }) OIDC_REDIRECT_URI?: string;
  /** The ID token claim holding the platform username. */
  @IsString() @Matches(/^[\w.:-]{1,64}$/, { message: 'OIDC_USERNAME_CLAIM must be a claim name' }) OIDC_USERNAME_CLAIM = 'preferred_username';
  /** CAS 3 sign-in: the server's base URL (…/cas, holding /login and /p3/serviceValidate); unset, it is off. */
  @IsOptional() @IsUrl(SSO_URL, { message: 'CAS_BASE_URL must be an http(s) URL' }) CAS_BASE_URL?: string;
  /** With OIDC or CAS on: only system admins may still sign in with a password. */
  @IsBoolean() SSO_ONLY_EXCEPT_ADMINS = false;
}

/** The string settings read here (DEMO_MODE and SSO_ONLY_EXCEPT_ADMINS are parsed apart); .env.example lists each of them (env-example.spec.ts). */
export const ENV_KEYS = ['PORT', 'DATA_DIR', 'DATABASE_URL', 'CHROMIUM_PATH', 'CONFIG_DIR', 'HOST', 'PUBLIC_URL', 'FIELD_ENCRYPTION_KEY', 'TRUST_PROXY', 'BACKUP_PASSPHRASE', 'BACKUP_DIR', 'BACKUP_KEEP', 'BACKUP_EVERY_HOURS', 'ACTIVE_REQUESTS', 'LOG_LEVEL', 'OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI', 'OIDC_USERNAME_CLAIM', 'CAS_BASE_URL', 'SMS_GATEWAY_URL', 'SMS_GATEWAY_KEY', 'SMS_TEMPLATE_ID', 'SMTP_URL', 'SMTP_FROM'] as const;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): EnvConfig {
  const raw: Record<string, unknown> = {};
  for (const key of ENV_KEYS) {
    if (source[key] !== undefined && source[key] !== '') raw[key] = source[key];
  }
  for (const flag of ['DEMO_MODE', 'SSO_ONLY_EXCEPT_ADMINS'] as const) {
    if (source[flag] !== undefined) raw[flag] = ['1', 'true', 'yes'].includes(String(source[flag]));
  }
  const env = plainToInstance(EnvConfig, raw);
  const errors = validateSync(env);
  const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  // Checked here too so a bad test clock stops the boot with this message, before Nest builds the Clock.
  try {
    fakeNowFromEnv(source);
  } catch (err) {
    lines.push(`  LZ_FAKE_NOW: ${(err as Error).message}`);
  }
  if (!errors.length) lines.push(...backupScheduleProblems(env), ...ssoProblems(env), ...notifyProblems(env));
  if (lines.length) throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  env.DATA_DIR = path.resolve(env.DATA_DIR);
  env.CONFIG_DIR = path.resolve(env.CONFIG_DIR);
  if (env.PUBLIC_URL) env.PUBLIC_URL = env.PUBLIC_URL.replace(/\/+$/, '');
  if (env.BACKUP_DIR) env.BACKUP_DIR = path.resolve(env.BACKUP_DIR);
  if (env.CAS_BASE_URL) env.CAS_BASE_URL = env.CAS_BASE_URL.replace(/\/+$/, '');
  return env;
}

/** A channel is on with all of its settings, off with none: half of them is a typo to report, not a silent off. */
function notifyProblems(env: EnvConfig): string[] {
  const problems: string[] = [];
  if (!!env.SMS_GATEWAY_URL !== !!env.SMS_GATEWAY_KEY) problems.push('  SMS_GATEWAY_URL, SMS_GATEWAY_KEY: set both or neither');
  if (!!env.SMTP_URL !== !!env.SMTP_FROM) problems.push('  SMTP_URL, SMTP_FROM: set both or neither');
  return problems;
}

/** A schedule needs somewhere to write outside DATA_DIR (else each archive would hold the ones before it) and a passphrase. */
function backupScheduleProblems(env: EnvConfig): string[] {
  if (!env.BACKUP_EVERY_HOURS) return [];
  const problems: string[] = [];
  if (!env.BACKUP_DIR) problems.push('  BACKUP_DIR: required when BACKUP_EVERY_HOURS is set');
  else {
    const rel = path.relative(path.resolve(env.DATA_DIR), path.resolve(env.BACKUP_DIR));
    if (!rel || (!rel.startsWith('..') && !path.isAbsolute(rel))) problems.push('  BACKUP_DIR: must be outside DATA_DIR');
  }
  if (!env.BACKUP_PASSPHRASE) problems.push('  BACKUP_PASSPHRASE: required when BACKUP_EVERY_HOURS is set');
  return problems;
}

/** OIDC needs its client id; restricting passwords needs a way to sign in without one. */
function ssoProblems(env: EnvConfig): string[] {
  const problems: string[] = [];
  if (env.OIDC_ISSUER && !env.OIDC_CLIENT_ID) problems.push('  OIDC_CLIENT_ID: required when OIDC_ISSUER is set');
  if (!env.OIDC_ISSUER && (env.OIDC_CLIENT_ID || env.OIDC_REDIRECT_URI)) problems.push('  OIDC_ISSUER: required when OIDC_CLIENT_ID or OIDC_REDIRECT_URI is set');
  if (env.SSO_ONLY_EXCEPT_ADMINS && !env.OIDC_ISSUER && !env.CAS_BASE_URL) problems.push('  SSO_ONLY_EXCEPT_ADMINS: needs OIDC_ISSUER or CAS_BASE_URL, else only admins could sign in');
  return problems;
}
