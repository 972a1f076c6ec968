import { plainToInstance, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Matches, Max, Min, validateSync } from 'class-validator';
import * as path from 'node:path';
import { fakeNowFromEnv } from '../clock/clock';
import { IsTrustProxyList } from './trust-proxy';

/** LOG_LEVEL values, most to least severe; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

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
  /** 0 (default) is off; fractions allowed; at most 24 days, the longest timer Node keeps. */
  @Type(() => Number) @IsNumber() @Min(0) @Max(576) BACKUP_EVERY_HOURS = 0;
  /** Least severe log line written: info shows one line per request, warn only warnings and errors. */
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }) LOG_LEVEL: LogLevelName = 'info';
}

/** The string settings read here (DEMO_MODE is parsed apart); .env.example lists each of them (env-example.spec.ts). */
export const ENV_KEYS = ['PORT', 'DATA_DIR', 'DATABASE_URL', 'CHROMIUM_PATH', 'CONFIG_DIR', 'HOST', 'PUBLIC_URL', 'FIELD_ENCRYPTION_KEY', 'TRUST_PROXY', 'BACKUP_PASSPHRASE', 'BACKUP_DIR', 'BACKUP_KEEP', 'BACKUP_EVERY_HOURS', 'LOG_LEVEL'] as const;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): EnvConfig {
  const raw: Record<string, unknown> = {};
  for (const key of ENV_KEYS) {
    if (source[key] !== undefined && source[key] !== '') raw[key] = source[key];
  }
  if (source.DEMO_MODE !== undefined) raw.DEMO_MODE = ['1', 'true', 'yes'].includes(String(source.DEMO_MODE));
  const env = plainToInstance(EnvConfig, raw);
  const errors = validateSync(env);
  const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  // Checked here too so a bad test clock stops the boot with this message, before Nest builds the Clock.
  try {
    fakeNowFromEnv(source);
  } catch (err) {
    lines.push(`  LZ_FAKE_NOW: ${(err as Error).message}`);
  }
  if (!errors.length) lines.push(...backupScheduleProblems(env));
  if (lines.length) throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  env.DATA_DIR = path.resolve(env.DATA_DIR);
  env.CONFIG_DIR = path.resolve(env.CONFIG_DIR);
  if (env.PUBLIC_URL) env.PUBLIC_URL = env.PUBLIC_URL.replace(/\/+$/, '');
  if (env.BACKUP_DIR) env.BACKUP_DIR = path.resolve(env.BACKUP_DIR);
  return env;
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
