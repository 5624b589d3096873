# Release builds of Herald and the bench projects, and the BenchmarkDotNet run.
# Build output goes under bench/out/artifacts, so these builds never touch the
# obj/ folders of engineers building src/ and tests/ at the same time.

HERALD="$OUT/herald/herald"
GENERATOR="$OUT/generator/herald-bench-generator"

build_all() {
  local source=$ROOT
  if [[ -n $REF ]]; then
    # A committed revision, e.g. to compare main with a branch: exported with the repository's
    # root files (props, package versions, global.json), so it builds on its own.
    source="$OUT/src-ref"
    rm -rf "$source" && mkdir -p "$source"
    git -C "$ROOT" archive "$REF" | tar -x -C "$source" || die "cannot export revision $REF"
    HERALD_VERSION="$(git -C "$ROOT" rev-parse --short "$REF")"
  else
    HERALD_VERSION="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted changes')"
  fi
  HERALD_SOURCE=$source
  log "building Herald $HERALD_VERSION (Release) into bench/out/herald"
  rm -rf "$OUT/herald"
  # Published as the README tells a deployment to: self-contained, with Herald, its libraries
  # and .NET's own assemblies compiled ahead of time into one composite ReadyToRun image, so
  # start-up and the first seconds under load do not wait for the JIT. Composite, unlike
  # ReadyToRun per assembly, also holds the generic code one assembly instantiates with
  # another's types: a start compiles about 600 methods instead of about 2,000 (start-up about
  # 1.2-1.3x; full renders about 0.97x, memory about 20 MB more; bench/RESULTS.md). It takes
  # about three minutes to build. The RID-specific restore writes its lock file under
  # bench/out, leaving the project's packages.lock.json as it is.
  dotnet publish "$source/src/Herald/Herald.csproj" -c Release -o "$OUT/herald" --artifacts-path "$OUT/artifacts" \
    -r linux-x64 --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true \
    -p:NuGetLockFilePath="$OUT/artifacts/herald.packages.lock.json" \
    --nologo -v quiet -clp:ErrorsOnly >"$OUT/build-herald.log" 2>&1 ||
    { cat "$OUT/build-herald.log" >&2; die "Herald did not build"; }
  log "building the site generator"
  dotnet build "$BENCH_DIR/Herald.Bench.Generator/Herald.Bench.Generator.csproj" -c Release -o "$OUT/generator" \
    --artifacts-path "$OUT/artifacts" --nologo -v quiet -clp:ErrorsOnly >"$OUT/build-generator.log" 2>&1 ||
    { cat "$OUT/build-generator.log" >&2; die "the generator did not build"; }
  log "building the bare Kestrel reference server"
  dotnet publish "$BENCH_DIR/Herald.Bench.Kestrel/Herald.Bench.Kestrel.csproj" -c Release -o "$OUT/kestrel" \
    --artifacts-path "$OUT/artifacts" --nologo -v quiet -clp:ErrorsOnly >"$OUT/build-kestrel.log" 2>&1 ||
    { cat "$OUT/build-kestrel.log" >&2; die "the Kestrel reference server did not build"; }
  build_comment_client
}

run_micro() {
  local project="$BENCH_DIR/Herald.Benchmarks/Herald.Benchmarks.csproj" job=()
  log "building the micro-benchmarks (Release)"
  dotnet build "$project" -c Release --artifacts-path "$OUT/artifacts" \
    --nologo -v quiet -clp:ErrorsOnly >"$OUT/build-benchmarks.log" 2>&1 ||
    { cat "$OUT/build-benchmarks.log" >&2; die "the micro-benchmarks did not build"; }
  if [[ $MODE != full ]]; then job=(--job dry); fi
  log "running BenchmarkDotNet${job:+ (dry job: a smoke run, not a measurement)}; results in bench/out/BenchmarkDotNet.Artifacts"
  (cd "$OUT" && dotnet "$OUT/artifacts/bin/Herald.Benchmarks/release/Herald.Benchmarks.dll" --filter '*' "${job[@]}" \
    --artifacts "$OUT/BenchmarkDotNet.Artifacts")
}
