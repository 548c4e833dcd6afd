#!/bin/sh
# Starts (or stops) a 3-node Chorus ring on 127.0.0.1..3 from one corosync.conf (udpu, nodeids 1..3), each node a
# plain JVM running io.chorus.transport.NodeMain in the background.
#
#   bundles/transport/bin/local-cluster.sh start [CONF]     # default CONF: etc/corosync.conf of the repository
#   bundles/transport/bin/local-cluster.sh send N TEXT      # node N multicasts TEXT; every node logs "DELIVER from=N TEXT"
#   bundles/transport/bin/local-cluster.sh status           # one status line per node
#   bundles/transport/bin/local-cluster.sh stop             # SIGTERM: each node leaves the ring cleanly
#
# Build first: mvn -B -q -pl bundles/transport -am install -DskipTests   (writes target/classpath.txt)
# Logs, state (ringid_N), status files and command pipes: bundles/transport/target/local-cluster/nN/
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$here/../.." && pwd)
work="$here/target/local-cluster"
cmd=${1:-start}

case "$cmd" in
start)
    conf=${2:-$repo/etc/corosync.conf}
    [ -f "$here/target/classpath.txt" ] || { echo "build first: mvn -B -q -pl bundles/transport -am install -DskipTests" >&2; exit 1; }
    cp="$here/target/classes:$(cat "$here/target/classpath.txt")"
    for n in 1 2 3; do
        d="$work/n$n"
        mkdir -p "$d/state"
        if [ -f "$d/pid" ] && kill -0 "$(cat "$d/pid")" 2>/dev/null; then
            echo "node $n already runs (pid $(cat "$d/pid"))"; continue
        fi
        rm -f "$d/in"; mkfifo "$d/in"
        # a writer that keeps the command pipe open, so that the node never sees end of input
        sleep 2147483647 > "$d/in" &
        echo $! > "$d/keeper.pid"
        java -cp "$cp" io.chorus.transport.NodeMain -c "$conf" --nodeid "$n" --state-dir "$d/state" \
            --status-file "$d/status" < "$d/in" > "$d/node.log" 2>&1 &
        echo $! > "$d/pid"
        echo "node $n: pid $(cat "$d/pid"), log $d/node.log"
    done
    ;;
send)
    n=$2; shift 2
    echo "send $*" > "$work/n$n/in"
    ;;
status)
    for n in 1 2 3; do
        printf 'node %s: ' "$n"; cat "$work/n$n/status" 2>/dev/null || echo "(no status)"
    done
    ;;
stop)
    for n in 1 2 3; do
        d="$work/n$n"
        [ -f "$d/pid" ] && kill -TERM "$(cat "$d/pid")" 2>/dev/null || true
    done
    for n in 1 2 3; do
        d="$work/n$n"
        if [ -f "$d/pid" ]; then
            i=0; while kill -0 "$(cat "$d/pid")" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
            rm -f "$d/pid"
        fi
        [ -f "$d/keeper.pid" ] && kill "$(cat "$d/keeper.pid")" 2>/dev/null || true
        rm -f "$d/keeper.pid" "$d/in"
    done
    echo stopped
    ;;
*)
    echo "usage: $0 start [CONF] | send N TEXT | status | stop" >&2; exit 2
    ;;
esac
