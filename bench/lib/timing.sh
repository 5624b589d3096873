# Scenarios timed one event at a time: publish-then-read and start-up.

PUBLISH_RESULTS="" STARTUP_RESULTS=""

# Re-imports an article with a new title through `herald import` (a second process, as
# an editor's tool would be) while the server runs, and polls the page until the new
# title is served. The server learns of another process's write by polling the change
# log every Herald:ChangePollSeconds, set to 0.05 s for this run.
publish_then_read() {
  local path line url k title file start exited served import_pid total=() after_exit=()
  path=$(meta update_path)
  line=$(sed -n "$(meta update_line)p" "$SITE")
  url="http://127.0.0.1:${PORT[A]}$path"
  for ((k = 1; k <= REPEATS; k++)); do
    title="Bench update $k $(date +%s%N | tail -c 7)"
    file="$RUN/update-$k.jsonl"
    # The first "title" of the line is the article's own: it is written before the blocks.
    printf '%s\n' "$line" | sed "0,/\"title\":\"[^\"]*\"/s//\"title\":\"$title\"/" >"$file"
    curl -sf -o /dev/null "$url" || die "the update article $path is not served"
    start=$(now_us) exited="" served=""
    taskset -c "$LOAD_CPU" "$HERALD" import --data "$RUN/data" "$file" >/dev/null 2>"$file.err" &
    import_pid=$!
    while (($(now_us) - start < 30000000)); do
      if [[ -z $exited && ! -e /proc/$import_pid ]]; then exited=$(now_us); fi
      if curl -s --max-time 2 "$url" | grep -qF "$title"; then
        served=$(now_us)
        break
      fi
      sleep 0.005
    done
    wait "$import_pid" || die "herald import of the update failed: $(cat "$file.err")"
    [[ -n $served ]] || die "the updated title was not served within 30 s"
    if [[ -z $exited ]]; then exited=$served; fi
    total+=($(((served - start) / 1000)))
    after_exit+=($(((served > exited ? served - exited : 0) / 1000)))
  done
  PUBLISH_RESULTS="median $(echo "${total[*]}" | median) ms from starting \`herald import\` to the new title served; median $(echo "${after_exit[*]}" | median) ms after the import process exited (runs: ${total[*]} ms)"
  log "publish then read: $PUBLISH_RESULTS"
}

# Start-up to the first served page (GET / answering 200) on the site database, repeated.
startup_time() {
  local k times=()
  for ((k = 1; k <= REPEATS; k++)); do
    start_herald S "$RUN/data"
    times+=("$STARTUP_MS")
    stop_herald S
  done
  STARTUP_RESULTS="median $(echo "${times[*]}" | median) ms from process start to the first 200 on / ($ARTICLES articles; runs: ${times[*]} ms)"
  log "start-up: $STARTUP_RESULTS"
}
