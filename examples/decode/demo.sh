#!/bin/sh
# The demo: decode a small capture (one BGP message in hex per line) and
# print ExaBGP's JSON for each message.
set -eu
luabgp=${1:-build/luabgp}
here=$(dirname "$0")
echo "== luabgp decode - < $here/sample.hex"
"$luabgp" decode - <"$here/sample.hex"
