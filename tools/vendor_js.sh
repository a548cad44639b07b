#!/usr/bin/env bash
# Refresh vendor/ (KaTeX, the Jupyter widget manager and RequireJS) from the npm registry,
# so the built book reads offline. Run from the repository root; commit the result.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent katex@0.16.22 @jupyter-widgets/html-manager@1.0.15 requirejs@2.3.7 >/dev/null)
for f in "$tmp"/*.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
kx="$tmp/katex-0.16.22/package"
wm="$tmp/jupyter-widgets-html-manager-1.0.15/package/dist"
rm -rf vendor/mathjax vendor/katex
rm -rf vendor/widgets
mkdir -p vendor/katex/fonts vendor/widgets
# KaTeX: the script, the style
# sheet and the WOFF2 fonts only (every browser that runs the book reads WOFF2); the style
# sheet is rewritten to name only those.
cp "$kx/dist/katex.min.js" vendor/katex/
cp "$kx/dist/fonts"/*.woff2 vendor/katex/fonts/
sed -E 's/,url\(fonts\/[^)]*\.woff\) format\("woff"\),url\(fonts\/[^)]*\.ttf\) format\("truetype"\)//g' \
  "$kx/dist/katex.min.css" > vendor/katex/katex.min.css
if grep -qE '\.(woff|ttf)\)' vendor/katex/katex.min.css; then
  echo "vendor_js.sh: katex.min.css still names WOFF or TTF fonts" >&2
  exit 1
fi
cp "$kx/LICENSE" vendor/katex/LICENSE
cp "$wm/embed-amd.js" "$wm"/*.woff2 vendor/widgets/
cp "$tmp/requirejs-2.3.7/package/require.js" vendor/widgets/
du -sh vendor
