#!/usr/bin/env bash
# Refresh vendor/ (MathJax, the Jupyter widget manager and RequireJS) from the npm registry,
# so the built book reads offline. Run from the repository root; commit the result.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent mathjax@3.2.2 @jupyter-widgets/html-manager@1.0.15 requirejs@2.3.7 >/dev/null)
for f in "$tmp"/*.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
mj="$tmp/mathjax-3.2.2/package/es5"
wm="$tmp/jupyter-widgets-html-manager-1.0.15/package/dist"
rm -rf vendor/mathjax
rm -rf vendor/widgets
mkdir -p vendor/mathjax/output/chtml/fonts vendor/mathjax/input/tex vendor/widgets
cp "$mj/tex-chtml.js" vendor/mathjax/
cp -r "$mj/output/chtml/fonts/woff-v2" vendor/mathjax/output/chtml/fonts/
cp -r "$mj/input/tex/extensions" vendor/mathjax/input/tex/
cp -r "$mj/ui" vendor/mathjax/
cp "$wm/embed-amd.js" "$wm"/*.woff2 vendor/widgets/
cp "$tmp/requirejs-2.3.7/package/require.js" vendor/widgets/
cp "$tmp/mathjax-3.2.2/package/LICENSE" vendor/mathjax/LICENSE
du -sh vendor
