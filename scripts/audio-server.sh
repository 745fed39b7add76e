#!/usr/bin/env bash
# The virtual sound card for the playback tests: a private PulseAudio daemon whose only sink is
# a clocked pipe sink (scripts/pulse/default.pa). PortAudio reaches it through ALSA's pulse
# plugin once PULSE_SERVER points at its socket.
#
#   bash scripts/audio-server.sh start    start the daemon unless it is already running
#   bash scripts/audio-server.sh stop     stop it
#   bash scripts/audio-server.sh status   exit 0 when it is up and has its sink, 3 otherwise
#   bash scripts/audio-server.sh env      print `export PULSE_SERVER=...` for eval
#
# Works as root in a container without systemd or D-Bus: the daemon gets its own runtime and
# state directories (nothing is written to $HOME), no cookie auth, no realtime scheduling.
# CARTESIA_AUDIO_DIR overrides the runtime directory.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CONFIG_FILE="$SCRIPT_DIR/pulse/default.pa"
SINK_NAME="cartesia_test_card"
START_TIMEOUT_TENTHS=100

runtime_base() {
    # XDG_RUNTIME_DIR is often set but missing under su/sudo or docker exec; fall back to TMPDIR.
    if [[ -n "${XDG_RUNTIME_DIR:-}" && -d "$XDG_RUNTIME_DIR" && -w "$XDG_RUNTIME_DIR" ]]; then
        printf '%s\n' "$XDG_RUNTIME_DIR"
    else
        printf '%s\n' "${TMPDIR:-/tmp}"
    fi
}

AUDIO_DIR="${CARTESIA_AUDIO_DIR:-$(runtime_base)/cartesia-cli-audio-$(id -u)}"
SERVER="unix:$AUDIO_DIR/native"
LOG_FILE="$AUDIO_DIR/pulseaudio.log"

# Both pulseaudio and pactl read these; scoping them here keeps the user's own session untouched.
export PULSE_RUNTIME_PATH="$AUDIO_DIR"
export PULSE_STATE_PATH="$AUDIO_DIR/state"

is_up() {
    command -v pactl >/dev/null 2>&1 || return 1
    LC_ALL=C pactl --server="$SERVER" list short sinks 2>/dev/null \
        | awk -v name="$SINK_NAME" '$2 == name { found = 1 } END { exit !found }'
}

start() {
    if is_up; then
        echo "audio server: already running ($SERVER)"
        return 0
    fi
    if ! command -v pulseaudio >/dev/null 2>&1 || ! command -v pactl >/dev/null 2>&1; then
        echo "audio server: pulseaudio/pactl not installed (Debian: pulseaudio pulseaudio-utils)" >&2
        return 1
    fi
    # A daemon that answers but lost its sink, or a stale socket, is replaced, not reused.
    stop >/dev/null 2>&1 || true
    mkdir -p "$AUDIO_DIR" "$PULSE_STATE_PATH"
    chmod 700 "$AUDIO_DIR" "$PULSE_STATE_PATH"
    # -n: no default.pa, only ours. --exit-idle-time=-1: never exit between tests.
    # --system=no as root only warns; system mode would need a 'pulse' user and D-Bus policy.
    if ! pulseaudio --daemonize=yes --fail=yes --system=no -n -F "$CONFIG_FILE" \
        --exit-idle-time=-1 --disallow-exit=yes --realtime=no --high-priority=no \
        --use-pid-file=yes --log-target="newfile:$LOG_FILE" --log-level=notice; then
        echo "audio server: pulseaudio failed to start; log follows ($LOG_FILE)" >&2
        tail -n 20 "$LOG_FILE" >&2 2>/dev/null || true
        return 1
    fi
    local tenths=0
    until is_up; do
        if (( tenths++ >= START_TIMEOUT_TENTHS )); then
            echo "audio server: no sink '$SINK_NAME' after startup; see $LOG_FILE" >&2
            return 1
        fi
        sleep 0.1
    done
    echo "audio server: started ($SERVER)"
}

stop() {
    if command -v pulseaudio >/dev/null 2>&1 && pulseaudio --check 2>/dev/null; then
        pulseaudio --kill
        local tenths=0
        while pulseaudio --check 2>/dev/null && (( tenths++ < 50 )); do sleep 0.1; done
    fi
    # The pipe sink unlinks its FIFO on a clean exit; a killed daemon leaves it behind.
    rm -f "$AUDIO_DIR/native" "$AUDIO_DIR/pid" "$AUDIO_DIR"/*.fifo
    echo "audio server: stopped"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status)
        if is_up; then echo "audio server: running ($SERVER)"; else echo "audio server: not running"; exit 3; fi
        ;;
    env) printf 'export PULSE_SERVER=%q\n' "$SERVER" ;;
    *)
        echo "usage: bash scripts/audio-server.sh start|stop|status|env" >&2
        exit 2
        ;;
esac
