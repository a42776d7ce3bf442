/**
 * Settings per resource, pulled from the client through `workspace/configuration`
 * and cached per URI; a settings change clears the cache.
 */
import type { Connection } from 'vscode-languageserver';
import { resolveSettings, type LoopwiseSettings } from '../protocol';

export class SettingsCache {
  private cache = new Map<string, Promise<LoopwiseSettings>>();

  constructor(private readonly connection: Connection, private readonly supportsConfiguration: () => boolean) {}

  get(uri: string): Promise<LoopwiseSettings> {
    if (!this.supportsConfiguration()) return Promise.resolve(resolveSettings({}));
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'loopwise' })
        .then(resolveSettings, () => resolveSettings({}));
      this.cache.set(uri, settings);
    }
    return settings;
  }

  clear(): void {
    this.cache.clear();
  }
}
