import * as readline from 'node:readline';
import { seedAssessmentDemo } from '../../core/assessment/assessment-demo.seed';
import { seedRiskDemo } from '../../core/risk/risk-demo.seed';
import { seedWarningDemo } from '../../core/warning/warning-demo.seed';
import { AuditService } from '../../core/audit/audit.service';
import { UsersService } from '../../core/auth/users.service';
import '../../core/auth/accounts.i18n';
import { t } from '../../core/i18n/i18n';
import { passwordProblems } from '../../core/auth/password';
import { loadEnv } from '../../core/config/env.config';
import { requirePublicUrl } from '../../core/config/public-url';
import { ConfigError } from '../../core/plugin-host/institution-config';
import { FieldKeyError } from '../../core/records/field-cipher';
import { startRenderWorker } from '../../core/documents/document-worker';
import { PluginError } from '../../core/plugin-host/plugin-host';
import { startBackupSchedule } from '../server/backup-schedule';
import { createPlatform, openPlatform } from '../server/bootstrap';
import { Clock } from '../../core/clock/clock';
import { RecordsService } from '../../core/records/records.service';
import { RulesService } from '../../core/rules/rules.service';
import { backup, backupPassphrase, restore } from './backup';
import { DEMO_PASSWORD, demoAccountsTable, seedDemo, seedPluginDemos } from './demo-seed';
import type { Platform } from '../server/bootstrap';

/** People and accounts, then the plugins' demo records, only into an empty database. */
async function seedAll(platform: Platform): Promise<boolean> {
  const seeded = await seedDemo(platform.db, platform.app.get(UsersService));
  if (seeded) {
    const a = platform.app;
    await seedPluginDemos({ db: platform.db, host: platform.host, records: a.get(RecordsService), rules: a.get(RulesService), clock: a.get(Clock), users: a.get(UsersService) });
    await seedRiskDemo(a, 'county-hospital');
    await seedWarningDemo(a, { institutionCode: 'county-hospital' });
    await seedAssessmentDemo(a, 'county-hospital');
  }
  return seeded;
}

const USAGE = `用法 / usage: node dist/apps/cli/cli.js <command>
  start [--demo]            migrate, (demo: seed an empty database), serve HTTP
  migrate                   apply pending migrations
  worker                    render batch documents from the BullMQ queue (DOCUMENT_QUEUE=bullmq, PostgreSQL)
  seed-demo                 seed demo people and accounts into an empty database
  create-admin <username> <display name>
                            create a system admin; the password is read from stdin
  verify-audit              verify the audit hash chain; exit 1 naming the first broken row
  backup <file> [--passphrase-file <f>]
                            one encrypted archive of the database (SQLite snapshot, or pg_dump with DATABASE_URL), the
                            field key and every file of DATA_DIR, taken while the app runs; passphrase from
                            BACKUP_PASSPHRASE or the file
  restore <file> <dir> [--passphrase-file <f>]
                            check an archive and restore it into a fresh, empty data directory; a PostgreSQL archive's
                            database into DATABASE_URL, which must be empty (pg_restore, one transaction)`;

/** The values after the given `--name` options, and the remaining positional arguments. */
function parseArgs(args: string[], names: string[]): { opts: Record<string, string | undefined>; rest: string[] } {
  const opts: Record<string, string | undefined> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (names.includes(args[i])) opts[args[i]] = args[++i];
    else rest.push(args[i]);
  }
  return { opts, rest };
}

/** Start-up refusals the operator fixes in the environment: the message, no stack trace. */
function refuseWithoutPublicUrl(env: ReturnType<typeof loadEnv>, demo: boolean): boolean {
  try {
    requirePublicUrl(env, demo);
    return false;
  } catch (err) {
    console.error((err as Error).message);
    return true;
  }
}

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  process.stderr.write('password: ');
  for await (const line of rl) {
    rl.close();
    return line.trim();
  }
  return '';
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  const env = loadEnv();
  switch (cmd) {
    case 'migrate': {
      const { db } = await openPlatform(env);
      await db.close();
      console.log('migrations applied');
      return 0;
    }
    case 'start': {
      const demo = args.includes('--demo') || env.DEMO_MODE;
      if (refuseWithoutPublicUrl(env, demo)) return 1;
      const platform = await createPlatform(env);
      if (demo) {
        const seeded = await seedAll(platform);
        if (seeded) console.log('演示数据已写入 / demo data seeded');
      }
      await platform.app.listen(env.PORT, env.HOST ?? '127.0.0.1');
      const url = `http://${env.HOST && env.HOST !== '0.0.0.0' ? env.HOST : '127.0.0.1'}:${env.PORT}/`;
      console.log(`\n廉政风险预警防控平台 is running at ${url}`);
      console.log(`API docs: ${url}api/docs   database: ${platform.db.location}`);
      if (demo) console.log(`\n演示账号 / demo accounts (password: ${DEMO_PASSWORD}):\n${demoAccountsTable()}\n`);
      const backups = startBackupSchedule(platform.app, env);
      const stop = async () => {
        await backups?.stop();
        await platform.app.close();
        await platform.db.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return -1;
    }
    case 'worker': {
      if (refuseWithoutPublicUrl(env, env.DEMO_MODE)) return 1;
      const platform = await createPlatform(env);
      await startRenderWorker(platform.app);
      console.log(`render worker ${process.pid} ready (database: ${platform.db.location})`);
      const stop = async () => {
        await platform.app.close();
        await platform.db.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return -1;
    }
    case 'seed-demo': {
      const platform = await createPlatform(env, { logger: false });
      const seeded = await seedAll(platform);
      console.log(seeded ? 'demo data seeded' : 'database already has accounts; nothing seeded');
      await platform.app.close();
      await platform.db.close();
      return 0;
    }
    case 'create-admin': {
      const [username, displayName] = args;
      if (!username || !displayName) {
        console.error(USAGE);
        return 2;
      }
      const password = await readPassword();
      // The same rules as the screens and the API, said before anything starts.
      const problems = passwordProblems(password, username);
      if (problems.length) {
        for (const p of problems) console.error(`${t('zh', p.key, { ...p.params, field: '密码' })} / ${t('en', p.key, { ...p.params, field: 'password' })}`);
        return 2;
      }
      const platform = await createPlatform(env, { logger: false });
      await platform.app.get(UsersService).create({ username, displayName, password, isSystemAdmin: true }, 'system:cli');
      console.log(`admin ${username} created`);
      await platform.app.close();
      await platform.db.close();
      return 0;
    }
    case 'verify-audit': {
      const platform = await createPlatform(env, { logger: false });
      const report = await platform.app.get(AuditService).verify();
      await platform.app.close();
      await platform.db.close();
      if (report.ok) {
        console.log(`audit chain ok: ${report.rows} rows`);
        return 0;
      }
      console.error(`audit chain BROKEN at row ${report.firstBroken!.seq}: ${report.firstBroken!.reason} (${report.rows} rows verified before it)`);
      return 1;
    }
    case 'backup': {
      const { opts, rest } = parseArgs(args, ['--passphrase-file']);
      if (rest.length !== 1) {
        console.error(USAGE);
        return 2;
      }
      try {
        const done = await backup(env, rest[0], backupPassphrase(opts['--passphrase-file'], env));
        console.log(`backup written: ${done.file} (${done.bytes} bytes, ${done.files} files${done.database === 'postgres' ? ' including the pg_dump of the database' : ''}, manifest verified on restore)`);
        return 0;
      } catch (err) {
        console.error(`备份失败 / backup failed: ${(err as Error).message}`);
        return 1;
      }
    }
    case 'restore': {
      const { opts, rest } = parseArgs(args, ['--passphrase-file', '--data-dir']);
      const [source, dataDir = opts['--data-dir']] = rest;
      if (!source || !dataDir || rest.length > (opts['--data-dir'] ? 1 : 2)) {
        console.error(USAGE);
        return 2;
      }
      try {
        const done = await restore(source, dataDir, backupPassphrase(opts['--passphrase-file'], env), { databaseUrl: env.DATABASE_URL });
        if (done.database) console.log(`restored the database into ${done.database} and ${done.files - 1} files into ${done.dir}; start the app with DATA_DIR=${done.dir} and this DATABASE_URL`);
        else console.log(`restored ${done.files} files into ${done.dir}; start the app with DATA_DIR=${done.dir}`);
        if (done.manifest.fieldKey === 'env') console.log('the field key, taken from FIELD_ENCRYPTION_KEY, is restored as secret.key in the data directory; move it back into FIELD_ENCRYPTION_KEY if you keep it there');
        return 0;
      } catch (err) {
        console.error(`恢复失败 / restore failed: ${(err as Error).message}`);
        return 1;
      }
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    // Config and plugin errors already name the file, field and reason: no stack trace.
    if (err instanceof ConfigError || err instanceof PluginError || err instanceof FieldKeyError) console.error(`配置错误 / configuration error: ${err.message}`);
    else console.error(err);
    process.exit(1);
  },
);
