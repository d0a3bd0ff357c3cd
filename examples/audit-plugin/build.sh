#!/bin/sh
# Builds audit-plugin.jar against copiste's jar: no build tool needed.
#   ./build.sh ../../copiste-cli/target/copiste.jar && cp audit-plugin.jar /path/to/plugins/
set -e
copiste_jar=${1:?usage: build.sh path/to/copiste.jar}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
javac --release 17 -cp "$copiste_jar" -d "$out" "$here"/src/main/java/com/example/audit/*.java
cp -r "$here/src/main/resources/META-INF" "$out/"
jar --create --file "$here/audit-plugin.jar" -C "$out" .
rm -rf "$out"
echo "built $here/audit-plugin.jar"
