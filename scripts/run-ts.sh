#!/usr/bin/env bash
# Runs a TypeScript file of this project without a build step (for quick experiments).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)/run.mjs
"$here/node_modules/.bin/esbuild" "$1" --bundle --platform=node --format=esm --log-level=error --outfile="$out" \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
node "$out" "${@:2}"
