// Started by bin/fdoc as a process of its own (fork), so it is one command's one run,
// like a `bin` target. It reaches the library through the package's own name, which
// resolves to lib/index.js (the exports' runtime file, not types/index.d.ts).
const fs = require('fs');
const fd = require('fixture-forked-cli');

const commands = {
  async build(argv) {
    const config = JSON.parse(fs.readFileSync(argv[1] || 'fdoc.json', 'utf8'));
    await fd.generate(config.out);
    console.log(await fd.render('index'));
  },
};

commands[process.argv[2]](process.argv.slice(2));
