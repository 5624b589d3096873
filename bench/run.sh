#!/usr/bin/env bash
# Herald's benchmark harness. One command: builds Herald in Release, generates and
# imports a realistic site, and load-tests it against nginx serving the same bytes.
#
#   bench/run.sh            full run: 100,000 articles, 3 rounds of 10 s per scenario after 3 s warm-up
#   bench/run.sh --quick    smoke run: 2,000 articles, 2 rounds of 3 s after 1 s warm-up
#   bench/run.sh --micro    BenchmarkDotNet micro-benchmarks only (add --quick for a dry smoke run)
#
# Other options: --ref REV (measure a committed revision instead of the working tree),
# --articles N, --seed N, --duration S, --warmup S, --rounds N, --connections N,
# --import-sample N, --no-install. bench/README.md explains the output.
set -Eeuo pipefail
export LC_ALL=C

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
OUT="$BENCH_DIR/out"
for lib in "$BENCH_DIR"/lib/*.sh; do
  # shellcheck source=/dev/null
  source "$lib"
done

MODE=full MICRO=0 INSTALL=1
ARTICLES="" REF="" SEED=42 DURATION="" WARMUP="" ROUNDS="" CONNECTIONS=32 IMPORT_SAMPLE=""
while (($#)); do
  case "$1" in
    --quick) MODE=quick ;;
    --micro) MICRO=1 ;;
    --no-install) INSTALL=0 ;;
    --articles) ARTICLES="$2"; shift ;;
    --seed) SEED="$2"; shift ;;
    --ref) REF="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;;
    --connections) CONNECTIONS="$2"; shift ;;
    --import-sample) IMPORT_SAMPLE="$2"; shift ;;
    -h | --help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done
if [[ $MODE == quick ]]; then
  : "${ARTICLES:=2000}" "${DURATION:=3}" "${WARMUP:=1}" "${ROUNDS:=2}" "${IMPORT_SAMPLE:=$ARTICLES}"
  REPEATS=3
else
  : "${ARTICLES:=100000}" "${DURATION:=10}" "${WARMUP:=3}" "${ROUNDS:=3}" "${IMPORT_SAMPLE:=5000}"
  REPEATS=5
fi
((IMPORT_SAMPLE > ARTICLES)) && IMPORT_SAMPLE=$ARTICLES
mkdir -p "$OUT"

if ((MICRO)); then
  run_micro
  exit 0
fi

STARTED_AT="$(date -u '+%Y-%m-%d %H:%M UTC')"
RUN="$OUT/run"
trap cleanup EXIT
trap 'exit 130' INT TERM
ensure_tools
build_all
# From here on this script and everything it starts run on CPU 1 (the load side);
# the servers are started with an explicit `taskset -c 0`.
if ((CPUS >= 2)); then taskset -cp 1 $$ >/dev/null; fi

generate_site
measure_import
prepare_site_db

rm -rf "$RUN" && mkdir -p "$RUN"
cp -a "$SITE_DB" "$RUN/data"
prepare_accounts "$RUN/data"

log "starting Herald on CPU $SERVER_CPU"
start_herald A "$RUN/data"
HOT_PATH="$(meta hot_path)"
fetch "http://127.0.0.1:${PORT[A]}$HOT_PATH" "$RUN/static/article.html" || die "Herald did not serve the hot article $HOT_PATH"
PAGE_BYTES=$(stat -c %s "$RUN/static/article.html")
start_nginx "$RUN/static/article.html"
fetch "http://127.0.0.1:$NGINX_PORT$HOT_PATH" "$RUN/nginx-check.html" && cmp -s "$RUN/static/article.html" "$RUN/nginx-check.html" ||
  die "nginx does not serve the same bytes as Herald"

probe_uncached
define_scenarios
run_rounds
publish_then_read
HWM_KB=$(vm_kb "${PID[A]}" VmHWM)
stop_all_herald
startup_time
print_report
