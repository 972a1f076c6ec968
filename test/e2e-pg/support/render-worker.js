'use strict';
// The built render worker (what `cli.js worker` runs) with the installed plugins plus the test plugin, so it
// accepts the fixture config. Env as for `cli.js worker`.
require('reflect-metadata');
const path = require('path');
const DIST = path.resolve(__dirname, '..', '..', '..', 'dist');
const { loadEnv } = require(path.join(DIST, 'core', 'config', 'env.config'));
const { createPlatform } = require(path.join(DIST, 'apps', 'server', 'bootstrap'));
const { startRenderWorker } = require(path.join(DIST, 'core', 'documents', 'document-worker'));
const { INSTALLED_PLUGINS } = require(path.join(DIST, 'plugins', 'installed'));
const { testPlugin } = require(path.join(DIST, 'test', 'fixtures', 'test-plugin', 'test-plugin.plugin'));

async function main() {
  const platform = await createPlatform(loadEnv(), { plugins: [...INSTALLED_PLUGINS, testPlugin] });
  await startRenderWorker(platform.app);
  console.log(`render worker ${process.pid} ready`);
  const stop = async () => {
    await platform.app.close();
    await platform.db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
