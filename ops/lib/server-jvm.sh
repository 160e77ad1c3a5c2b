# shellcheck shell=bash
# The JVM options of the API server: ops/run starts it with them, and so does every server ops/bench starts, so that
# a benchmark measures the server as it runs. SERVER_JAVA_OPTS replaces them (SERVER_JAVA_OPTS= gives the JVM's
# defaults); JAVA_OPTS still adds to them.
#
# The parallel collector, not G1 (the default): the server's live heap is small (about 20 MB after a full collection),
# so young collections take 1-2 ms either way, and without G1's write barriers a cached answer costs less CPU.
# docs/operations.md ("The JVM") has the measurement and the cost: an occasional full collection of the old generation.
read -r -a SERVER_JVM_OPTS <<<"${SERVER_JAVA_OPTS--XX:+UseParallelGC}"
