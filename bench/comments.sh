#!/usr/bin/env bash
# Only the comment scenario of bench/run.sh: posting comments through Herald's real form
# (SQLite, synchronous=FULL), the server pinned to CPU 0 and the client
# (bench/Herald.Bench.Comments) to CPU 1, the rate limits, duplicate window and minimum
# fill time switched off for the run (said in the output), then the check that every
# acknowledged comment is stored exactly once (a mismatch exits non-zero).
#
# Usage: bench/comments.sh [WORKERS [SECONDS]] [bench/run.sh options]
#   defaults: 32 concurrent connections, a 2,000-article site, 3 rounds of 10 s after 3 s warm-up;
#   e.g. bench/comments.sh 64 20, or bench/comments.sh --quick, or bench/comments.sh --rounds 5;
#   bench/comments.sh --postgres stores the comments in a throwaway PostgreSQL cluster on disk
#   (installed with apt-get when missing) instead of SQLite, and counts them there.
set -euo pipefail
args=()
if [[ ${1:-} =~ ^[0-9]+$ ]]; then args+=(--connections "$1"); shift; fi
if [[ ${1:-} =~ ^[0-9]+$ ]]; then args+=(--duration "$1"); shift; fi
# A 2,000-article site unless told otherwise: posting hardly depends on the site's size,
# and the first full-size import would take most of an hour.
[[ " $* " == *" --articles "* ]] || args+=(--articles 2000)
exec "$(dirname "$0")/run.sh" --comments-only "${args[@]}" "$@"
