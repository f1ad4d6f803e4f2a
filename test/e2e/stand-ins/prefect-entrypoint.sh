#!/bin/sh
# TEST STAND-IN, not shipped: plays /opt/prefect/entrypoint.sh of the prefecthq/prefect image in the
# end-to-end suite. The image's script optionally pip-installs EXTRA_PIP_PACKAGES and then runs
# its arguments with exec; the suite installs nothing at run time, so it refuses that variable.
set -e
if [ -n "${EXTRA_PIP_PACKAGES:-}" ]; then
  echo "prefect entrypoint stand-in: EXTRA_PIP_PACKAGES is not supported in the end-to-end suite" >&2
  exit 1
fi
exec "$@"
