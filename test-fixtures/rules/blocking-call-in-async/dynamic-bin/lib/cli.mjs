// Loaded by bin/dtool's import(): each command runs once, for the command line it was given.
import { readFileSync } from 'node:fs';

const commands = {
  count: async (file) => {
    const text = readFileSync(file, 'utf8');
    console.log(text.split('\n').length);
  },
};

commands[process.argv[2]]?.(process.argv[3]);
