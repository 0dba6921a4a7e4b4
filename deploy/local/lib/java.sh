# shellcheck shell=bash
# Finds a JDK >= 21 for the local stack (Kafka, s3proxy) and for any script that runs Java.
# Source it and call floe_java_home:  . deploy/local/lib/java.sh && JAVA_HOME="$(floe_java_home)"
# Order: $JAVA_HOME if it is >= 21, then /usr/lib/jvm/*25*, then /usr/lib/jvm/*21*, then any
# other JDK >= 21 under /usr/lib/jvm. The machine's default `java` is 17, which is too old.

FLOE_MIN_JAVA=21

# Prints the feature release (e.g. 25) of the JDK at $1, or nothing if it is not a JDK.
floe_java_major() {
  local home="$1" version=""
  [[ -x "$home/bin/java" ]] || return 1
  if [[ -r "$home/release" ]]; then
    version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")"
  fi
  if [[ -z "$version" ]]; then
    # No release file (unusual layout): ask the VM, which costs ~100 ms.
    version="$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = //p')"
  fi
  [[ -n "$version" ]] || return 1
  version="${version#1.}" # 1.8 -> 8
  printf '%s\n' "${version%%[.+-]*}"
}

floe_java_ok() {
  local major
  major="$(floe_java_major "$1")" || return 1
  [[ "$major" =~ ^[0-9]+$ ]] && ((major >= FLOE_MIN_JAVA))
}

# Prints the path of a JDK >= 21 on stdout; fails with a message on stderr if there is none.
floe_java_home() {
  local candidate
  if [[ -n "${JAVA_HOME:-}" ]] && floe_java_ok "$JAVA_HOME"; then
    printf '%s\n' "$JAVA_HOME"
    return 0
  fi
  local pattern
  for pattern in '*25*' '*21*' '*'; do
    # Newest first, so that e.g. temurin-25 wins over an older 25 build.
    while IFS= read -r candidate; do
      [[ -n "$candidate" ]] || continue
      if floe_java_ok "$candidate"; then
        printf '%s\n' "$candidate"
        return 0
      fi
    done < <(compgen -G "/usr/lib/jvm/$pattern" | sort -rV)
  done
  echo "floe: no JDK >= $FLOE_MIN_JAVA found (JAVA_HOME=${JAVA_HOME:-unset}, nothing suitable in /usr/lib/jvm);" \
    "install one (e.g. Temurin 25) or point JAVA_HOME at it" >&2
  return 1
}
