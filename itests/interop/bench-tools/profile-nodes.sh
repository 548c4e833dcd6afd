#!/usr/bin/env bash
#
# Profiles the bench's Chorus nodes (the ExecutiveMain JVMs of -Pbench or -Psoak) while they run: waits for three
# of them, waits DELAY seconds more (past start-up and JIT warm-up), attaches async-profiler to each for DUR
# seconds and writes collapsed stacks (one "frame;frame;... count" line per stack) to OUT/node-N.collapsed,
# N in pid order (node 1 first, as the bench starts them). async-profiler 3.0 comes from Maven Central.
#
# Usage, in a second shell while the bench runs (root, like the bench):
#   DELAY=10 DUR=5 itests/interop/bench-tools/profile-nodes.sh &
#   mvn -B -o -Pbench -pl itests/interop verify "-Dbench.only==Chorus udpu" -Dbench.sizes=8192 \
#       -Dbench.seconds=10 -Dbench.warmup=8 "-Dbench.totem=window_size: 600,max_messages: 300"
# EVENT=cpu (default), alloc, lock or wall; OUT defaults to /tmp/chorus-profile. CLIENT=1 also profiles the bench's
# own JVM (where the Chorus columns' CPG client runs) into OUT/client.collapsed.
set -euo pipefail
DELAY=${DELAY:-10}
DUR=${DUR:-5}
EVENT=${EVENT:-cpu}
OUT=${OUT:-/tmp/chorus-profile}
VERSION=3.0
JAR="$HOME/.m2/repository/tools/profiler/async-profiler/$VERSION/async-profiler-$VERSION.jar"
LIB="$OUT/lib/linux-x64/libasyncProfiler.so"

mkdir -p "$OUT"
if [ ! -f "$LIB" ]; then
    [ -f "$JAR" ] || mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:$VERSION
    (cd "$OUT" && mkdir -p lib && cd lib && unzip -o -q "$JAR" 'linux-x64/*')
fi

source "$(dirname "$0")/nodes.sh"
pids=$(await_nodes)
client=""
if [ "${CLIENT:-0}" = 1 ]; then client=$(bench_pid); fi
sleep "$DELAY"
# jcmd splits its arguments at '=', so the agent's options go in quotes of their own.
for p in $pids $client; do
    jcmd "$p" JVMTI.agent_load "$LIB" "\"start,event=$EVENT,interval=1ms\"" >/dev/null
done
sleep "$DUR"
n=0
for p in $pids; do
    n=$((n + 1))
    jcmd "$p" JVMTI.agent_load "$LIB" "\"stop,file=$OUT/node-$n.collapsed,collapsed\"" >/dev/null
done
if [ -n "$client" ]; then
    jcmd "$client" JVMTI.agent_load "$LIB" "\"stop,file=$OUT/client.collapsed,collapsed\"" >/dev/null
fi
echo "profile-nodes: $EVENT profiles of pids $(echo $pids) in $OUT/node-{1..$n}.collapsed"
