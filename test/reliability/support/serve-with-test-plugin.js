'use strict';
// The built server (dist/) with the installed plugins plus the test plugin, for suites that need the fixture
// config: the shipped CLI `start` only knows the installed plugins. Loopback only; env as for `cli.js start`.
require('reflect-metadata');
const path = require('path');
const DIST = path.resolve(__dirname, '..', '..', '..', 'dist');
const { loadEnv } = require(path.join(DIST, 'core', 'config', 'env.config'));
const { createPlatform } = require(path.join(DIST, 'apps', 'server', 'bootstrap'));
const { INSTALLED_PLUGINS } = require(path.join(DIST, 'plugins', 'installed'));
const { testPlugin } = require(path.join(DIST, 'test', 'fixtures', 'test-plugin', 'test-plugin.plugin'));

async function main() {
  const env = loadEnv();
  const platform = await createPlatform(env, { plugins: [...INSTALLED_PLUGINS, testPlugin] });
  await platform.app.listen(env.PORT, '127.0.0.1');
  console.log(`listening on 127.0.0.1:${env.PORT}`);
  const stop = async () => {
    await platform.app.close();
    await platform.db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Memory tests start this with --expose-gc and send SIGUSR2 to settle the heap before reading VmRSS.
  let settles = 0;
  if (typeof global.gc === 'function') {
    process.on('SIGUSR2', () => {
      global.gc();
      global.gc();
      console.log(`gc-settled ${++settles}`);
    });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
