// One root cause, one finding: five async functions reach one synchronous read
// through a helper. The read is where the fix goes, so it is reported once, and
// the finding lists the entry points ("and N more" past the first few).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

function readTemplate(name: string): string {
  return readFileSync(`/srv/templates/${name}.html`, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

function render(name: string, title: string): string {
  return readTemplate(name).replace('{{title}}', title);
}

export async function home(): Promise<string> {
  return render('home', 'Home');
}

export async function about(): Promise<string> {
  return render('about', 'About');
}

export async function contact(): Promise<string> {
  return readTemplate('contact');
}

export async function help(): Promise<string> {
  return render('help', 'Help');
}

export async function terms(): Promise<string> {
  return render('terms', 'Terms');
}

// Hot-path evidence: a file-system call is reported when a request handler reaches it.
export const server = createServer(async (_req, res) => {
  res.end([await home(), await about(), await contact(), await help(), await terms()].join());
});
