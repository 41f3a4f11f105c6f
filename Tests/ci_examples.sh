#!/bin/bash
# The commands of docs/ci/kubernetes-zoo-job.yaml and docs/ci/github-actions-zoo.yml, taken
# out of the files (PyYAML) and run here as the pods and jobs would run them, without a
# cluster: /zoo is a temporary folder, each GitHub job its own working folder.
#   Kubernetes: 8 pods (JOB_COMPLETION_INDEX 0..7 with --shards 8), no baseline (a first run),
#     then the merge Job: it equals one `weightatlas zoo` run byte for byte; with pod 5's
#     shard gone the merge refuses (exit 3) naming shard 5.
#   GitHub Actions: the matrix's shard step in 4 job folders (first without baseline, then
#     with the merged zoo.json as BASELINE), the downloaded artifacts merged: equal to one run;
#     with shard 2's artifact missing the merge step fails (exit 3) naming shard 2.
# Uses $WEIGHTATLAS, else .build/release/weightatlas.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${WEIGHTATLAS:-$root/.build/release/weightatlas}
bin=$(readlink -f "$bin")
started=$(date +%s)
fail() { echo "FAIL Tests/ci_examples.sh: $*" >&2; exit 1; }
[ -x "$bin" ] || fail "$bin is not built (make build)"
if ! python3 -c 'import yaml' 2>/dev/null; then
    echo "*** SKIPPED Tests/ci_examples.sh: python3 with PyYAML (python3-yaml) is needed to read the examples ***" >&2
    if [ "${CI:-}" = true ]; then exit 1; fi
    exit 0
fi
tmp=$(mktemp -d /tmp/weightatlas-ci.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
models="$root/Tests/Fixtures/zoo/models"
export PATH="$(dirname "$bin"):$PATH"

# extract FILE EXPRESSION: a Python expression over `docs` (the file's YAML documents).
extract() {
    python3 - "$1" "$2" <<'EOF'
import sys, yaml
docs = list(yaml.safe_load_all(open(sys.argv[1])))
value = eval(sys.argv[2], {"docs": docs})
print(" ".join(map(str, value)) if isinstance(value, list) else value)
EOF
}

"$bin" zoo "$models" -o "$tmp/full" --quiet --junit "$tmp/full-junit.xml" || [ $? -eq 1 ]

# --- Kubernetes: the indexed Job's pods, then the merge Job.
k8s="$root/docs/ci/kubernetes-zoo-job.yaml"
completions=$(extract "$k8s" 'docs[0]["spec"]["completions"]')
pod=$(extract "$k8s" 'docs[0]["spec"]["template"]["spec"]["containers"][0]["args"][0]')
merge=$(extract "$k8s" 'docs[1]["spec"]["template"]["spec"]["containers"][0]["args"][0]')
grep -q -- "--shards $completions " <<< "$pod" || fail "the pod command's --shards is not completions ($completions)"
run=20261203-120000
on_volume() { sed -e "s|\\\$RUN|$run|g" -e "s|/zoo/|$tmp/zoo/|g" <<< "$1"; }   # envsubst '$RUN', /zoo mounted
mkdir -p "$tmp/zoo"
ln -s "$models" "$tmp/zoo/checkpoints"
for ((i = 0; i < completions; i++)); do
    JOB_COMPLETION_INDEX=$i RUN=$run /bin/sh -c "$(on_volume "$pod")" > "$tmp/pod-$i.log" || fail "pod $i failed: $(cat "$tmp/pod-$i.log")"
    grep -q "^weight-zoo: pod $i of 8: exit [01] " "$tmp/pod-$i.log" || fail "pod $i's log: $(cat "$tmp/pod-$i.log")"
done
grep -q "no baseline at $tmp/zoo/baseline/zoo.json: a first run" "$tmp/pod-0.log" || fail "no first-run note"
status=0
RUN=$run /bin/sh -c "$(on_volume "$merge")" > "$tmp/merge.log" 2>&1 || status=$?
[ "$status" = 1 ] || fail "the merge Job exited $status: $(cat "$tmp/merge.log")"
for file in zoo.json index.html; do cmp "$tmp/full/$file" "$tmp/zoo/out/$run/atlas/$file" || fail "kubernetes: $file differs from one run"; done
cmp "$tmp/full-junit.xml" "$tmp/zoo/out/$run/junit.xml" || fail "kubernetes: junit.xml differs from one run"
rm -rf "$tmp/zoo/out/$run/shard-5" "$tmp/zoo/out/$run/atlas"
status=0
RUN=$run /bin/sh -c "$(on_volume "$merge")" > "$tmp/merge.log" 2>&1 || status=$?
[ "$status" = 3 ] && grep -q "merge: shard 5 of 8 missing" "$tmp/merge.log" || fail "a lost pod: exit $status, $(cat "$tmp/merge.log")"
echo "ok kubernetes: $completions pods + merge equal one run; a lost pod's shard is refused"

# --- GitHub Actions: the matrix's shard step in one folder per job, then the merge step.
gha="$root/docs/ci/github-actions-zoo.yml"
shards=$(extract "$gha" 'docs[0]["env"]["SHARDS"]')
matrix=$(extract "$gha" 'docs[0]["jobs"]["zoo"]["strategy"]["matrix"]["shard"]')
[ "$matrix" = "$(seq -s ' ' 0 $((shards - 1)))" ] || fail "the matrix ($matrix) is not 0 ..< SHARDS ($shards)"
step=$(extract "$gha" '[s for s in docs[0]["jobs"]["zoo"]["steps"] if s.get("name", "").startswith("Render and check")][0]["run"]')
merge=$(extract "$gha" '[s for s in docs[0]["jobs"]["merge"]["steps"] if s.get("id") == "merge"][0]["run"]')
shell=$(extract "$gha" 'docs[0]["defaults"]["run"]["shell"]')
[ "$shell" = bash ] || fail "the steps' shell is $shell"
export ZOO SHARDS=$shards BASELINE
ZOO=$(extract "$gha" 'docs[0]["env"]["ZOO"]')
BASELINE=$(extract "$gha" 'docs[0]["env"]["BASELINE"]')
github_run() {   # github_run ROUND: every shard job, then the merge job; sets merge_status
    local round=$1 i job
    mkdir -p "$tmp/gha-$round/merge"
    for i in $matrix; do
        job="$tmp/gha-$round/job-$i"
        mkdir -p "$job"
        ln -s "$models" "$job/${ZOO%/}"                     # actions/checkout
        [ -f "$tmp/baseline.json" ] && mkdir -p "$job/$(dirname "$BASELINE")" && cp "$tmp/baseline.json" "$job/$BASELINE"
        cp "$bin" "$job/weightatlas"                         # actions/download-artifact
        (cd "$job" && bash --noprofile --norc -eo pipefail -c "${step//\$\{\{ matrix.shard \}\}/$i}") > "$job.log" 2>&1 \
            || fail "shard job $i failed: $(cat "$job.log")"
        cp -r "$job/shard-$i" "$tmp/gha-$round/merge/zoo-shard-$i"   # upload, then download by pattern
    done
    cp "$bin" "$tmp/gha-$round/merge/weightatlas"
    merge_status=0
    (cd "$tmp/gha-$round/merge" && GITHUB_STEP_SUMMARY="$tmp/gha-$round/step-summary.md" \
        bash --noprofile --norc -eo pipefail -c "$merge") > "$tmp/gha-$round/merge.log" 2>&1 || merge_status=$?
}
github_run first
grep -q "::notice::no baseline at $BASELINE: a first run" "$tmp/gha-first/job-0.log" || fail "no first-run notice: $(cat "$tmp/gha-first/job-0.log")"
[ "$merge_status" = 1 ] || fail "the merge step exited $merge_status: $(cat "$tmp/gha-first/merge.log")"
cmp "$tmp/full/zoo.json" "$tmp/gha-first/merge/atlas/zoo.json" || fail "github: zoo.json differs from one run"
cmp "$tmp/full-junit.xml" "$tmp/gha-first/merge/junit.xml" || fail "github: junit.xml differs from one run"
grep -q "^No baseline: drift checks skipped" "$tmp/gha-first/step-summary.md" || fail "the step summary does not say drift was skipped"
cp "$tmp/gha-first/merge/atlas/zoo.json" "$tmp/baseline.json"
github_run second
[ "$merge_status" = 1 ] || fail "the second merge step exited $merge_status: $(cat "$tmp/gha-second/merge.log")"
"$bin" zoo "$models" -o "$tmp/full-baseline" --quiet --baseline "$tmp/baseline.json" || [ $? -eq 1 ]
cmp "$tmp/full-baseline/zoo.json" "$tmp/gha-second/merge/atlas/zoo.json" || fail "github with a baseline: zoo.json differs from one run"
rm -rf "$tmp/gha-second/merge/zoo-shard-2" "$tmp/gha-second/merge/atlas"
merge_status=0
(cd "$tmp/gha-second/merge" && bash --noprofile --norc -eo pipefail -c "$merge") > "$tmp/gha-second/merge.log" 2>&1 || merge_status=$?
[ "$merge_status" = 3 ] && grep -q "merge: shard 2 of 4 missing" "$tmp/gha-second/merge.log" \
    || fail "a failed shard job: exit $merge_status, $(cat "$tmp/gha-second/merge.log")"
echo "ok github actions: $shards shard jobs + merge equal one run, first without and then with a baseline; a missing artifact is refused"
echo "Tests/ci_examples.sh: all passed in $(($(date +%s) - started)) s"
