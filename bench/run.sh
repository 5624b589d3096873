#!/usr/bin/env bash
# Herald's benchmark harness. One command: builds Herald in Release, generates and
# imports a realistic site, and load-tests it against nginx serving the same bytes, plus
# posting comments through the real form (durable) on a separate instance.
#
#   bench/run.sh            full run: 100,000 articles, 3 rounds of 10 s per scenario after 3 s warm-up
#   bench/run.sh --quick    short run: 2,000 articles, 2 rounds of 3 s after 1 s warm-up
#   bench/run.sh --smoke    CI smoke run: 300 articles, 1 round of 2 s after 1 s warm-up, every scenario
#                           and the micro-benchmarks' dry job; fails only when the harness is broken
#   bench/run.sh --micro    BenchmarkDotNet micro-benchmarks only (add --quick for a dry smoke run)
#
# Other options: --ref REV (measure a committed revision instead of the working tree),
# --articles N, --seed N, --duration S, --warmup S, --rounds N, --connections N,
# --import-sample N, --no-install, --comments-only (what bench/comments.sh runs), --postgres
# (with --comments-only: the comments stored in a throwaway PostgreSQL cluster instead of SQLite).
# bench/README.md explains the output.
set -Eeuo pipefail
export LC_ALL=C

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
OUT="$BENCH_DIR/out"
for lib in "$BENCH_DIR"/lib/*.sh; do
  # shellcheck source=/dev/null
  source "$lib"
done

MODE=full MICRO=0 INSTALL=1 COMMENTS_ONLY=0
ARTICLES="" REF="" SEED=42 DURATION="" WARMUP="" JIT_WARMUP="" ROUNDS="" CONNECTIONS=32 IMPORT_SAMPLE=""
while (($#)); do
  case "$1" in
    --quick) MODE=quick ;;
    --smoke) MODE=smoke ;;
    --micro) MICRO=1 ;;
    --comments-only) COMMENTS_ONLY=1 ;;
    --postgres) POSTGRES=1 ;;
    --no-install) INSTALL=0 ;;
    --articles) ARTICLES="$2"; shift ;;
    --seed) SEED="$2"; shift ;;
    --ref) REF="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --jit-warmup) JIT_WARMUP="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;;
    --connections) CONNECTIONS="$2"; shift ;;
    --import-sample) IMPORT_SAMPLE="$2"; shift ;;
    -h | --help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done
case $MODE in
  smoke)
    : "${ARTICLES:=300}" "${DURATION:=2}" "${WARMUP:=1}" "${JIT_WARMUP:=0}" "${ROUNDS:=1}" "${IMPORT_SAMPLE:=$ARTICLES}"
    REPEATS=2 ;;
  quick)
    : "${ARTICLES:=2000}" "${DURATION:=3}" "${WARMUP:=1}" "${JIT_WARMUP:=4}" "${ROUNDS:=2}" "${IMPORT_SAMPLE:=$ARTICLES}"
    REPEATS=3 ;;
  *)
    : "${ARTICLES:=100000}" "${DURATION:=10}" "${WARMUP:=3}" "${JIT_WARMUP:=20}" "${ROUNDS:=3}" "${IMPORT_SAMPLE:=5000}"
    REPEATS=5 ;;
esac
# wrk takes whole seconds only.
[[ $DURATION =~ ^[1-9][0-9]*$ && $WARMUP =~ ^[0-9]+$ && $JIT_WARMUP =~ ^[0-9]+$ ]] || die "--duration and --warmup take whole seconds (at least 1 s measured)"
((IMPORT_SAMPLE > ARTICLES)) && IMPORT_SAMPLE=$ARTICLES
if ((POSTGRES)); then
  ((COMMENTS_ONLY)) || die "--postgres measures the comment scenario only: use bench/comments.sh --postgres"
  COMMENT_LABEL="post a comment (PostgreSQL, durable)"
fi
mkdir -p "$OUT"

if ((MICRO)); then
  run_micro
  exit 0
fi

STARTED_AT="$(date -u '+%Y-%m-%d %H:%M UTC')"
SECONDS=0
RUN="$OUT/run"
trap cleanup EXIT
trap 'exit 130' INT TERM
ensure_tools
if ((POSTGRES)); then ensure_postgres; fi
build_all
# From here on this script and everything it starts run on CPU 1 (the load side);
# the servers are started with an explicit `taskset -c 0`.
if ((CPUS >= 2)); then taskset -cp 1 $$ >/dev/null; fi

generate_site
measure_import
prepare_site_db
measure_import_into_site

rm -rf "$RUN" && mkdir -p "$RUN"
: >"$RUN/results.txt"
cp -a "$SITE_DB" "$RUN/data"
seed_comments "$RUN/data"
prepare_accounts "$RUN/data"
# The comment scenario's own copy (taken before any server writes to the run's database).
prepare_comment_data "$RUN/data"
HOT_PATH="$(meta hot_path)"
QUIET_PATH="$(oldest_article_path)"

if ((COMMENTS_ONLY)); then
  if ((POSTGRES)); then start_postgres "$RUN/comments-data"; fi
  start_comment_server
  define_comment_scenario
  collect_runnable
  run_rounds
  verify_comments
  stop_all_herald
  print_comment_report
  if ((COMMENT_FAILED)); then
    comment_failure_banner
    exit 1
  fi
  [[ -z $COMMENT_NA && -n $(column_of comment 3) ]] || die "the comment scenario gave no result (bench/out/run/comments-round-*.txt)"
  exit 0
fi

log "starting Herald on CPU $SERVER_CPU"
start_herald A "$RUN/data"
fetch "http://127.0.0.1:${PORT[A]}$HOT_PATH" "$RUN/static/article.html" || die "Herald did not serve the hot article $HOT_PATH"
PAGE_BYTES=$(stat -c %s "$RUN/static/article.html")
fetch_gzip_copy
start_nginx "$RUN/static/article.html"
fetch "http://127.0.0.1:$NGINX_PORT$HOT_PATH" "$RUN/nginx-check.html" && cmp -s "$RUN/static/article.html" "$RUN/nginx-check.html" ||
  die "nginx does not serve the same bytes as Herald"
start_kestrel "$RUN/static/article.html"
fetch "http://127.0.0.1:${PORT[K]}$HOT_PATH" "$RUN/kestrel-check.html" && cmp -s "$RUN/static/article.html" "$RUN/kestrel-check.html" ||
  die "the Kestrel reference server does not serve the same bytes as Herald"

probe_uncached
probe_front_lane
start_comment_server
define_scenarios
check_scenario_status
run_rounds
if [[ $MODE == smoke ]]; then smoke_retry_empty; fi
verify_comments
publish_then_read
api_publish_then_read
HWM_KB=$(vm_kb "${PID[A]}" VmHWM)
stop_all_herald
startup_time
print_report

status=0
if [[ $MODE == smoke ]]; then
  smoke_micro
  check_smoke
  smoke_summary || status=1
fi
if ((COMMENT_FAILED)); then
  comment_failure_banner
  status=1
fi
exit "$status"
