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
# does: PUT the changed article, POST publish, then poll the public page until the new title
# is served. The writing process evicts its own caches at once, so no polling interval is in it.
api_publish_then_read() {
  local path line url k title file start served id token base api_auth total=()
  path=$(meta update_path)
  line=$(sed -n "$(meta update_line)p" "$SITE")
  base="http://127.0.0.1:${PORT[A]}"
  url="$base$path"
  token=$("$HERALD" token create --data "$RUN/data" --role editor --name "bench publish" 2>"$RUN/token.err" | tail -1) ||
    die "herald token create failed: $(cat "$RUN/token.err")"
  api_auth="Authorization: Bearer $token"
  id=$(curl -sf "$base/api/v1/articles/slug/${path##*/}?fields=id" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  [[ -n $id ]] || die "could not find the id of $path through /api/v1/articles/slug"
  for ((k = 1; k <= REPEATS; k++)); do
    title="Bench API update $k $(date +%s%N | tail -c 7)"
    file="$RUN/api-update-$k.json"
    printf '%s\n' "$line" | sed "0,/\"title\":\"[^\"]*\"/s//\"title\":\"$title\"/" >"$file"
    curl -sf -o /dev/null "$url" || die "the update article $path is not served"
    start=$(now_us) served=""
    curl -sf -o /dev/null -X PUT -H "$api_auth" -H 'Content-Type: application/json' --data-binary "@$file" "$base/api/v1/desk/articles/$id" ||
      die "PUT /api/v1/desk/articles/$id failed: $(curl -s -X PUT -H "$api_auth" -H 'Content-Type: application/json' --data-binary "@$file" "$base/api/v1/desk/articles/$id" | head -c 300)"
    curl -sf -o /dev/null -X POST -H "$api_auth" "$base/api/v1/desk/articles/$id/publish" || die "POST .../publish failed"
    while (($(now_us) - start < 30000000)); do
      if curl -s --max-time 2 "$url" | grep -qF "$title"; then
        served=$(now_us)
        break
      fi
    done
    [[ -n $served ]] || die "the title published through the API was not served within 30 s"
    total+=($(((served - start) / 1000)))
  done
  API_PUBLISH_MS=$(echo "${total[*]}" | median)
  API_PUBLISH_RESULTS="median $API_PUBLISH_MS ms from the PUT of the changed article (then POST publish) to the new title served (runs: ${total[*]} ms)"
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
