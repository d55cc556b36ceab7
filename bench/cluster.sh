#!/usr/bin/env bash
# Issue 17's figures, from one run on this machine: checkout throughput (POST /orders from 32
# concurrent clients for 20 s, then until every order is confirmed) of gateway + auth + catalog +
# orders in one JVM against the 3-node split of the done-when test (front: gateway, auth, orders;
# back: gateway, catalog; spare: catalog; orders through both gateways), both on Kafka and one
# PostgreSQL, as a ratio; then the time from a catalog node's SIGKILL to the first order on its
# Kafka partitions confirmed by the surviving catalog node. All JVMs share the machine's cores.
# Runs in the Maven reactor (the testkit's embedded PostgreSQL and Kafka broker); needs no jar.
# SECONDS_PER_RUN=10 CONCURRENCY=16 for a shorter run; NODE_JVM sets each node's JVM options.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test -pl launcher -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=ClusterBench \
  -Dcluster.bench=true -Dcluster.bench.seconds="${SECONDS_PER_RUN:-20}" -Dcluster.bench.concurrency="${CONCURRENCY:-32}" \
  -Dcluster.node.jvm="${NODE_JVM:--Xmx384m -XX:+UseSerialGC}" -DtrimStackTrace=false > /dev/null || true
report=launcher/target/surefire-reports/com.shopifygenie.launcher.ClusterBench-output.txt
grep '^RESULT' "$report" | cut -d' ' -f2-
