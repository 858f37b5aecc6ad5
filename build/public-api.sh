#!/usr/bin/env bash
# Regenerates PublicAPI.Unshipped.txt of every shipped library from its code, then builds them.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: build/public-api.sh [--help]

Regenerates PublicAPI.Unshipped.txt of every library that tracks its public API
(each src/*/ folder with a PublicAPI.Shipped.txt) from the code, builds the
libraries so the analyzer checks the result, and prints what changed (git diff --stat).

Run it after a deliberate change to the public API, review the diff, commit it.
The build fails on any public symbol missing from the files (RS0016) or listed but
gone (RS0017); this script is how a maintainer accepts such a change.

How: Unshipped is reset to its header (plus any *REMOVED* lines, which record
shipped API taken away), then the analyzer's own RS0016 code fix adds every public
symbol not already in PublicAPI.Shipped.txt:
  dotnet format analyzers <csproj> --diagnostics RS0016 --severity warn
PublicAPI.Shipped.txt is never touched: move lines there by hand on a release.
EOF
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

projects=()
for shipped in src/*/PublicAPI.Shipped.txt; do
  dir="$(dirname "$shipped")"
  project="$dir/$(basename "$dir").csproj"
  unshipped="$dir/PublicAPI.Unshipped.txt"
  projects+=("$project")

  echo "==> $unshipped"
  removed="$(grep '^\*REMOVED\*' "$unshipped" 2>/dev/null || true)"
  { echo '#nullable enable'; [[ -z "$removed" ]] || echo "$removed"; } > "$unshipped"
  dotnet format analyzers "$project" --diagnostics RS0016 --severity warn
done

echo "==> Building ${projects[*]}"
for project in "${projects[@]}"; do
  dotnet build "$project" -nologo -v quiet
done

echo "==> Changes"
git --no-pager diff --stat -- 'src/*/PublicAPI.*.txt'
git ls-files --others --exclude-standard -- 'src/*/PublicAPI.*.txt' | sed 's/^/new: /'
