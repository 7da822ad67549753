#!/usr/bin/env bash
# Screenshots of each workbench view, taken from the real app on the sample captures (headless, software
# rendering), into docs/ for docs/gui.md and the README.
#
#   bench/gui-screenshots.sh [DIR]         # default DIR: docs/
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
cd "$repo"
dir=$(cd "${1:-docs}" && pwd)
./mvnw -q -B -pl analyzer-gui -am test -Dtest='dev.jrec.gui.ScreenshotsTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Djrec.screenshots="$dir" 2>&1 | grep '^wrote '
