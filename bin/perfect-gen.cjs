#!/usr/bin/env node
// CommonJS, like dist/cli.cjs: a run that needs no ES module never sets up Node's ESM loader.
'use strict';
require('../dist/cli.cjs').main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
