#!/usr/bin/env bash
# Turns a Linux box (Debian/Ubuntu with a desktop session, or a bare X/Wayland kiosk user) into a
# signage screen: Chromium full screen on the player URL, sound allowed without a click (calls are
# announced), no background networking or update checks, and restarted within seconds if it crashes
# or is closed. Run it from the kiosk user's session autostart, e.g. ~/.config/autostart or a
# systemd --user service (see README, "Screens in a hall").
#
#   scripts/kiosk-launcher.sh '<playerUrl from the editor, or http://server:8080/player/ to pair>'
#
# Environment: CHROMIUM (default: chromium, then chromium-browser, then google-chrome),
# KIOSK_PROFILE (default ~/.cache/hall-signage-kiosk), RESTART_DELAY_S (default 3).
set -u

url="${1:-}"
if [[ -z "$url" ]]; then
  echo "用法：$0 '<播放地址>'  （编辑器「屏幕」页面的 playerUrl；或 http://服务器:8080/player/ 以配对码方式配对）" >&2
  exit 64
fi
case "$url" in
  http://*|https://*) ;;
  *) echo "播放地址必须以 http:// 或 https:// 开头：$url" >&2; exit 64 ;;
esac

browser="${CHROMIUM:-}"
if [[ -z "$browser" ]]; then
  for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then browser="$candidate"; break; fi
  done
fi
if [[ -z "$browser" ]]; then
  echo "找不到 Chromium。请先安装：sudo apt-get install -y chromium fonts-noto-cjk" >&2
  exit 69
fi

profile="${KIOSK_PROFILE:-$HOME/.cache/hall-signage-kiosk}"
delay="${RESTART_DELAY_S:-3}"
mkdir -p "$profile"

# Keep the screen awake where X tools exist (a blanked screen is a black screen to the hall).
if command -v xset >/dev/null 2>&1 && [[ -n "${DISPLAY:-}" ]]; then
  xset s off -dpms s noblank 2>/dev/null || true
fi

# --kiosk-printing: the 取号 page prints tickets with window.print() straight to the default printer
# (an 80 mm thermal printer set as default, paper size 80 mm), without a print dialog.
flags=(
  --kiosk "$url"
  --kiosk-printing
  --user-data-dir="$profile"
  --autoplay-policy=no-user-gesture-required
  --no-first-run
  --no-default-browser-check
  --disable-background-networking
  --disable-component-update
  --disable-sync
  --disable-translate
  --disable-features=Translate,MediaRouter
  --disable-session-crashed-bubble
  --disable-infobars
  --noerrdialogs
  --overscroll-history-navigation=0
  --disable-pinch
  --check-for-update-interval=31536000
)

trap 'echo "kiosk launcher: stopping"; kill "${child:-0}" 2>/dev/null; exit 0' INT TERM
while true; do
  # A crash leaves "exited_cleanly": false in the profile, which makes Chromium show a restore
  # bubble over the player; mark the last run clean before each start.
  prefs="$profile/Default/Preferences"
  if [[ -f "$prefs" ]]; then
    sed -i 's/"exited_cleanly":false/"exited_cleanly":true/; s/"exit_type":"Crashed"/"exit_type":"Normal"/' "$prefs" 2>/dev/null || true
  fi
  "$browser" "${flags[@]}" &
  child=$!
  wait "$child"
  code=$?
  echo "kiosk launcher: Chromium exited with $code at $(date -Is); restarting in ${delay}s" >&2
  sleep "$delay"
done
