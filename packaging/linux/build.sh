#!/usr/bin/env bash
# Build Relapp for Linux: a PyInstaller one-folder app, checked, measured and packed as
# dist/relapp-<version>-linux-<arch>.tar.gz (the app, desktop entry, AppStream metadata, icons
# and install.sh for a per-user install without admin rights).
#
#   packaging/linux/build.sh                    build in a throwaway venv (needs PyPI)
#   packaging/linux/build.sh --venv .venv       build with an existing venv (adds pyinstaller)
#   packaging/linux/build.sh --dist DIR --work DIR --runs 5
#
# Fails if `relapp --version` does not print the version in pyproject.toml, if `relapp doctor`
# fails offscreen, if a bundled library misses a dependency, if the demo window does not start,
# or if the desktop file or AppStream metadata do not validate. See packaging/README.md.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/packaging/linux"
venv=""
dist="$root/dist"
work="$root/build/linux"
runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --venv) venv=$(cd "$2" && pwd); shift 2 ;;
    --dist) mkdir -p "$2"; dist=$(cd "$2" && pwd); shift 2 ;;
    --work) mkdir -p "$2"; work=$(cd "$2" && pwd); shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

say() { printf '\n== %s\n' "$*"; }
fail() { echo "build.sh: FAILED: $*" >&2; exit 1; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

t_start=$(now)
arch=$(uname -m)
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/pyproject.toml" | head -n 1)
[ -n "$version" ] || fail "no version = \"...\" line in pyproject.toml"
app="$dist/relapp"
name="relapp-$version-linux-$arch"
tarball="$dist/$name.tar.gz"
report="$dist/$name.build.txt"
mkdir -p "$dist" "$work"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/relapp-build.XXXXXX")
demo_pid=""
cleanup() {
  if [ -n "$demo_pid" ]; then kill "$demo_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# ---- 1. System libraries that the Qt platform plugins link to ---------------------------
# PyInstaller copies what the xcb and wayland plugins link to into the bundle, so that the app
# starts on a desktop that lacks them (libxcb-cursor0 and friends are the usual "could not load
# the Qt platform plugin xcb"). They must be on the build machine for that.
say "system libraries for the Qt platform plugins"
debs=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-randr0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxcb-xkb1
  libxkbcommon0 libxkbcommon-x11-0 libwayland-client0 libwayland-cursor0 libwayland-egl1
  libegl1 libgl1 libfontconfig1 libdbus-1-3)
libs=(libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-image.so.0 libxcb-keysyms.so.1
  libxcb-render-util.so.0 libxcb-randr.so.0 libxcb-shape.so.0 libxcb-shm.so.0 libxcb-sync.so.1
  libxcb-xfixes.so.0 libxcb-xkb.so.1 libxkbcommon.so.0 libxkbcommon-x11.so.0
  libwayland-client.so.0 libwayland-cursor.so.0 libwayland-egl.so.1 libEGL.so.1 libGL.so.1
  libfontconfig.so.1 libdbus-1.so.3)
missing=()
cache=$(ldconfig -p)
for i in "${!libs[@]}"; do
  grep -qF "${libs[$i]} " <<<"$cache" || missing+=("${debs[$i]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    fail "install these packages (or your distribution's equivalent) first: ${missing[*]}"
  fi
fi
echo "ok"

# ---- 2. Build environment ----------------------------------------------------------------
say "build environment"
if [ -z "$venv" ]; then
  venv="$scratch/venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q "$root" pyinstaller
else
  "$venv/bin/python" -c "import relapp" 2>/dev/null || "$venv/bin/pip" install -q "$root"
  "$venv/bin/python" -c "import PyInstaller" 2>/dev/null || "$venv/bin/pip" install -q pyinstaller
fi
py="$venv/bin/python"
"$py" -c "import sys, PyInstaller, PySide6; print(f'Python {sys.version.split()[0]}, PyInstaller {PyInstaller.__version__}, PySide6 {PySide6.__version__}')"
t_env=$(now)

# ---- 3. PyInstaller ----------------------------------------------------------------------
say "pyinstaller (one folder: $app)"
rm -rf "$app"
t0=$(now)
if ! "$py" -m PyInstaller --noconfirm --log-level WARN --distpath "$dist" \
  --workpath "$work/pyinstaller" "$root/packaging/pyinstaller/relapp.spec" \
  >"$work/pyinstaller.log" 2>&1; then
  tail -n 40 "$work/pyinstaller.log" >&2
  fail "pyinstaller (log: $work/pyinstaller.log)"
fi
grep -E "^relapp spec: |WARNING: Library not found" "$work/pyinstaller.log" || true
t1=$(now)
build_time=$(secs "$t0" "$t1")
[ -x "$app/relapp" ] || fail "$app/relapp was not built"

# ---- 4. Checks on the built app ----------------------------------------------------------
export QT_QPA_PLATFORM=offscreen
export RELAPP_LOG_DIR="$scratch/logs" RELAPP_CONFIG_DIR="$scratch/config"
unset RELAPP_PROFILE RELAPP_PASSPHRASE

say "every bundled library finds what it links to"
unresolved=$(
  cd "$app"
  export LD_LIBRARY_PATH="$PWD/_internal:$PWD/_internal/PySide6/Qt/lib"
  find . -type f \( -name '*.so' -o -name '*.so.*' -o -name relapp \) -print0 |
    while IFS= read -r -d '' f; do
      ldd "$f" 2>/dev/null | grep 'not found' | sed "s|^[[:space:]]*|$f: |" || true
    done | sort -u
)
[ -z "$unresolved" ] || fail "unresolved libraries in the bundle:
$unresolved"
echo "ok"

say "relapp --version"
got=$("$app/relapp" --version)
echo "$got"
[ "$got" = "relapp $version" ] || fail "expected 'relapp $version', got '$got'"

say "relapp doctor (offscreen, no profile yet)"
"$app/relapp" --profile "$scratch/empty-profile" doctor || fail "relapp doctor"

say "a real profile: relapp init, doctor, export (offscreen)"
export RELAPP_PASSPHRASE="kettle orbit meadow lantern" RELAPP_INSECURE_FAST_KDF=1
"$app/relapp" --profile "$scratch/profile" init --name "Build Check" --role practitioner >/dev/null \
  || fail "relapp init"
"$app/relapp" --profile "$scratch/profile" doctor || fail "relapp doctor on a new profile"
"$app/relapp" --profile "$scratch/profile" export >"$scratch/export.json" || fail "relapp export"
unset RELAPP_PASSPHRASE RELAPP_INSECURE_FAST_KDF

say "relapp demo opens its window and keeps running (offscreen)"
"$app/relapp" --profile "$scratch/demo" demo >"$scratch/demo.out" 2>&1 &
demo_pid=$!
sleep 8
if ! kill -0 "$demo_pid" 2>/dev/null; then
  wait "$demo_pid" || true
  cat "$scratch/demo.out" >&2
  fail "relapp demo exited within 8 seconds"
fi
kill "$demo_pid"
wait "$demo_pid" 2>/dev/null || true
demo_pid=""
[ -d "$scratch/demo" ] || fail "relapp demo did not create its profile folder"
echo "ok"

if command -v xvfb-run >/dev/null; then
  say "relapp demo on an X server (Xvfb: the bundled xcb platform plugin and its libraries)"
  # shellcheck disable=SC2016 # expanded by the inner shell
  QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    "$1" --profile "$2" demo >"$2.out" 2>&1 &
    pid=$!
    shown=""
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      if command -v xwininfo >/dev/null; then
        xwininfo -root -tree | grep -q "\"Relapp\": (\"relapp\"" && { shown=yes; break; }
      elif [ -d "$2" ]; then
        sleep 5; kill -0 "$pid" 2>/dev/null && shown=yes; break
      fi
      sleep 0.5
    done
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    [ -n "$shown" ] || { cat "$2.out" >&2; exit 1; }
  ' _ "$app/relapp" "$scratch/xcb-demo" || fail "relapp demo did not show its window on Xvfb"
  echo "ok: the Relapp window is up (WM_CLASS relapp, Relapp)"
else
  echo "(xvfb-run not installed: the xcb platform was not tried; apt-get install xvfb x11-utils)"
fi

# ---- 5. Desktop integration --------------------------------------------------------------
say "icons, desktop entry, AppStream metadata"
stage="$work/stage/$name"
rm -rf "$work/stage"
mkdir -p "$stage/share/applications" "$stage/share/metainfo"
"$py" "$here/render_icons.py" --hicolor "$stage/share/icons/hicolor" >/dev/null
cp "$here/org.relapp.Relapp.desktop" "$stage/share/applications/"
release_date=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%F)
sed -e "s/@VERSION@/$version/g" -e "s/@DATE@/$release_date/g" \
  "$here/org.relapp.Relapp.metainfo.xml.in" >"$stage/share/metainfo/org.relapp.Relapp.metainfo.xml"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$stage/share/applications/org.relapp.Relapp.desktop" \
    || fail "desktop-file-validate"
  echo "desktop-file-validate: ok"
else
  echo "desktop-file-validate not installed (apt-get install desktop-file-utils): not checked"
fi
if command -v appstreamcli >/dev/null; then
  appstream_result=$(appstreamcli validate --no-net --pedantic \
    "$stage/share/metainfo/org.relapp.Relapp.metainfo.xml" 2>&1) \
    || { echo "$appstream_result" >&2; fail "appstreamcli validate"; }
  echo "$appstream_result"
  appstream_result=$(echo "$appstream_result" | tail -n 1)
else
  appstream_result="appstreamcli not installed (apt-get install appstream): not checked"
  echo "$appstream_result"
fi

# ---- 6. Tarball and a trial per-user install ---------------------------------------------
say "tarball"
cp -a "$app" "$stage/relapp"
install -m 755 "$here/install.sh" "$stage/install.sh"
rm -f "$tarball"
tar -C "$work/stage" --owner=0 --group=0 --numeric-owner -czf "$tarball" "$name"
echo "$tarball"

say "install.sh into a scratch prefix, run, uninstall"
mkdir -p "$scratch/unpacked"
tar -C "$scratch/unpacked" -xzf "$tarball"
"$scratch/unpacked/$name/install.sh" --prefix "$scratch/prefix"
[ "$("$scratch/prefix/bin/relapp" --version)" = "relapp $version" ] || fail "installed relapp --version"
grep -q "^Exec=\"$scratch/prefix/lib/relapp/relapp\"$" \
  "$scratch/prefix/share/applications/org.relapp.Relapp.desktop" || fail "installed desktop Exec line"
"$scratch/unpacked/$name/install.sh" --prefix "$scratch/prefix" --uninstall
left=$(find "$scratch/prefix" -type f)
[ -z "$left" ] || fail "uninstall left files behind: $left"

# ---- 7. Measurements ---------------------------------------------------------------------
say "measurements"
median_ms() {  # median wall time of $runs runs of the command, in ms
  "$py" - "$runs" "$@" <<'EOF'
import statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm the caches
times = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append((time.perf_counter() - t) * 1000)
print(f"{statistics.median(times):.0f}")
EOF
}
built_version=$(median_ms "$app/relapp" --version)
built_doctor=$(median_ms "$app/relapp" --profile "$scratch/empty-profile" doctor)
venv_version=$(median_ms "$venv/bin/relapp" --version)
venv_doctor=$(median_ms "$venv/bin/relapp" --profile "$scratch/empty-profile" doctor)
unpacked=$(du -sh "$app" | cut -f1)
unpacked_mb=$(du -sm "$app" | cut -f1)
packed=$(du -sh "$tarball" | cut -f1)
total_time=$(secs "$t_start" "$(now)")
env_time=$(secs "$t_start" "$t_env")
cat >"$report" <<EOF
relapp $version linux-$arch build, $(date -u +%FT%TZ)
tarball:            $tarball ($packed)
unpacked app:       $unpacked ($unpacked_mb MB; target <= 200 MB)
pyinstaller time:   ${build_time}s (build venv: ${env_time}s; whole script: ${total_time}s)
start, built:       relapp --version ${built_version} ms, relapp doctor ${built_doctor} ms (median of $runs)
start, venv:        relapp --version ${venv_version} ms, relapp doctor ${venv_doctor} ms (median of $runs)
appstreamcli:       $appstream_result
EOF
cat "$report"
echo "largest parts of the app:"
(cd "$dist" && du -a relapp | sort -n | tail -n 12)
[ "$unpacked_mb" -le 200 ] || fail "the app is $unpacked_mb MB, over the 200 MB target"
