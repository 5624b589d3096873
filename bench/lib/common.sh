# Shared helpers for bench/run.sh: logging, time, HTTP polling, ports, tools, cleanup.

CPUS=$(nproc)
SERVER_CPU=0
LOAD_CPU=1
if ((CPUS < 2)); then LOAD_CPU=0; fi

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

die() {
  log "error: $*"
  exit 1
}

# Microseconds since the epoch, without forking.
now_us() {
  local t=${EPOCHREALTIME/./}
  echo "${t#0}"
}

ms_since() { echo $((($(now_us) - $1) / 1000)); }

# A value from the generated site's key=value meta file.
meta() { grep -m1 "^$1=" "$SITE_META" | cut -d= -f2-; }

# A /proc/PID/status field in kB (VmRSS, VmHWM), read without forking; 0 if gone.
vm_kb() {
  local key value _
  [[ -r /proc/$1/status ]] || { echo 0; return; }
  while read -r key value _; do
    if [[ $key == "$2:" ]]; then
      echo "$value"
      return
    fi
  done <"/proc/$1/status"
  echo 0
}

# CPU time (user + system, all threads) a process has used, in clock ticks; 0 if gone.
cpu_ticks() {
  local stat fields
  [[ -r /proc/$1/stat ]] || { echo 0; return; }
  read -r stat <"/proc/$1/stat"
  # Fields after the ")" that closes the command name: utime and stime are the 12th and 13th.
  read -r -a fields <<<"${stat##*) }"
  echo $((fields[11] + fields[12]))
}

fetch() {
  mkdir -p "$(dirname "$2")"
  curl -sf --max-time 30 -o "$2" "$1"
}

# On the load generator's CPU: polling a starting server from its own core (a curl process
# every few milliseconds) would slow the start-up it times.
status_of() { taskset -c "$LOAD_CPU" curl -s --max-time "${2:-5}" -o /dev/null -w '%{http_code}' "$1" || true; }

# Polls URL until it answers 200, for at most $2 seconds, and prints the milliseconds it
# took. A server that answers something else for 10 s (a redirect to a setup page, an
# error) is given up on early; then it prints what the server answered, and fails.
wait_http() {
  local url=$1 limit_us=$(($2 * 1000000)) start status=000 answering=""
  start=$(now_us)
  while (($(now_us) - start < limit_us)); do
    status=$(status_of "$url" 2)
    if [[ $status == 200 ]]; then
      ms_since "$start"
      return 0
    fi
    if [[ $status != 000 ]]; then
      answering=${answering:-$(now_us)}
      if (($(now_us) - answering > 10000000)); then break; fi
    fi
    sleep 0.01
  done
  if [[ $status == 000 ]]; then
    echo "no answer"
  else
    echo "HTTP $status $(curl -s --max-time 5 -o /dev/null -w '%{redirect_url}' "$url")"
  fi
  return 1
}

# A free TCP port on 127.0.0.1 at or above $1.
free_port() {
  local p=$1 limit=$(($1 + 500))
  while ((p < limit)); do
    if ! ss -Htln "sport = :$p" | grep -q .; then
      echo "$p"
      return 0
    fi
    p=$((p + 1))
  done
  die "no free port from $1"
}

ensure_tools() {
  local missing=() tool
  for tool in wrk nginx curl taskset ss pgrep; do
    command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) && return 0
  ((INSTALL)) || die "missing ${missing[*]} (run without --no-install, as root, to install them)"
  [[ $(id -u) -eq 0 ]] || die "missing ${missing[*]}: run as root to install them with apt-get"
  local packages=()
  for tool in "${missing[@]}"; do
    case $tool in
      nginx) packages+=(nginx-light) ;;
      taskset) packages+=(util-linux) ;;
      ss) packages+=(iproute2) ;;
      pgrep) packages+=(procps) ;;
      *) packages+=("$tool") ;;
    esac
  done
  log "installing ${packages[*]} from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
}

# Ends only what this run started, by the process ids it recorded.
cleanup() {
  local status=$?
  local name
  for name in "${!PID[@]}"; do
    stop_pid "${PID[$name]}"
  done
  if [[ -n ${NGINX_PID:-} ]]; then stop_pid "$NGINX_PID"; fi
  stop_postgres
  if [[ -n ${SHM_SCRATCH:-} ]]; then rm -rf "$SHM_SCRATCH"; fi
  if [[ ${MODE:-} == smoke && $status -ne 0 && ${SMOKE_REPORTED:-0} -eq 0 ]]; then
    echo "bench smoke run: FAILED after ${SECONDS} s: the run stopped early (the error is above)"
  fi
  exit "$status"
}

# SIGTERM, then SIGKILL after 10 s.
stop_pid() {
  local pid=$1 i=0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && ((i < 100)); do
    sleep 0.1
    i=$((i + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
}

median() { tr ' ' '\n' | awk 'NF' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Reads a "RESULT key=value key=value ..." line (wrk's report script, the comment client)
# into the associative array FIELD.
declare -A FIELD=()
result_fields() {
  local kv
  FIELD=()
  for kv in $1; do
    if [[ $kv == *=* ]]; then FIELD[${kv%%=*}]=${kv#*=}; fi
  done
}

