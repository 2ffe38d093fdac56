#!/usr/bin/env bash
# Runs the benchmarks (BenchmarkDotNet, in-process, short jobs) and the memory report.
# Results: BenchmarkDotNet.Artifacts/results/*.md; copy the tables into docs/benchmarks.md with the machine they ran on.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project test/MultiTask.MLNet.Benchmarks -- --filter "${1:-*}"
dotnet run -c Release --project test/MultiTask.MLNet.Benchmarks -- --memory
