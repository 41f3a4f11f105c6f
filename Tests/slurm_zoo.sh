#!/bin/bash
# docs/ci/slurm-zoo.sh on a real Slurm: munged, slurmctld and slurmd started here on localhost
# (a generated munge key and slurm.conf in a temporary folder, free ports, no systemd), then
#   1. the documented array (4 tasks, --quiet, no baseline: a first run) and its dependent
#      merge, whose result must equal one `weightatlas zoo` run byte for byte;
#   2. a stepped, throttled array (0-6:2%2) against the first run's result as the baseline;
#   3. an array with task 2 cancelled: the merge must refuse (exit 3) naming the shard;
#   4. an array that is not one range (1,3,10): every task refuses, and the merge.
# Only the daemons started here are stopped, by PID, in the trap. Installs slurm-wlm and munge
# with apt-get when missing; where it cannot, the test is skipped loudly (and fails where
# CI=true). Uses $WEIGHTATLAS, else .build/release/weightatlas.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export WEIGHTATLAS=${WEIGHTATLAS:-$root/.build/release/weightatlas}
started=$(date +%s)

skip() {
    echo "*** SKIPPED Tests/slurm_zoo.sh: $* ***" >&2
    if [ "${CI:-}" = true ]; then exit 1; fi
    exit 0
}
fail() { echo "FAIL Tests/slurm_zoo.sh: $*" >&2; exit 1; }

[ -x "$WEIGHTATLAS" ] || fail "$WEIGHTATLAS is not built (make build)"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq slurm-wlm munge; } >&2 \
        || skip "slurm-wlm and munge could not be installed"
fi
[ "$(id -u)" = 0 ] || skip "slurmd must run as root to start jobs (run as root or in a container)"
command -v python3 >/dev/null || skip "python3 is needed to find free ports"

tmp=$(mktemp -d /tmp/weightatlas-slurm.XXXXXX)
chmod 755 "$tmp"   # munged wants every folder above its socket world-executable
pids=()
cleanup() {
    local status=$?
    if [ -f "$tmp/slurm.conf" ]; then SLURM_CONF="$tmp/slurm.conf" scancel --quiet --user=root 2>/dev/null || true; fi
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ "$status" != 0 ]; then
        for log in "$tmp"/*.log "$tmp"/munge/*.log; do [ -f "$log" ] && { echo "--- $log"; tail -20 "$log"; } >&2; done
    fi
    if [ -z "${KEEP_SLURM_TMP:-}" ]; then rm -rf "$tmp"; fi
}
trap cleanup EXIT

# munge: a key of our own, a socket in our folder.
mkdir -m 755 "$tmp/munge"
head -c 1024 /dev/urandom > "$tmp/munge/munge.key"
chmod 400 "$tmp/munge/munge.key"
socket="$tmp/munge/munge.socket"
munged -F --force --key-file="$tmp/munge/munge.key" --socket="$socket" --pid-file="$tmp/munge/munged.pid" \
    --log-file="$tmp/munge/munged.log" --seed-file="$tmp/munge/munged.seed" 2>"$tmp/munged.stderr" &
pids+=($!)
for _ in $(seq 50); do [ -S "$socket" ] && break; sleep 0.1; done
[ -S "$socket" ] || fail "munged did not start"

read -r ctl_port node_port < <(python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1", 0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
node=$(hostname -s)
cpus=$(nproc)
memory=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
mkdir -p "$tmp/state" "$tmp/spool"
cat > "$tmp/slurm.conf" <<EOF
ClusterName=weightatlas-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctl_port
SlurmdPort=$node_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
MinJobAge=600
KillWait=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$tmp/slurm.conf"
slurmctld -D -c -f "$SLURM_CONF" 2>"$tmp/slurmctld.stderr" &
pids+=($!)
slurmd -D -f "$SLURM_CONF" 2>"$tmp/slurmd.stderr" &
pids+=($!)
for _ in $(seq 100); do
    [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && break
    sleep 0.2
done
[ "$(sinfo -h -o %T)" = idle ] || fail "the node did not become idle: $(sinfo -h -o %T 2>&1)"
echo "slurm up in $(($(date +%s) - started)) s: $node, $cpus CPUs, ports $ctl_port/$node_port"

zoo="$root/Tests/Fixtures/zoo/models"
export ZOO_DIR="$zoo" ZOO_CPUS=1 ZOO_MEM=500M ZOO_TIME=00:10:00

# Runs docs/ci/slurm-zoo.sh (unchanged) with the environment given, waits for both jobs, and
# sets array, merge, run and merge_exit.
submit() {
    local line
    line=$(env "$@" bash "$root/docs/ci/slurm-zoo.sh")
    echo "$line"
    array=$(sed -n 's/.*array job \([0-9]*\),.*/\1/p' <<< "$line")
    merge=$(sed -n 's/.*merge job \([0-9]*\) .*/\1/p' <<< "$line")
    run=$(sed -n 's/.*results in \(.*\)$/\1/p' <<< "$line")
    [ -n "$array" ] && [ -n "$merge" ] || fail "no job ids in: $line"
}
finish() {
    for _ in $(seq 600); do
        state=$(scontrol -o show job "$merge" | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
        case "$state" in COMPLETED | FAILED | CANCELLED | TIMEOUT | OUT_OF_MEMORY | NODE_FAIL) break ;; esac
        sleep 0.2
    done
    merge_exit=$(scontrol -o show job "$merge" | sed -n 's/.* ExitCode=\([0-9]*\):.*/\1/p')
    echo "merge job $merge: $state, exit $merge_exit"
}
same() {   # same FILE_A FILE_B: byte for byte
    cmp "$1" "$2" || fail "$2 differs from $1"
}

# 1. The documented array, a first run: no baseline, --quiet.
out="$tmp/out"
mkdir -p "$out"
submit OUT_DIR="$out" ZOO_ARRAY=0-3 ZOO_FLAGS="--backend cpu --quiet"
finish
[ "$merge_exit" = 1 ] || fail "the merge of a complete run must exit 1 (the fixture zoo fails checks), not $merge_exit: $(cat "$out"/logs/weight-zoo-merge-*.log)"
for task in 0 1 2 3; do
    log="$out/logs/weight-zoo-${array}_$task.log"
    grep -q "^weight-zoo: no baseline: a first run, drift checks skipped" "$log" || fail "$log lacks the baseline note"
    grep -Eq "^weight-zoo: array $array task $task \(0-3:1\) on .* with 1 CPUs: exit [01], checks (passed|failed)" "$log" || fail "$log: $(cat "$log")"
done
"$WEIGHTATLAS" zoo "$zoo" -o "$tmp/full" --backend cpu --quiet --junit "$tmp/full-junit.xml" || [ $? -eq 1 ]
same "$tmp/full/zoo.json" "$run/atlas/zoo.json"
same "$tmp/full/index.html" "$run/atlas/index.html"
same "$tmp/full-junit.xml" "$run/junit.xml"
diff -r "$tmp/full" "$run/atlas" >/dev/null || fail "the merged atlas differs from one run: $(diff -rq "$tmp/full" "$run/atlas" | head -5)"
[ "$(readlink "$out/latest")" = "run-$array" ] || fail "latest does not point at run-$array"
echo "ok 1: 4-task array + afterany merge equals one run byte for byte"

# 2. A stepped, throttled array (tasks 0, 2, 4, 6; two at a time) against run 1 as baseline.
baseline="$out/latest/atlas/zoo.json"
submit OUT_DIR="$out" ZOO_ARRAY=0-6:2%2 BASELINE="$baseline" ZOO_FLAGS="--backend cpu"
finish
[ "$merge_exit" = 1 ] || fail "stepped merge exit $merge_exit: $(cat "$out"/logs/weight-zoo-merge-"$merge".log)"
grep -q "^shard 3/4: " "$out/logs/weight-zoo-${array}_6.log" || fail "task 6 is not shard 3/4: $(cat "$out/logs/weight-zoo-${array}_6.log")"
"$WEIGHTATLAS" zoo "$zoo" -o "$tmp/full-baseline" --backend cpu --quiet --baseline "$tmp/full/zoo.json" || [ $? -eq 1 ]
same "$tmp/full-baseline/zoo.json" "$run/atlas/zoo.json"
grep -q '"baseline": {' "$run/atlas/zoo.json" || fail "the stepped run did not use the baseline"
echo "ok 2: stepped array 0-6:2%2 with a baseline equals one run"

# 3. Task 2 cancelled before it runs: the afterany merge runs and refuses.
submit OUT_DIR="$out" ZOO_ARRAY=0-3 ZOO_FLAGS="--backend cpu" ZOO_SBATCH_FLAGS=--hold
scancel "${array}_2"
scontrol release "$array"
scontrol release "$merge"
finish
[ "$merge_exit" = 3 ] || fail "a merge missing shard 2 must exit 3, not $merge_exit"
grep -q "merge: shard 2 of 4 missing (given: 0, 1, 3)" "$out/logs/weight-zoo-merge-$merge.log" \
    || fail "the merge log does not name shard 2: $(cat "$out/logs/weight-zoo-merge-$merge.log")"
[ ! -e "$run/atlas" ] || fail "a refused merge wrote $run/atlas"
echo "ok 3: a cancelled task makes the merge refuse (exit 3, shard 2 of 4 named)"

# 4. An array that is not one range cannot be shards: each task refuses (exit 2), so does the merge.
submit OUT_DIR="$out" ZOO_ARRAY=1,3,10 ZOO_FLAGS="--backend cpu"
finish
[ "$merge_exit" = 3 ] || fail "a merge of no shards must exit 3, not $merge_exit"
grep -q "the Slurm array (task 3, 3 tasks, min 1, max 10, step 1) is not one range 1-10 of 3 tasks" "$out/logs/weight-zoo-${array}_3.log" \
    || fail "task 3 of --array=1,3,10: $(cat "$out/logs/weight-zoo-${array}_3.log")"
grep -q "exit 2, no shard written" "$out/logs/weight-zoo-${array}_3.log" || fail "task 3 did not say exit 2"
echo "ok 4: --array=1,3,10 is refused by every task and the merge"

echo "Tests/slurm_zoo.sh: all passed in $(($(date +%s) - started)) s"
