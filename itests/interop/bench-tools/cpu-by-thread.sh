#!/usr/bin/env bash
#
# CPU time per thread of the bench's Chorus nodes (ExecutiveMain JVMs) over DUR seconds, starting DELAY seconds after
# three of them are up: which thread is busy (chorus-totem-N: the ring's loop; C2 CompilerThread: the JIT still
# compiling), in clock ticks (100 per second). Run it beside the bench like profile-nodes.sh.
set -euo pipefail
DELAY=${DELAY:-10}
DUR=${DUR:-5}
source "$(dirname "$0")/nodes.sh"
pids=$(await_nodes)
sleep "$DELAY"
snapshot() {
    for p in $pids; do
        for t in /proc/"$p"/task/*; do
            printf '%s %s %s\n' "$p" "$(tr ' ' '_' < "$t"/comm)" "$(awk '{print $14 + $15}' "$t"/stat)"
        done
    done
}
before=$(snapshot)
sleep "$DUR"
after=$(snapshot)
# per pid and thread name: ticks after minus before, busiest first
join -j1 <(echo "$before" | awk '{k[$1" "$2]+=$3} END {for (x in k) {split(x, a, " "); print a[1]"/"a[2], k[x]}}' | sort) \
         <(echo "$after" | awk '{k[$1" "$2]+=$3} END {for (x in k) {split(x, a, " "); print a[1]"/"a[2], k[x]}}' | sort) \
    | awk '{d = $3 - $2; if (d > 0) print d, $1}' | sort -k2,2 -k1,1nr \
    | awk -v dur="$DUR" '{split($2, a, "/"); printf "%-8s %-24s %5d ticks  %5.1f%% of a core\n", a[1], a[2], $1, $1 / dur}'
