#!/usr/bin/env bash
# Runs the CDK app for `npx cdk synth|diff|deploy -c env=NAME` (cdk.json calls it through `./gc cdk-app`,
# which chooses a JDK 21+; see docs/operations.md).
# First builds the jars the app deploys, so that a fresh clone synthesizes in one command;
# GC_SKIP_ASSET_BUILD=true skips that when they are already built (or with -c assetRoot=DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
if [[ "${GC_SKIP_ASSET_BUILD:-false}" != true ]]; then
  mvn -B -q -DskipTests package -pl manager-lambda,metrics-lambda,client-service -am >&2
fi
# -am: the app uses shared-model (its ConfigException), built here from the same tree
exec mvn -B -q -pl infra -am compile exec:java
