#!/bin/bash
# A Slurm array job: each task renders and checks its shard of a zoo; a dependent job merges
# them. Run it on the login node; it submits both jobs and prints their ids:
#
#   export ZOO_DIR=/data/checkpoints OUT_DIR=/scratch/$USER/zoo    # required
#   export BASELINE=/scratch/$USER/zoo/latest/atlas/zoo.json        # optional
#   docs/ci/slurm-zoo.sh
#
# Overridable (defaults fit a small node): ZOO_ARRAY (0-3; stepped 0-6:2, offset 1-4 and
# throttled 0-15%4 work too: weightatlas maps SLURM_ARRAY_TASK_ID/_MIN/_MAX/_STEP/_COUNT to
# shards itself), ZOO_CPUS (2: --cpus-per-task, which weightatlas also takes as --jobs from
# SLURM_CPUS_PER_TASK), ZOO_MEM (2G), ZOO_TIME (01:00:00), ZOO_PARTITION, WEIGHTATLAS (the
# binary, on a file system the nodes share), ZOO_FLAGS (more zoo options, e.g. --quiet),
# ZOO_SBATCH_FLAGS (more sbatch options for both jobs, e.g. --account=A --qos=Q).
#
# Where things go: task N writes OUT_DIR/run-<array job id>/shard-N (a folder of this
# submission only, so a shard left from an earlier one is never merged); the merge writes
# run-<id>/atlas, run-<id>/junit.xml and run-<id>/summary.md and points OUT_DIR/latest at
# run-<id>; logs go to OUT_DIR/logs/. Each task's log ends with one line saying what became
# of it, with or without --quiet. No BASELINE, or none there yet (a first run): the drift
# checks are skipped, and the log and summary say so; next time use latest/atlas/zoo.json.
#
# Why the merge runs afterany: it runs whatever became of the tasks, and `weightatlas merge`
# refuses a missing shard (a task that failed, was cancelled or ran out of time), naming it,
# with exit 3, so the merge job FAILS; every shard also records the walk, configuration and
# version, so a shard of another run is refused too. afterok would instead leave the merge
# pending forever when one task fails (no report at all). A task whose checks fail (exit 1)
# still produced its shard and succeeds; the merge then exits 1 (checks failed).
#
# Without the submitting step: `sbatch --array=0-3 docs/ci/slurm-zoo.sh` runs the tasks (the #SBATCH
# defaults below); then `sbatch --dependency=afterany:ID --export=ALL,ZOO_RUN=$OUT_DIR/run-ID
# docs/ci/slurm-zoo.sh merge` merges them.
#
#SBATCH --job-name=weight-zoo
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=01:00:00
#SBATCH --output=weight-zoo-%A_%a.log

set -euo pipefail
: "${ZOO_DIR:?set ZOO_DIR to the folder of models}"
: "${OUT_DIR:?set OUT_DIR to a folder the nodes share (shards, atlas and logs go there)}"
WEIGHTATLAS=${WEIGHTATLAS:-weightatlas}
read -r -a flags <<< "${ZOO_FLAGS:-}"

mode=${1:-}
if [ -z "$mode" ]; then
    if [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then mode=task; else mode=submit; fi
fi

case "$mode" in
submit)
    script=$(readlink -f "${BASH_SOURCE[0]}")
    mkdir -p "$OUT_DIR/logs"
    read -r -a partition <<< "${ZOO_SBATCH_FLAGS:-}"
    if [ -n "${ZOO_PARTITION:-}" ]; then partition+=(--partition="$ZOO_PARTITION"); fi
    array=$(sbatch --parsable --job-name=weight-zoo --array="${ZOO_ARRAY:-0-3}" --cpus-per-task="${ZOO_CPUS:-2}" \
        --mem="${ZOO_MEM:-2G}" --time="${ZOO_TIME:-01:00:00}" --output="$OUT_DIR/logs/weight-zoo-%A_%a.log" \
        ${partition[@]+"${partition[@]}"} "$script" task)
    array=${array%%;*}
    merge=$(sbatch --parsable --job-name=weight-zoo-merge --dependency="afterany:$array" --cpus-per-task=1 \
        --mem="${ZOO_MEM:-2G}" --time="${ZOO_TIME:-01:00:00}" --output="$OUT_DIR/logs/weight-zoo-merge-%j.log" \
        --export="ALL,ZOO_RUN=$OUT_DIR/run-$array" ${partition[@]+"${partition[@]}"} "$script" merge)
    merge=${merge%%;*}
    echo "weight-zoo: array job $array, merge job $merge (afterany); results in $OUT_DIR/run-$array"
    ;;
task)
    : "${SLURM_ARRAY_TASK_ID:?task mode runs inside a Slurm array task}"
    run="$OUT_DIR/run-${SLURM_ARRAY_JOB_ID:?}"
    shard="$run/shard-$SLURM_ARRAY_TASK_ID"
    mkdir -p "$run"
    baseline=()
    if [ -n "${BASELINE:-}" ] && [ -f "$BASELINE" ]; then
        baseline=(--baseline "$BASELINE")
    else
        echo "weight-zoo: no baseline${BASELINE:+ at $BASELINE}: a first run, drift checks skipped"
    fi
    status=0
    "$WEIGHTATLAS" zoo "$ZOO_DIR" -o "$shard" ${baseline[@]+"${baseline[@]}"} ${flags[@]+"${flags[@]}"} || status=$?
    case $status in
        0) verdict="checks passed" ;;
        1) verdict="checks failed (the shard is complete)" ;;
        *) verdict="no shard written" ;;
    esac
    echo "weight-zoo: array $SLURM_ARRAY_JOB_ID task $SLURM_ARRAY_TASK_ID (${SLURM_ARRAY_TASK_MIN:-0}-${SLURM_ARRAY_TASK_MAX:-?}:${SLURM_ARRAY_TASK_STEP:-1}) on $(hostname) with ${SLURM_CPUS_PER_TASK:-1} CPUs: exit $status, $verdict -> $shard"
    # Exit 1 means a check failed: the task still produced its shard.
    [ "$status" -le 1 ]
    ;;
merge)
    run=${ZOO_RUN:?merge mode needs ZOO_RUN, the run folder the tasks wrote}
    shopt -s nullglob
    shards=("$run"/shard-*/)
    if [ ${#shards[@]} -eq 0 ]; then
        echo "weight-zoo: no shard in $run: every task failed or none ran" >&2
        exit 3
    fi
    status=0
    "$WEIGHTATLAS" merge "${shards[@]}" -o "$run/atlas" --junit "$run/junit.xml" --summary "$run/summary.md" || status=$?
    if [ "$status" -le 1 ]; then ln -sfn "$(basename "$run")" "$OUT_DIR/latest"; fi
    echo "weight-zoo: merge of ${#shards[@]} shards in $run: exit $status"
    exit "$status"
    ;;
*)
    echo "usage: $0 [submit|task|merge]" >&2
    exit 2
    ;;
esac
