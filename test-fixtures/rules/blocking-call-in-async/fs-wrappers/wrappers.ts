// fs-extra and graceful-fs re-export Node's fs: their sync calls block like fs's.
import * as fse from 'fs-extra';
import { readFileSync as gracefulRead } from 'graceful-fs';

export async function copyConfig(from: string, to: string): Promise<void> {
  const text = fse.readFileSync(from, 'utf8');
  //           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  fse.writeFileSync(to, text);
//^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  await fse.ensureDir(to);
}

export async function load(path: string): Promise<string> {
  return gracefulRead(path, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}
