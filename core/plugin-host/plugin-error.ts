/** A plugin that cannot be loaded stops boot with the plugin and the reason. */
export class PluginError extends Error {
  constructor(
    readonly pluginId: string,
    readonly reason: string,
  ) {
    super(`plugin "${pluginId}": ${reason}`);
    this.name = 'PluginError';
  }
}
