// A loader that reloads itself when its source changes, and a poller that schedules
// its next round: they run at start-up and once per change or tick, not per request,
// and their loops walk the watched source (the files of a config folder).
import { watch } from 'node:fs';

interface ConfigFile { path: string; data: string }
declare function readConfigDir(dir: string, options: { watchCb?: () => void }): Promise<ConfigFile[]>;
declare function listDir(dir: string): Promise<string[]>;
declare function parseCertificate(text: string): Promise<{ names: string[] }>;
declare function readTarget(name: string): Promise<number>;

export async function loadCertificates(dir: string): Promise<Record<string, { names: string[] }>> {
  const certs: Record<string, { names: string[] }> = {};
  const reload = async () => {
    await loadCertificates(dir);
  };
  const files = await readConfigDir(dir, { watchCb: reload });
  for (const file of files) {
    certs[file.path] = await parseCertificate(file.data);
  }
  return certs;
}

export async function loadRoutes(dir: string): Promise<string[]> {
  watch(dir, () => void loadRoutes(dir));
  const routes: string[] = [];
  for (const name of await listDir(dir)) {
    routes.push(String(await parseCertificate(name)));
  }
  return routes;
}

export async function pollTargets(names: string[]): Promise<number[]> {
  const values: number[] = [];
  for (const name of names) values.push(await readTarget(name));
  setTimeout(() => void pollTargets(names), 60_000);
  return values;
}
