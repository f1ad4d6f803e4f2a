#!/bin/sh
# TEST STAND-IN, not shipped: plays docker-entrypoint.sh of the hashicorp/vault and openbao/openbao
# images. Those turn `agent …` into `vault agent …` (or `bao agent …`) and drop to the image's
# user, uid 100 and gid 1000. Here the agent is OpenBao's for both flavors: it reads the same
# agent config language (OpenBao forked Vault 1.14).
set -e
case "${1:-}" in
  agent | server | version | -*) ;;
  *) exec "$@" ;;
esac
exec setpriv --reuid=100 --regid=1000 --clear-groups bao "$@"
