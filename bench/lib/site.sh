# The generated site: JSON Lines from the generator, cached under bench/out/site, and
# the imported SQLite database, cached under bench/out/db until Herald's build changes.

generate_site() {
  local generator_hash month
  generator_hash=$(cat "$BENCH_DIR"/Herald.Bench.Generator/*.cs "$BENCH_DIR"/Herald.Bench.Generator/*.csproj | sha256sum | cut -c1-10)
  month=$(date -u +%Y-%m)
  SITE_KEY="n$ARTICLES-s$SEED-$month-g$generator_hash"
  SITE="$OUT/site/$SITE_KEY.jsonl"
  SITE_META="$OUT/site/$SITE_KEY.meta"
  if [[ -s $SITE && -s $SITE_META ]]; then
    log "site $SITE_KEY: cached ($(du -h "$SITE" | cut -f1))"
    return
  fi
  mkdir -p "$OUT/site"
  rm -f "$OUT/site/n$ARTICLES-s$SEED-"*
  log "generating $ARTICLES articles (seed $SEED)"
  "$GENERATOR" --count "$ARTICLES" --seed "$SEED" --end "$month-01" --out "$SITE.tmp" --meta "$SITE_META" 2>&1 | sed 's/^/  /' >&2
  mv "$SITE.tmp" "$SITE"
}

# Imports FILE with `herald import` pinned to the server's CPU: into an empty data folder, or
# with "into-existing" into the site already in DATA. Sets IMPORT_MS and IMPORT_COUNT; stops
# the run if any article fails.
import_into() {
  local data=$1 file=$2 start summary
  if [[ ${3:-} != into-existing ]]; then rm -rf "$data" && mkdir -p "$data"; fi
  start=$(now_us)
  if ! taskset -c "$SERVER_CPU" "$HERALD" import --data "$data" "$file" >"$data.paths" 2>"$data.err"; then
    head -20 "$data.err" >&2
    die "the generated site did not import cleanly (all errors: $data.err)"
  fi
  IMPORT_MS=$(ms_since "$start")
  summary=$(tail -1 "$data.err")
  IMPORT_COUNT=$(wc -l <"$data.paths")
  [[ $summary == "$IMPORT_COUNT imported, 0 failed" ]] || die "unexpected import summary: $summary"
}

# Articles per second of the last import_into.
import_rate() { awk -v n="$IMPORT_COUNT" -v ms="$IMPORT_MS" 'BEGIN { printf "%.0f", n * 1000 / ms }'; }

# A scratch folder in memory (tmpfs) when it has room for KB kilobytes (SHM_SCRATCH, which
# cleanup removes); fails, leaving SHM_SCRATCH empty, when there is not.
shm_scratch() {
  SHM_SCRATCH=""
  (($(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }' || echo 0) > $1)) || return 1
  SHM_SCRATCH=$(mktemp -d /dev/shm/herald-bench.XXXXXX)
}

# The oldest article of the site (the first line of the generated file), far from the
# commented recent ones: the page without a discussion the uncached rows compare with.
oldest_article_path() {
  local line section slug
  line=$(head -1 "$SITE")
  slug=$(grep -o -m1 '"slug":"[^"]*"' <<<"$line" | head -1 | cut -d'"' -f4)
  section=$(grep -o -m1 '"section":"[^"]*"' <<<"$line" | head -1 | cut -d'"' -f4)
  [[ -n $slug && -n $section ]] || die "could not read the oldest article's path from $SITE"
  echo "/$section/$slug"
}

# Import throughput: always measured, into an empty database on disk (with its fsyncs).
measure_import() {
  local sample="$OUT/import-sample.jsonl"
  head -n "$IMPORT_SAMPLE" "$SITE" >"$sample"
  log "import: $IMPORT_SAMPLE articles into an empty database on disk (CPU $SERVER_CPU)"
  import_into "$OUT/import-check" "$sample"
  IMPORT_RATE=$(import_rate)
  IMPORT_NOTE="$IMPORT_RATE articles/s ($IMPORT_COUNT articles in $IMPORT_MS ms into an empty database on disk, one \`herald import\` on CPU $SERVER_CPU)"
  log "import: $IMPORT_NOTE"
  rm -f "$sample"
}

# Import into a site that is already large: new articles (the generator with another seed)
# into a copy of the whole site's database, in memory when there is room. An import must not
# slow down with the size of the site; this measures that it does not.
measure_import_into_site() {
  local count=$((ARTICLES / 30)) extra scratch="$OUT/import-site" where=""
  count=$((count > 3000 ? 3000 : count < 10 ? 10 : count))
  extra="$OUT/site/$SITE_KEY-extra-$count.jsonl"
  if [[ ! -s $extra ]]; then
    "$GENERATOR" --count "$count" --seed $((SEED + 1)) --end "$(date -u +%Y-%m)-01" --out "$extra.tmp" >/dev/null 2>&1 ||
      die "the generator could not write the articles for the import into the site"
    mv "$extra.tmp" "$extra"
  fi
  if shm_scratch $(($(du -sk "$SITE_DB" | cut -f1) * 2)); then
    scratch=$SHM_SCRATCH/data
    where=", in memory (tmpfs)"
  fi
  rm -rf "$scratch" && cp -a "$SITE_DB" "$scratch"
  log "import: $count new articles into a copy of the $ARTICLES-article site (CPU $SERVER_CPU)"
  import_into "$scratch" "$extra" into-existing
  IMPORT_SITE_NOTE="into the site: $IMPORT_COUNT new articles into a copy of the $ARTICLES-article database in $IMPORT_MS ms ($(import_rate) articles/s$where)"
  log "import: $IMPORT_SITE_NOTE"
  rm -rf "$scratch" "$scratch.paths" "$scratch.err" "${SHM_SCRATCH:-}"
  SHM_SCRATCH=""
}

# The database every scenario runs on (a copy of it, so runs do not change it).
prepare_site_db() {
  local herald_hash key scratch
  herald_hash=$(sha256sum "$OUT/herald/herald.dll" | cut -c1-10)
  key="$SITE_KEY-h$herald_hash"
  SITE_DB="$OUT/db/$key"
  FULL_IMPORT_NOTE=""
  if [[ -s $SITE_DB/herald.db ]]; then
    log "site database: cached ($key)"
    FULL_IMPORT_NOTE=$(cat "$SITE_DB.note" 2>/dev/null || true)
    return
  fi
  mkdir -p "$OUT/db"
  rm -rf "$OUT/db/$SITE_KEY-"* "$OUT/db/n$ARTICLES-s$SEED-"*
  if ((IMPORT_SAMPLE == ARTICLES)); then
    mv "$OUT/import-check" "$SITE_DB"
    return
  fi
  # The whole site is imported once, in memory when there is room, since per-article fsyncs
  # would make 100,000 articles take most of an hour on disk; the rate measured above is the disk one.
  scratch="$OUT/db/building"
  if shm_scratch $(($(stat -c %s "$SITE") / 1024 * 4)); then
    scratch=$SHM_SCRATCH/data
  fi
  log "site database: importing all $ARTICLES articles (once; cached as $key)"
  import_into "$scratch" "$SITE"
  FULL_IMPORT_NOTE="full site: $IMPORT_COUNT articles imported in $((IMPORT_MS / 1000)) s ($(import_rate) articles/s$([[ $scratch == /dev/shm/* ]] && echo ', in memory (tmpfs)'))"
  log "$FULL_IMPORT_NOTE"
  cp -a "$scratch" "$SITE_DB"
  echo "$FULL_IMPORT_NOTE" >"$SITE_DB.note"
  rm -rf "$scratch" "$scratch.paths" "$scratch.err" "${SHM_SCRATCH:-}"
  SHM_SCRATCH=""
}
