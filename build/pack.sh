#!/usr/bin/env bash
# Packs exactly the packages a user installs, and nothing else, into one folder.
#   build/pack.sh                      -> artifacts/packages/
#   build/pack.sh /tmp/feed            -> /tmp/feed/ (a local feed for `dotnet add package` / `dotnet tool install`)
#   build/pack.sh /tmp/feed -p:Version=0.2.0-dev.1   (any further arguments go to dotnet pack)
# The folder is emptied of packages first, so it holds this pack's output only. Test fixtures and
# samples are not packed (IsShipped=false); plugins with PluginFeedDir pack into their own feeds.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${1:-$root/artifacts/packages}" && cd "${1:-$root/artifacts/packages}" && pwd)"
shift || true

rm -f "$out"/*.nupkg "$out"/*.snupkg
dotnet pack "$root/PluginHost.sln" -c Release -nologo -v quiet -o "$out" -p:ContinuousIntegrationBuild=true "$@"
echo "==> Packages in $out"
(cd "$out" && ls -1 *.nupkg *.snupkg)
