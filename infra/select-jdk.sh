# Sourced by .ci/run and the scripts under infra/: makes JAVA_HOME a JDK 21 or newer.
# Keeps a JAVA_HOME that is already new enough; otherwise picks the newest JDK under /usr/lib/jvm
# or /Library/Java/JavaVirtualMachines.
java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}
if [ -z "${JAVA_HOME:-}" ] && command -v java >/dev/null 2>&1; then
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ]; then
    best=""; best_major=0
    for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        [ -x "$candidate/bin/javac" ] || continue
        major=$(java_major "$candidate")
        if [ "${major:-0}" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
    done
    if [ "$best_major" -lt 21 ]; then
        echo "A JDK 21 or newer is required (set JAVA_HOME); none found." >&2
        exit 1
    fi
    JAVA_HOME=$best
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
echo "Using JDK $(java_major "$JAVA_HOME") at $JAVA_HOME" >&2
