#!/bin/sh
# An API process, as ExaBGP runs them: events arrive on stdin, one JSON
# object per line.  This one appends them to $LUABGP_DEMO_EVENTS (the
# terminal's stderr when unset); what a process prints on stdout would be
# read as commands.
exec cat >>"${LUABGP_DEMO_EVENTS:-/dev/stderr}"
