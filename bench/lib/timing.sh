# Scenarios timed one event at a time: publish-then-read and start-up.

PUBLISH_RESULTS="" API_PUBLISH_RESULTS="" STARTUP_RESULTS="" API_PUBLISH_MS="" STARTUP_MEDIAN_MS=""

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

# Publish through the desk's admin API on the running server, as an editor's publish button
# does: PUT the changed article, POST publish, then read the public page until the new title
# is served. The writing process evicts its own caches at once, so no polling interval is in
# it. Timed by the bench client (bench/Herald.Bench.Comments/Publish.cs), one process with
# kept-alive connections like a browser's: timed with a curl process per request, starting
# curl (about 30 ms each on a slow day) was most of the figure.
api_publish_then_read() {
  local path base token id file line
  path=$(meta update_path)
  base="http://127.0.0.1:${PORT[A]}"
  file="$RUN/api-update.json"
  sed -n "$(meta update_line)p" "$SITE" >"$file"
  token=$("$HERALD" token create --data "$RUN/data" --role editor --name "bench publish" 2>"$RUN/token.err" | tail -1) ||
    die "herald token create failed: $(cat "$RUN/token.err")"
  id=$(curl -sf "$base/api/v1/articles/slug/${path##*/}?fields=id" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  [[ -n $id ]] || die "could not find the id of $path through /api/v1/articles/slug"
  taskset -c "$LOAD_CPU" "$COMMENT_CLIENT" publish "$base" "$token" "$id" "$path" "$file" "$REPEATS" >"$RUN/api-publish.txt" 2>&1 ||
    die "publishing through the API failed: $(tail -3 "$RUN/api-publish.txt")"
  result_fields "$(grep -m1 '^PUBLISH ' "$RUN/api-publish.txt")"
  [[ -n ${FIELD[median_ms]:-} ]] || die "the bench client printed no PUBLISH line (bench/out/run/api-publish.txt)"
  API_PUBLISH_MS=${FIELD[median_ms]}
  API_PUBLISH_RESULTS="median $API_PUBLISH_MS ms from the PUT of the changed article (then POST publish) to the new title served; of it PUT ${FIELD[put_ms]}, publish ${FIELD[publish_ms]}, the first read with the new title ${FIELD[read_ms]} ms (runs: ${FIELD[all_ms]//,/ } ms; one client process, kept-alive connections)"
  log "publish through the API, then read: $API_PUBLISH_RESULTS"
}

# Start-up to the first served page (GET / answering 200) on the site database, repeated.
startup_time() {
  local k times=()
  for ((k = 1; k <= REPEATS; k++)); do
    start_herald S "$RUN/data"
    times+=("$STARTUP_MS")
    stop_herald S
  done
  STARTUP_MEDIAN_MS=$(echo "${times[*]}" | median)
  STARTUP_RESULTS="median $STARTUP_MEDIAN_MS ms from process start to the first 200 on / ($ARTICLES articles; runs: ${times[*]} ms)"
  log "start-up: $STARTUP_RESULTS"
}
