#!/usr/bin/env bash
# Measures a minimal host as a user builds one: a console app whose only reference is the PluginHost
# package (which brings PluginHost.Abstractions), published framework-dependent. Prints its files and size.
#   build/minimal-host.sh              this working tree
#   build/minimal-host.sh <tree>       another source tree, e.g. one from `git archive main`
# Packs with outputs of its own (--artifacts-path) and a version no cache holds, so it builds from the
# tree given and leaves the repository's builds alone. About a minute.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tree="$(cd "${1:-$root}" && pwd)"
work="$(mktemp -d -t pluginhost-minimal-XXXXXX)"
trap 'rm -rf "$work"' EXIT
version="0.0.0-minimal.$(date +%s)"

for project in src/PluginHost.Abstractions src/PluginHost; do
  dotnet pack "$tree/$project" -c Release -nologo -v quiet -o "$work/feed" --artifacts-path "$work/build" -p:Version="$version" >/dev/null
done

mkdir -p "$work/host"
cat > "$work/host/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config><add key="globalPackagesFolder" value="$work/packages" /></config>
  <packageSources><add key="local" value="$work/feed" /></packageSources>
  <fallbackPackageFolders><add key="user" value="${NUGET_PACKAGES:-$HOME/.nuget/packages}" /></fallbackPackageFolders>
</configuration>
XML
cat > "$work/host/MinimalHost.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="PluginHost" Version="$version" />
  </ItemGroup>
</Project>
XML
cat > "$work/host/Program.cs" <<'CS'
using PluginHost;

await using var runtime = new PluginRuntime(new PluginRuntimeOptions { SearchPaths = [args.Length > 0 ? args[0] : "plugins"] });
Console.WriteLine($"{runtime.ImportAll().Count} plugins imported");
CS
dotnet publish "$work/host" -c Release -nologo -v quiet -o "$work/out" >/dev/null

files=$(find "$work/out" -type f | wc -l)
bytes=$(find "$work/out" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
echo "Minimal host ($tree): $files files, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1000000 }') MB ($bytes bytes)"
echo "Largest files:"
(cd "$work/out" && find . -type f -printf '%s %p\n' | sort -rn | head -8 | awk '{ printf "  %8.1f KB  %s\n", $1 / 1000, $2 }')
