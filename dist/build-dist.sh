#!/usr/bin/env bash
# Builds jrec's release artifacts into dist/target (docs/install.md); run by dist/pom.xml at package:
#   jrec-recorder-VERSION-linux-ARCH.tar.gz  record, info, recover, symbolize: no DuckDB, no JavaFX
#   jrec-VERSION-linux-ARCH.tar.gz           all commands and the workbench (jrec open)
#   jrec_DEBVERSION_DEBARCH.deb              the full edition under /usr/lib/jrec
#   app-image/jrec-workbench/                the workbench as a jpackage app image
# Each edition: bin/jrec, lib/ (jars in a fixed class path order, lib/jrec.aot, lib/native/libbpf.so.1),
# runtime/ (jlinked), share/ (man page, bash completion), LICENSE/NOTICE/licenses/.
# Usage: build-dist.sh JAVA_HOME VERSION TARGET_DIR   (TARGET_DIR/jars/{cli,all} filled by maven-dependency-plugin)
set -euo pipefail
jdk=$1 version=$2 target=$3
dist=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$dist")
start=$SECONDS
log() { echo "dist: $*"; }
fail() { echo "dist: $*" >&2; exit 1; }
step() { log "$1 ($((SECONDS - start)) s)"; }

[ "$(uname -s)" = Linux ] || { log "release artifacts are built on Linux only (docs/install.md); skipped"; exit 0; }
case $(uname -m) in
  x86_64) arch=x86_64 deb_arch=amd64 triplet=x86_64-linux-gnu duckdb_native=linux_amd64 zstd_native=linux/amd64 ;;
  aarch64) arch=aarch64 deb_arch=arm64 triplet=aarch64-linux-gnu duckdb_native=linux_arm64 zstd_native=linux/aarch64 ;;
  *) log "no release artifacts for $(uname -m) (x86_64 and aarch64 only); skipped"; exit 0 ;;
esac

# libbpf is bundled: distributions ship it under different sonames (libbpf.so.0, .1) or not at all.
libbpf=/usr/lib/$triplet/libbpf.so.1
[ -e "$libbpf" ] || fail "$libbpf is missing: install Debian's package libbpf1 (apt-get install libbpf1), which the release bundles"
libbpf_copyright=/usr/share/doc/libbpf1/copyright
[ -f "$libbpf_copyright" ] || fail "$libbpf_copyright is missing: install Debian's package libbpf1 (apt-get install libbpf1), whose license the release carries"
for tool in jlink jpackage jar java; do [ -x "$jdk/bin/$tool" ] || fail "$jdk/bin/$tool is missing: the release is built with a full JDK 25"; done

jars=$target/jars
stage=$target/stage
rec=$stage/jrec-recorder-$version
full=$stage/jrec-$version
rm -rf "$stage" "$target"/*.tar.gz "$target"/*.deb "$target/app-image" "$target/deb"
mkdir -p "$rec/lib/native" "$full/lib/native" "$full/lib/javafx"
export LC_ALL=C

# --- jars -------------------------------------------------------------------------------------------------------
# The recording edition: the command line's jars without the analysis engine (DuckDB: 84 MB, 4 platforms' natives).
for j in "$jars"/cli/*.jar; do
  case ${j##*/} in duckdb_jdbc-*|jrec-analysis-*) ;; *) cp -p "$j" "$rec/lib/" ;; esac
done
for j in "$jars"/all/*.jar; do
  case ${j##*/} in javafx-*) cp -p "$j" "$full/lib/javafx/" ;; *) cp -p "$j" "$full/lib/" ;; esac
done
# One platform's natives per tarball (docs/install.md): zstd-jni carries 20, DuckDB 4.
strip_jar() { "$jdk/bin/java" -cp "$target/classes" dev.jrec.dist.StripJar "$@"; }
for ed in "$rec" "$full"; do
  strip_jar "$ed"/lib/zstd-jni-*.jar '(aix|darwin|freebsd|linux|win)/.*' "$zstd_native/.*"
done
strip_jar "$full"/lib/duckdb_jdbc-*.jar 'libduckdb_java\.so_.*' "libduckdb_java\.so_$duckdb_native"

# The class paths, written into bin/jrec in this order: the command's own jar first, then by name.
names() { (cd "$1" && ls -- *.jar | grep -v -x -e "$2" | sort); }
rec_cp() { echo "jrec-cli-$version.jar" $(names "$rec/lib" "jrec-cli-$version.jar"); }
full_cp=$(echo "jrec-cli-$version.jar" $(names "$full/lib" "jrec-cli-$version.jar" | grep -v -e '^jrec-analyzer-gui-' -e '^org\.jfree\.' -e '^jfreechart-'))
gui_cp=$(echo "jrec-analyzer-gui-$version.jar" $(names "$full/lib" "jrec-analyzer-gui-$version.jar" | grep -v -x "jrec-cli-$version.jar"))
fx_mp=$(cd "$full/lib" && ls javafx/*.jar | sort | tr '\n' ' ')
abs_cp() { local dir=$1 cp="" j; shift; for j in "$@"; do cp+="${cp:+:}$dir/$j"; done; printf '%s' "$cp"; }
step "jars staged"

# --- runtimes ---------------------------------------------------------------------------------------------------
# Modules from jdeps (docs/install.md: jdeps --print-module-deps --ignore-missing-deps --multi-release 25 over each
# edition's jars, and JavaFX's module-info requires). The recorder needs java.management (parquet-hadoop, the
# recorder) and jdk.unsupported (parquet, zstd-jni). jdeps also names java.sql and java.xml, only for classes a
# recording edition never loads (the analysis commands, JTS's GML reader, Jackson's optional java.sql handlers):
# they are added below only if jrec does not start without them. The full edition adds java.sql (DuckDB's JDBC),
# java.desktop (JFreeChart, JavaFX), jdk.management (the analysis' memory sizing), jdk.unsupported.desktop
# (javafx.swing).
rec_modules=java.base,java.logging,java.management,jdk.unsupported
full_modules=$rec_modules,java.sql,java.xml,java.datatransfer,java.desktop,java.prefs,jdk.management,jdk.unsupported.desktop
link() {
  rm -rf "$2"
  "$jdk/bin/jlink" --add-modules "$1" --strip-debug --no-man-pages --no-header-files --output "$2" \
    || fail "jlink failed for $2"
  # The runtime's symbol tables (libjvm.so's: 5 MB, 1.5 MB compressed) only name its own frames in a crash report.
  if command -v strip >/dev/null; then
    find "$2/bin" "$2/lib" -type f \( -name '*.so' -o -perm -u+x \) -exec strip --strip-unneeded {} + \
      || fail "strip failed on $2"
  fi
}
link "$rec_modules" "$rec/runtime" &
link "$full_modules" "$full/runtime"
wait $! 2>/dev/null || true
wait
[ -x "$rec/runtime/bin/java" ] && [ -x "$full/runtime/bin/java" ] || fail "jlink did not produce both runtimes"
step "runtimes linked"

# The recording edition must start with what it has: jrec --help builds every command, as each run does. Until
# jrec-cli builds without jrec-analysis (its analysis commands then point to the full edition), it carries
# jrec-analysis (still without DuckDB) and java.sql, java.xml.
for attempt in 1 2 3; do
  probe=$("$rec/runtime/bin/java" --enable-native-access=ALL-UNNAMED -cp "$(abs_cp "$rec/lib" $(rec_cp))" dev.jrec.cli.Jrec --help 2>&1) && break
  if [[ $probe == *NoClassDefFoundError*dev/jrec/analysis* ]] && [ ! -f "$rec"/lib/jrec-analysis-*.jar ]; then
    cp -p "$jars"/cli/jrec-analysis-*.jar "$rec/lib/"
    log "warning: jrec-cli does not start without jrec-analysis yet; the recording edition carries it (without DuckDB)"
  elif [[ $probe == *NoClassDefFoundError*java/sql* ]] && [[ $rec_modules != *java.sql* ]]; then
    rec_modules=$rec_modules,java.sql,java.xml
    log "warning: jrec-cli does not start without java.sql yet; the recording edition's runtime has java.sql and java.xml"
    link "$rec_modules" "$rec/runtime"
  else
    fail "the recording edition does not start: $(echo "$probe" | grep -m3 -e Error -e Exception)"
  fi
done
[ -n "$probe" ] && [[ $probe == *Usage:* ]] || fail "the recording edition does not start: $(echo "$probe" | head -3)"
echo "$rec_modules" > "$target/recorder-modules.txt"
echo "$full_modules" > "$target/full-modules.txt"

# --- launcher, man page, completion, licenses ------------------------------------------------------------------
build_id=$( (cd "$full/lib" && cat $gui_cp $fx_mp) | sha256sum | cut -c1-12)
launcher() { # edition dir, edition, name, cli class path
  mkdir -p "$1/bin"
  sed -e "s|@VERSION@|$version|g" -e "s|@EDITION@|$2|g" -e "s|@EDITION_NAME@|$3|g" -e "s|@ARCH@|$arch|g" \
      -e "s|@CLI_CP@|$4|g" -e "s|@GUI_CP@|$gui_cp|g" -e "s|@FX_MP@|$fx_mp|g" -e "s|@BUILD_ID@|$build_id|g" \
      "$dist/src/dist/jrec.in" > "$1/bin/jrec"
  chmod 755 "$1/bin/jrec"
}
launcher "$rec" recorder "recording edition" "$(rec_cp | tr '\n' ' ')"
launcher "$full" full "full edition" "$full_cp"

docs=$target/command-docs
"$jdk/bin/java" -cp "$target/classes:$(abs_cp "$full/lib" $full_cp)" dev.jrec.dist.CommandDocs "$version" "$docs" \
  || fail "could not generate the man page and bash completion"
for ed in "$rec" "$full"; do
  mkdir -p "$ed/share/man/man1" "$ed/share/bash-completion/completions" "$ed/licenses"
  cp "$docs/jrec.1" "$ed/share/man/man1/jrec.1"
  # sourced, not run: no #! line
  sed '1{/^#!/d}' "$docs/jrec.bash" > "$ed/share/bash-completion/completions/jrec"
  cp "$libbpf" "$ed/lib/native/libbpf.so.1"
  cp "$libbpf_copyright" "$ed/licenses/libbpf.copyright"
  [ -f "$repo/LICENSE" ] && cp "$repo/LICENSE" "$ed/LICENSE"
  sed -e "s|@VERSION@|$version|g" -e "s|@ARCH@|$arch|g" "$dist/src/dist/README.txt" > "$ed/README.txt"
  # the flight recorder's unit, for the /usr/local/bin/jrec link the README makes (docs/flight-recorder.md)
  mkdir -p "$ed/share/jrec"
  sed -e "s|@BIN@|/usr/local/bin/jrec|g" "$dist/src/dist/jrec.service" > "$ed/share/jrec/jrec.service"
done
# the sample captures: something to open at once, and what the workbench's AOT training session opens
mkdir -p "$full/share/jrec/samples"
cp "$repo"/sample-captures/*.parquet "$repo/sample-captures/README.md" "$full/share/jrec/samples/"
notice() { "$jdk/bin/java" -cp "$target/classes" dev.jrec.dist.Notice "$@" || fail "could not write the licenses (NOTICE)"; }
notice "$rec" "$dist/src/dist/third-party.tsv" "$dist/src/dist/licenses" "recording edition" "$version"
notice "$full" "$dist/src/dist/third-party.tsv" "$dist/src/dist/licenses" "full edition" "$version"
step "launcher, man page, completion and licenses written"

# --- AOT caches (JEP 483/514/515) -------------------------------------------------------------------------------
# A training run with the staged runtime, the same JVM options and the same class path as bin/jrec's for record;
# the cache stays valid when the tree moves, as long as the jars keep their order, sizes and mtimes.
training=(dev.jrec.cli.Jrec --help)
if "$jdk/bin/jar" tf "$rec/lib/jrec-cli-$version.jar" | grep -qx 'dev/jrec/cli/AotTraining.class'; then
  training=(dev.jrec.cli.AotTraining)
else
  log "dev.jrec.cli.AotTraining is not in jrec-cli yet: the AOT caches are trained on 'jrec --help'"
fi
train() { # edition dir, class path
  local scratch=$target/aot-scratch/${1##*/}
  rm -rf "$scratch" && mkdir -p "$scratch"
  local args=("${training[@]}")
  [ "${training[0]}" = dev.jrec.cli.AotTraining ] && args+=("$scratch")
  if ! (cd "$scratch" && "$1/runtime/bin/java" "-XX:AOTCacheOutput=$1/lib/jrec.aot" -Xlog:aot=off -Xlog:cds=off \
      --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xms192m -Xmn64m -Xmx192m "-Djrec.libbpf=$1/lib/native/libbpf.so.1" \
      -cp "$2" "${args[@]}") > "$scratch.log" 2>&1 || [ ! -s "$1/lib/jrec.aot" ]; then
    tail -20 "$scratch.log" >&2
    fail "the AOT training run of ${1##*/} failed (log: $scratch.log)"
  fi
}
train "$rec" "$(abs_cp "$rec/lib" $(rec_cp))" &
train "$full" "$(abs_cp "$full/lib" $full_cp)"
wait $! 2>/dev/null || true
wait
[ -s "$rec/lib/jrec.aot" ] && [ -s "$full/lib/jrec.aot" ] || fail "the AOT caches were not written (logs: $target/aot-scratch/*.log)"
step "AOT caches trained"

# --- tarballs, workbench app image, .deb ------------------------------------------------------------------------
chmod -R u+rwX,go+rX,go-w "$stage"
# Trees that hard-link the editions' files come first: a new link changes a file's ctime, which tar reports.
# The workbench alone, as jpackage lays out an application (the input of jpackage --type deb/rpm; docs/install.md
# has the macOS and Windows commands). JavaFX goes on the module path from lib/javafx, as bin/jrec does it.
appin=$target/app-input
rm -rf "$appin" && mkdir -p "$appin"
for j in $gui_cp; do ln "$full/lib/$j" "$appin/$j"; done

# .deb: the full edition under /usr/lib/jrec. Debian versions sort '~' before anything: 0.1.0~SNAPSHOT < 0.1.0.
deb_version=${version//-/\~}
root=$target/deb/jrec_${deb_version}_$deb_arch
mkdir -p "$root/DEBIAN" "$root/usr/lib" "$root/usr/bin" "$root/usr/share/bash-completion/completions" \
  "$root/usr/share/man/man1" "$root/usr/share/doc/jrec"
cp -al "$full" "$root/usr/lib/jrec"
ln -s ../lib/jrec/bin/jrec "$root/usr/bin/jrec"
cp "$full/share/bash-completion/completions/jrec" "$root/usr/share/bash-completion/completions/jrec"
printf 'jrec (%s) unstable; urgency=medium\n\n  * Built from jrec %s.\n\n -- %s  %s\n' "$deb_version" "$version" \
  "$(sed -n 's/^Maintainer: //p' "$dist/src/dist/debian-control")" "$(date -R)" | gzip -9n > "$root/usr/share/doc/jrec/changelog.gz"
gzip -9n -c "$docs/jrec.1" > "$root/usr/share/man/man1/jrec.1.gz"
cp "$full/README.txt" "$root/usr/share/doc/jrec/README"
# installed, not enabled: its triggers are the operator's to choose
mkdir -p "$root/usr/lib/systemd/system"
sed -e "s|@BIN@|/usr/bin/jrec|g" "$dist/src/dist/jrec.service" > "$root/usr/lib/systemd/system/jrec.service"
notice --debian-copyright "$full" "$dist/src/dist/third-party.tsv" "$root/usr/share/doc/jrec/copyright" "$libbpf_copyright"
installed_kb=$(du -sk "$root/usr" | cut -f1)
sed -e "s|@DEB_VERSION@|$deb_version|g" -e "s|@DEB_ARCH@|$deb_arch|g" -e "s|@INSTALLED_KB@|$installed_kb|g" \
  "$dist/src/dist/debian-control" > "$root/DEBIAN/control"
chmod -R u+rwX,go+rX,go-w "$root/DEBIAN" "$root/usr/bin" "$root/usr/share" "$root/usr/lib/systemd"

tarball() { tar --owner=0 --group=0 --numeric-owner -C "$stage" -czf "$target/$2" "${1##*/}"; }
tarball "$rec" "jrec-recorder-$version-linux-$arch.tar.gz" &
tarball "$full" "jrec-$version-linux-$arch.tar.gz" &
if command -v dpkg-deb >/dev/null; then
  dpkg-deb --root-owner-group -Zgzip --build "$root" "$target/jrec_${deb_version}_$deb_arch.deb" >/dev/null &
else
  log "warning: dpkg-deb is not installed (Debian's dpkg): no .deb"
fi
"$jdk/bin/jpackage" --type app-image --name jrec-workbench --app-version "${version%%-*}" \
  --input "$appin" --main-jar "jrec-analyzer-gui-$version.jar" --main-class dev.jrec.gui.Workbench \
  --runtime-image "$full/runtime" --app-content "$full/lib/javafx" \
  --java-options '--module-path=$APPDIR/../javafx' --java-options '--add-modules=javafx.controls,javafx.swing' \
  --java-options '--enable-native-access=javafx.graphics,ALL-UNNAMED' --java-options -Xmx1g \
  --description "jrec workbench: analyzer for jrec captures" --dest "$target/app-image" \
  || fail "jpackage failed"
for job in $(jobs -p); do wait "$job" || fail "writing a tarball or the .deb failed"; done
step "tarballs, app image and .deb written"
for f in "$target"/*.tar.gz "$target"/*.deb; do
  [ -f "$f" ] && log "$(du -h --apparent-size "$f" | cut -f1) ${f##*/}"
done
log "unpacked: $(du -sh "$rec" | cut -f1) recording edition, $(du -sh "$full" | cut -f1) full edition"
