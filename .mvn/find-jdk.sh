# Sourced by ./mvnw, ./jrec and .ci/run: selects a JDK 25, since the machine's default java is older.
# Order: JAVA_HOME if it is 25+, then the usual install locations. Exits with one line if none is found.
# The JDK's release file answers in a millisecond; starting its java to ask took ~100 ms of every ./jrec.
jrec_java_major() {
  local v
  [ -f "$1/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  [ -n "$v" ] || v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  echo "$v"
}
jrec_find_jdk() {
  local c v
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/*25* /opt/java/openjdk; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
    v=$(jrec_java_major "$c")
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then JAVA_HOME="$c"; export JAVA_HOME; return 0; fi
  done
  echo "jrec: needs a JDK 25 (found none in JAVA_HOME or /usr/lib/jvm); install one, e.g. 'apt-get install temurin-25-jdk', or set JAVA_HOME to it" >&2
  return 1
}
jrec_find_jdk || exit 1
