#!/usr/bin/env bash
# Runs every PluginHost benchmark in one pass and writes docs/benchmarks.md from scratch.
#   build/bench.sh              micro (BenchmarkDotNet, short jobs) + macro; a few minutes on 2 cores
#   build/bench.sh --no-micro   macro only (startup curve, soak, CLI start, Python anchor)
#   build/bench.sh --no-micro --sections cli   only the macro sections whose title has one of these words
# Never run by CI: the benchmark project is only built there.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
micro=1
[[ "${1:-}" == "--no-micro" ]] && micro=0 && shift
sections=()
out="$root/docs/benchmarks.md"
if [[ "${1:-}" == "--sections" ]]; then
  # A partial run never replaces the full document.
  sections=(--sections "$2")
  out="$root/artifacts/bench/benchmarks-${2//[^a-zA-Z0-9]/-}.md"
fi

bench_dll="$root/tests/PluginHost.Benchmarks/bin/Release/net10.0/PluginHost.Benchmarks.dll"
cli_dll="$root/src/PluginHost.Cli/bin/Release/net10.0/PluginHost.Cli.dll"
bdn_artifacts="$root/artifacts/bench/bdn"
scratch="$(mktemp -d -t pluginhost-bench-XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
started=$SECONDS

echo "==> Building the solution in Release"
dotnet build "$root/PluginHost.sln" -c Release -nologo -v quiet

echo "==> Publishing the CLI ReadyToRun, as its tool package ships it, to $scratch/cli-r2r"
rid="$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')"
dotnet publish "$root/src/PluginHost.Cli/PluginHost.Cli.csproj" -c Release -r "$rid" --self-contained false \
  -p:PublishReadyToRun=true -nologo -v quiet -o "$scratch/cli-r2r"

echo "==> Building the hello-world baseline in $scratch/hello"
mkdir -p "$scratch/hello"
cat > "$scratch/hello/hello.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
</Project>
XML
echo 'Console.WriteLine("Hello, World!");' > "$scratch/hello/Program.cs"
dotnet build "$scratch/hello/hello.csproj" -c Release -nologo -v quiet -o "$scratch/hello/out"

if [[ $micro == 1 ]]; then
  echo "==> Micro benchmarks (BenchmarkDotNet, short jobs)"
  rm -rf "$bdn_artifacts"
  dotnet "$bench_dll" --filter '*' --job short --exporters github fulljson --artifacts "$bdn_artifacts"
fi

echo "==> Macro benchmarks"
dotnet "$bench_dll" macro \
  --out "$out" \
  --micro "$bdn_artifacts/results" \
  --cli "$cli_dll" \
  --cli-r2r "$scratch/cli-r2r/PluginHost.Cli.dll" \
  --config "$root/plugins-sample/plugins.toml" \
  --hello "$scratch/hello/out/hello.dll" \
  --python "$(command -v python3 || echo python3)" \
  --sdk "$(dotnet --version)" \
  --runs 10 \
  "${sections[@]}"

echo "==> Done in $((SECONDS - started)) s. Wrote $out"
