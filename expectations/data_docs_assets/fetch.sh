#!/bin/sh
# Re-create this folder from the npm registry: the exact files Great Expectations' Data Docs
# load from CDNs (their versions as GX 1.24 names them), unchanged. Needs npm; run from here.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent bootstrap@4.3.1 bootstrap-table@1.19.1 bootstrap-datepicker@1.9.0 \
    @forevolve/bootstrap-dark@1.1.0 jquery@3.7.1 popper.js@1.12.9 \
    @fortawesome/fontawesome-free@6.6.0 vega@5.33.1 vega-lite@5.23.0 vega-embed@6.29.0 >/dev/null
for t in *.tgz; do mkdir -p "x/${t%.tgz}" && tar xzf "$t" -C "x/${t%.tgz}"; done
put() {  # put SOURCE (under x/) DESTINATION (under this folder)
    mkdir -p "$here/$(dirname "$2")" && cp "x/$1" "$here/$2"
}
put bootstrap-4.3.1/package/dist/css/bootstrap.min.css bootstrap/bootstrap.min.css
put bootstrap-4.3.1/package/dist/js/bootstrap.min.js bootstrap/bootstrap.min.js
put bootstrap-4.3.1/package/LICENSE bootstrap/LICENSE
bt=bootstrap-table-1.19.1/package
put $bt/dist/bootstrap-table.min.css bootstrap-table/bootstrap-table.min.css
put $bt/dist/bootstrap-table.min.js bootstrap-table/bootstrap-table.min.js
put $bt/dist/extensions/filter-control/bootstrap-table-filter-control.min.css \
    bootstrap-table/bootstrap-table-filter-control.min.css
put $bt/dist/extensions/filter-control/bootstrap-table-filter-control.min.js \
    bootstrap-table/bootstrap-table-filter-control.min.js
put $bt/LICENSE bootstrap-table/LICENSE
bd=bootstrap-datepicker-1.9.0/package
put $bd/dist/css/bootstrap-datepicker.min.css bootstrap-datepicker/bootstrap-datepicker.min.css
put $bd/dist/js/bootstrap-datepicker.min.js bootstrap-datepicker/bootstrap-datepicker.min.js
put $bd/LICENSE bootstrap-datepicker/LICENSE
put forevolve-bootstrap-dark-1.1.0/package/dist/css/bootstrap-prefers-dark.min.css \
    bootstrap-dark/bootstrap-prefers-dark.min.css
put forevolve-bootstrap-dark-1.1.0/package/LICENSE bootstrap-dark/LICENSE
put jquery-3.7.1/package/dist/jquery.min.js jquery/jquery.min.js
put jquery-3.7.1/package/LICENSE.txt jquery/LICENSE.txt
put popper.js-1.12.9/package/dist/umd/popper.min.js popper/popper.min.js
fa=fortawesome-fontawesome-free-6.6.0/package
put $fa/css/all.min.css fontawesome/css/all.min.css
for font in fa-brands-400 fa-regular-400 fa-solid-900 fa-v4compatibility; do
    put $fa/webfonts/$font.woff2 fontawesome/webfonts/$font.woff2
done
put $fa/LICENSE.txt fontawesome/LICENSE.txt
put vega-5.33.1/package/build/vega.min.js vega/vega.min.js
put vega-lite-5.23.0/package/build/vega-lite.min.js vega/vega-lite.min.js
put vega-lite-5.23.0/package/LICENSE vega/LICENSE
put vega-embed-6.29.0/package/build/vega-embed.min.js vega/vega-embed.min.js
echo "fetched into $here"
