#!/bin/bash
# A Slurm array job: each task renders and checks its shard of the zoo; a dependent job
# merges them. weightatlas reads SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and
# SLURM_ARRAY_TASK_COUNT itself: no wrapper logic.
#
#   sbatch docs/ci/slurm-zoo.sh
#   sbatch --dependency=afterany:<jobid> --wrap \
#     'weightatlas merge /scratch/$USER/zoo/shard-*/ -o /scratch/$USER/zoo/atlas --junit /scratch/$USER/zoo/junit.xml --summary /scratch/$USER/zoo/summary.md'
#
#SBATCH --job-name=weight-zoo
#SBATCH --array=0-15
#SBATCH --cpus-per-task=8
#SBATCH --mem=16G
#SBATCH --time=01:00:00
#SBATCH --output=weight-zoo-%A_%a.log

set -euo pipefail
ZOO=/data/checkpoints
OUT=/scratch/$USER/zoo

# Exit 1 means a check failed: the task still succeeded in producing its shard.
weightatlas zoo "$ZOO" -o "$OUT/shard-$SLURM_ARRAY_TASK_ID" --baseline "$OUT/baseline/zoo.json" --quiet || [ $? -eq 1 ]
