#!/usr/bin/env bash
# The full cluster test: builds the job jar and the Flink 1.19 lib/, then runs every cluster test
# (JobJarIT, LocalClusterIT, ClusterFaultIT) against real JobManager/TaskManager processes on
# 127.0.0.1, and checks afterwards that no Flink process was left running.
# CI (`mvn -B -ntp verify`) runs the bounded part only (JobJarIT, LocalClusterIT).
#
#   deploy/bin/local-cluster-test.sh            # about 8-12 minutes on 2 cores
#   deploy/bin/local-cluster-test.sh -o         # extra Maven arguments are passed through
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

flink_processes() {
  pgrep -f 'org.apache.flink.runtime.(entrypoint.StandaloneSessionClusterEntrypoint|taskexecutor.TaskManagerRunner)' \
    | xargs -r ps -o args= -p | grep -F -- "$PWD/deploy/target/flink-cluster" || true
}

status=0
mvn -B -ntp -pl deploy -am verify -Pcluster-full "$@" || status=$?

left="$(flink_processes)"
if [[ -n "$left" ]]; then
  echo "local-cluster-test: Flink processes left running:" >&2
  echo "$left" >&2
  exit 1
fi
echo "local-cluster-test: no Flink process left running"
exit "$status"
