#!/bin/sh
# Renders MODEL RUNS times per igzip preset (pyramids on, two busy shells beside every other
# run) and compares the digests of every output file with the first run's (issue 14: with
# igzip levels 1-2, since dropped, a few pyramid tiles differed from run to run).
#   Tests/stress_determinism.sh [MODEL] [RUNS]   (default: the real-model cache's
#   nudenet-320n.onnx, 6 runs; the binary is $WEIGHTATLAS_CLI or .build/release/weightatlas)
# Exit 0 when every run of every preset matched, 1 when some file differed (listed).
set -eu
MODEL=${1:-${WEIGHTATLAS_REAL_MODELS:-$HOME/.cache/weightatlas/real-models}/nudenet-320n/320n.onnx}
RUNS=${2:-6}
CLI=${WEIGHTATLAS_CLI:-.build/release/weightatlas}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
digests() { (cd "$1" && find . -type f | sort | xargs sha256sum); }
status=0
for preset in fast default best; do
    "$CLI" render "$MODEL" -o "$WORK/ref" --quiet --backend cpu --dzi --compression "$preset"
    digests "$WORK/ref" > "$WORK/ref.sums"
    run=1
    while [ "$run" -lt "$RUNS" ]; do
        busy=""
        if [ $((run % 2)) -eq 1 ]; then
            for _ in 1 2; do sh -c 'while :; do :; done' & busy="$busy $!"; done
        fi
        "$CLI" render "$MODEL" -o "$WORK/run" --quiet --backend cpu --dzi --compression "$preset"
        [ -n "$busy" ] && kill $busy
        digests "$WORK/run" > "$WORK/run.sums"
        if ! cmp -s "$WORK/ref.sums" "$WORK/run.sums"; then
            echo "$preset run $run differs from run 0:"
            diff "$WORK/ref.sums" "$WORK/run.sums" | grep '^>' | sed 's/^> [0-9a-f]*  /  /'
            status=1
        fi
        rm -rf "$WORK/run"
        run=$((run + 1))
    done
    rm -rf "$WORK/ref"
    echo "$preset: $RUNS runs compared"
done
exit $status
