#!/usr/bin/env bash
# The one test command: set up what the suite needs, then run it.
#
#   bash scripts/test.sh [pytest arguments...]
#
# On Debian, as root, installs the system packages it needs when any is missing; creates or
# reuses .venv and installs the project into it (again only when pyproject.toml changed);
# starts the virtual sound card (scripts/audio-server.sh) unless it is running; then runs
# pytest and exits with its status. Safe to run again and again.
#
# Environment: PYTHON picks the interpreter for the venv (default python3). CI, when set,
# makes an unusable sound card fail the audio tests instead of skipping them.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
VENV=".venv"
APT_PACKAGES=(
    libportaudio2 pulseaudio pulseaudio-utils libasound2-plugins  # the virtual sound card
    espeak-ng sox                                                 # offline speech, audio checks
    groff-base                                                    # man page check
    fish zsh                                                      # completion syntax checks
    ffmpeg alsa-utils man-db                                      # the README's recipes
    openssl                                                       # certificates for the TLS tests
)

say() { printf 'test.sh: %s\n' "$*" >&2; }

# Runs a noisy command silently; shows its output only when it fails.
quietly() {
    local log status=0
    log="$(mktemp)"
    "$@" >"$log" 2>&1 || status=$?
    if (( status != 0 )); then
        cat "$log" >&2
        say "failed ($status): $*"
    fi
    rm -f "$log"
    return "$status"
}

missing_packages() {
    local package
    for package in "$@"; do
        dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -q '^install ok installed$' \
            || printf '%s\n' "$package"
    done
}

install_system_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        say "not a Debian system: install PortAudio, PulseAudio (+ ALSA pulse plugin), espeak-ng,"
        say "sox, groff, fish and zsh yourself; tests needing a missing one will skip"
        return 0
    fi
    local wanted=("${APT_PACKAGES[@]}")
    # Debian's python3 cannot create a venv without python3-venv (ensurepip).
    if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        wanted+=(python3-venv)
    fi
    local missing
    mapfile -t missing < <(missing_packages "${wanted[@]}")
    (( ${#missing[@]} == 0 )) && return 0
    if (( EUID != 0 )); then
        say "missing system packages: ${missing[*]}"
        say "install them with: sudo apt-get install --no-install-recommends ${missing[*]}"
        return 0
    fi
    say "installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    quietly apt-get update -q
    quietly apt-get install -y -q --no-install-recommends "${missing[@]}"
}

venv_works() {
    [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1
}

prepare_venv() {
    if ! venv_works; then
        # A .venv copied from elsewhere or built by a removed interpreter cannot be reused.
        rm -rf "$VENV"
        say "creating $VENV"
        quietly "$PYTHON" -m venv "$VENV"
    fi
    # Editable install: code changes need no reinstall; a changed pyproject.toml or a moved
    # checkout (the install records its absolute path) does.
    local stamp="$VENV/.cartesia-cli-installed" wanted
    wanted="$(sha256sum pyproject.toml | cut -d' ' -f1) $(pwd -P)"
    if [[ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
        say "installing cartesia-cli[offline,test] into $VENV"
        quietly "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
            -e '.[offline,test]'
        printf '%s\n' "$wanted" >"$stamp"
    fi
}

start_audio_server() {
    # A card that cannot start is reported here and again, per test, by the audio tests.
    quietly bash scripts/audio-server.sh start || say "virtual sound card not started"
    eval "$(bash scripts/audio-server.sh env)"
}

install_system_packages
prepare_venv
start_audio_server
if [[ -n "${CI:-}" && "${CI,,}" != "false" && "${CI}" != "0" ]]; then
    export CARTESIA_REQUIRE_AUDIO=1
fi
exec "$VENV/bin/python" -m pytest "$@"
