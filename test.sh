#!/usr/bin/env bash
# Runs Herald's whole test suite. On a fresh Debian machine (as root) it first installs
# what the tests need: Chromium for the browser tests, Java for the HTML checker.
# Ends with one line: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v java >/dev/null || missing+=(default-jre-headless)
fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
if ((${#missing[@]})); then
  echo "Installing ${missing[*]} ..."
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh needs root to install: ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

(cd tests/validators && npm ci --no-audit --no-fund --silent)

results="$(pwd)/TestResults"
rm -rf "$results"
status=0
dotnet test tests/Herald.Tests --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@" || status=$?

trx="$results/results.trx"
if [ ! -f "$trx" ]; then
  echo "0 passed, 0 failed (the test run did not complete)"
  exit 1
fi
counters=$(grep -o '<Counters [^>]*>' "$trx")
count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
passed=$(count passed); failed=$(count failed); total=$(count total); executed=$(count executed)
skipped=$((total - executed))
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
