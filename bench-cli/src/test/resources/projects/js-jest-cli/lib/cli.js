'use strict';

function parse(argv = process.argv.slice(2)) {
  const options = { verbose: false };
  for (const arg of argv) {
    if (arg === '--verbose') {
      options.verbose = true;
    } else {
      throw new Error(`unknown option ${arg}`);
    }
  }
  return options;
}

module.exports = { parse };
