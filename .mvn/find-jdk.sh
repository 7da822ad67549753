# Sourced by ./mvnw, ./jrec and .ci/run: selects a JDK 25, since the machine's default java is older.
# Order: JAVA_HOME if it is 25+, then the usual install locations. Exits with one line if none is found.
jrec_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
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
