import * as fs from 'node:fs';
import * as path from 'node:path';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
import { pluginInjectionSuite, pluginsWithoutInjectionFile } from '../support/injection-matrix-plugins';

jest.setTimeout(300_000);

// A plugin added under plugins/ is covered here until it gets a file (or files, split by parts) of its own.
const others = pluginsWithoutInjectionFile();
for (const id of others) pluginInjectionSuite(id);

describe('injection: every installed plugin with record types is covered', () => {
  it('by files of its own that run its suite, or by this file', () => {
    const withTypes = INSTALLED_PLUGINS.filter((p) => (p.recordTypes ?? []).length).map((p) => p.id);
    expect(withTypes.length).toBeGreaterThanOrEqual(4);
    const files = fs.readdirSync(__dirname);
    for (const id of withTypes.filter((x) => !others.includes(x))) {
      const own = files.filter((f) => f.startsWith(`injection-matrix-plugin-${id}`));
      // A file named for the plugin that runs another plugin's suite (or none) would leave it unchecked.
      expect({ id, running: own.filter((f) => fs.readFileSync(path.join(__dirname, f), 'utf8').includes(`pluginInjectionSuite('${id}'`)).length }).toEqual({ id, running: own.length });
    }
  });
});
