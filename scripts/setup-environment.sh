#!/bin/sh
# Creates .venv and installs posapp into it; the one step behind `make run` and `make test`.
#
# 1. Qt's window-system plugin (xcb) needs X libraries that the PySide6 wheels do not carry; without
#    them the application dumps core at its first window. On Debian or Ubuntu they are installed
#    here (as root, or with `sudo -n` so that make never waits for a password); otherwise this stops
#    with the exact command to run. Xvfb comes with them: the tests open real windows on it.
#    So do fonts for Arabic and Chinese shelf labels (DejaVu Sans, Droid Sans Fallback).
# 2. pip is not given the machine's `file://` extra indexes. Such a local mirror holds only some
#    projects, and pip warns "Location … is ignored" for every package it looks up there and the
#    mirror lacks (103 warnings for posapp). Leaving those partial mirrors out is the cure, rather
#    than hiding pip's warnings; network indexes and `find-links` wheels are kept.
set -eu
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

"$PYTHON" -c 'import sys; sys.exit("posapp needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'

QT_PACKAGES="libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxcb-xinerama0
libxcb-xkb1 libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxrender1 libxi6 libegl1 libgl1
libfontconfig1 libdbus-1-3 libglib2.0-0 xvfb fontconfig fonts-dejavu-core fonts-droid-fallback"

if command -v dpkg-query >/dev/null 2>&1 && [ -z "${POSAPP_SKIP_SYSTEM_PACKAGES:-}" ]; then
    missing=""
    for package in $QT_PACKAGES; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
            || missing="$missing $package"
    done
    if [ -n "$missing" ]; then
        echo "posapp: installing the system libraries Qt needs:$missing"
        if [ "$(id -u)" = 0 ]; then
            run=""
        elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            run="sudo -n"
        else
            echo "posapp: cannot install them without a password. Run this, then make again:" >&2
            echo "    sudo apt-get install -y$missing" >&2
            exit 1
        fi
        $run env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        # shellcheck disable=SC2086  # one word per package
        $run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
    fi
fi

indexes=""
for index in $("$PYTHON" -m pip config get global.extra-index-url 2>/dev/null || true); do
    case "$index" in
        file://*) ;;
        *) indexes="$indexes $index" ;;
    esac
done

test -x "$VENV/bin/python" || "$PYTHON" -m venv "$VENV"
# The variable replaces the configured list. A blank holds no index; an empty value would be ignored.
export PIP_EXTRA_INDEX_URL="${indexes:- }"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e '.[dev,server]'
touch "$VENV/.installed"
