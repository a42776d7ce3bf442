// An interface whose implementations do not block, or whose blocking one is only
// used by start-up code, gives nothing to report.
import { readFileSync } from 'node:fs';

interface Loader {
  load(name: string): string;
}

class InlineLoader implements Loader {
  load(name: string): string {
    return `<${name}>`;
  }
}

export async function render(loader: Loader, name: string): Promise<string> {
  return loader.load(name);
}

export const inline = new InlineLoader();

interface ConfigSource {
  text(): string;
}

class ConfigFile implements ConfigSource {
  text(): string {
    return readFileSync('/etc/app.json', 'utf8');
  }
}

// Module level: it runs once, when the module loads.
export const config = JSON.parse(new ConfigFile().text());
