#!/bin/sh
# EMQX's own figures to CloudWatch: every GC_METRICS_INTERVAL seconds (60; 0 turns it off) this
# reads the node's Prometheus page on the loopback and prints one line in CloudWatch's Embedded
# Metric Format to stdout. The task's awslogs driver sends it to the broker's log group, where
# CloudWatch turns it into metrics of GC_METRICS_NAMESPACE with the dimension Broker=GC_BROKER_ID.
# Gauges are printed as read; counters as their increase since the previous line (a counter that
# went down means the node restarted, and then its value is the increase). Each node prints its
# own line: the Sum statistic over a minute is the cluster's figure. GC_METRICS_ONCE=true takes
# one sample at once and exits (the tests use it).
set -u

interval="${GC_METRICS_INTERVAL:-60}"
namespace="${GC_METRICS_NAMESPACE:-WIS2GlobalCache/Broker}"
broker="${GC_BROKER_ID:-emqx}"
url="${GC_METRICS_URL:-http://127.0.0.1:18083/api/v5/prometheus/stats}"
state="${TMPDIR:-/tmp}/gc-metrics.previous"

once="${GC_METRICS_ONCE:-false}"

[ "$interval" -gt 0 ] 2>/dev/null || exit 0
command -v curl >/dev/null 2>&1 || { echo "gc-metrics: curl is missing, no broker metrics" >&2; exit 0; }
[ "$once" = true ] || : > "$state"

sample() {
  page="$(curl -fsS --max-time 10 "$url" 2>/dev/null)" || return 0
  now="$(date +%s%3N)"
  printf '%s\n' "$page" | awk -v ns="$namespace" -v broker="$broker" -v ts="$now" -v state="$state" '
    BEGIN {
      # CloudWatch name <- Prometheus series; g: gauge, c: counter
      split("connections:emqx_connections_count:g sessions:emqx_sessions_count:g" \
        " subscriptions:emqx_subscriptions_count:g topics:emqx_topics_count:g" \
        " messages_received:emqx_messages_received:c messages_sent:emqx_messages_sent:c" \
        " messages_dropped:emqx_messages_dropped:c delivery_dropped_queue_full:emqx_delivery_dropped_queue_full:c" \
        " delivery_dropped_expired:emqx_delivery_dropped_expired:c client_auth_failure:emqx_client_authenticate_failure:c" \
        " authorization_deny:emqx_authorization_deny:c", wanted, " ")
      for (i in wanted) { split(wanted[i], f, ":"); series[f[2]] = f[1]; kind[f[1]] = f[3] }
      while ((getline line < state) > 0) { split(line, p, " "); previous[p[1]] = p[2] }
      close(state)
    }
    /^#/ { next }
    {
      name = $1; sub(/\{.*/, "", name)
      if (name in series) value[series[name]] += $NF
    }
    END {
      out = ""; names = ""
      printf "" > state
      for (m in value) {
        v = value[m]
        print m, v >> state
        if (kind[m] == "c") {
          if (!(m in previous)) continue
          v = (v >= previous[m]) ? v - previous[m] : v
        }
        out = out sprintf(",\"%s\":%.0f", m, v)
        names = names (names == "" ? "" : ",") sprintf("{\"Name\":\"%s\",\"Unit\":\"Count\"}", m)
      }
      if (names == "") exit
      printf "{\"_aws\":{\"Timestamp\":%s,\"CloudWatchMetrics\":[{\"Namespace\":\"%s\",\"Dimensions\":[[\"Broker\"]],\"Metrics\":[%s]}]},\"Broker\":\"%s\"%s}\n", ts, ns, names, broker, out
    }'
}

if [ "$once" = true ]; then
  sample
  exit 0
fi
while sleep "$interval"; do
  sample
done
