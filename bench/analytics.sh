#!/usr/bin/env bash
# Issue 15's scaling figure: the analytics read models seeded with 10,000 and then 1,000,000 paid
# orders through the domain's event handlers, in bulk (1000 a transaction, each
# day's, product's and pair's counter written once per batch: AnalyticsEventHandlers.handleAll), and
# the latency (p50, p99 of 1000 sequential requests after 300 to warm up) of GET /analytics/dashboard
# (30 days), /analytics/sales-trends (90 days) and /analytics/recommendations (a best seller) through
# the gateway at each size. Goal: p99 at 1 M <= 1.5 x p99 at 10 k. One line per size and endpoint.
# SIZES=10000,100000 for a shorter run (each size adds to the one before).
# Runs in the Maven reactor (an embedded PostgreSQL of the testkit); needs no jar.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${SIZES:-10000,1000000}
mvn -B -q test -pl verticles/analytics -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=AnalyticsBench \
  -Danalytics.bench=true -Danalytics.bench.sizes="$sizes" -DtrimStackTrace=false > /dev/null || true
report=verticles/analytics/target/surefire-reports/com.shopifygenie.analytics.AnalyticsBench-output.txt
grep '^RESULT' "$report" | cut -d' ' -f2- | column -t
