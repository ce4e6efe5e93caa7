#!/bin/sh
# Build dist/posapp_<version>_<arch>.deb from the one-dir bundle in dist/posapp (`make dist`).
# The package owns /opt/posapp, /usr/bin/posapp, a menu entry and an icon — never the shop's
# data (~/.local/share/posapp), which stays untouched on upgrade and on removal.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUNDLE="${BUNDLE:-$ROOT/dist/posapp}"   # overridable: tests build into a temporary directory
OUT="${OUT:-$ROOT/dist}"
[ -x "$BUNDLE/posapp" ] || { echo "build-deb: no bundle in $BUNDLE; run make dist first" >&2; exit 1; }

VERSION=$("$BUNDLE/posapp" --version | cut -d' ' -f2)
ARCH=$(dpkg --print-architecture)
STAGE="$OUT/deb-stage/posapp_${VERSION}_${ARCH}"
DEB="$OUT/posapp_${VERSION}_${ARCH}.deb"

rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" \
    "$STAGE/usr/share/applications" "$STAGE/usr/share/icons/hicolor/scalable/apps"
cp -a "$BUNDLE" "$STAGE/opt/posapp"
ln -s /opt/posapp/posapp "$STAGE/usr/bin/posapp"
cp "$ROOT/installer/linux/posapp.desktop" "$STAGE/usr/share/applications/posapp.desktop"
cp "$ROOT/resources/icons/posapp.svg" "$STAGE/usr/share/icons/hicolor/scalable/apps/posapp.svg"

SIZE=$(du -sk "$STAGE" | cut -f1)
cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: posapp
Version: $VERSION
Architecture: $ARCH
Maintainer: posapp <posapp@example.invalid>
Installed-Size: $SIZE
Section: misc
Priority: optional
Depends: libc6, libfontconfig1, libfreetype6, libx11-6, libxkbcommon0, libxkbcommon-x11-0, libegl1, libdbus-1-3, libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xkb1
Description: Offline-first point of sale and back office
 A till that keeps selling without the network, with receipt printers,
 drawers, scanners and scales it drives itself, and a back office.
 Data lives in each user's ~/.local/share/posapp and is never removed by
 the package.
CONTROL

fakeroot dpkg-deb --build --root-owner-group "$STAGE" "$DEB" >/dev/null
rm -rf "$OUT/deb-stage"
echo "built $DEB ($(du -h "$DEB" | cut -f1))"
