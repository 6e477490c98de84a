#!/bin/sh
# Install Relapp for the current user only: no administrator rights needed.
#
#   ./install.sh                 install (or upgrade) into ~/.local
#   ./install.sh --prefix DIR    install into DIR instead (DIR/lib/relapp, DIR/bin, DIR/share)
#   ./install.sh --uninstall     remove the program again
#
# Your profile (the encrypted records, backups, settings and logs, in ~/.local/share/Relapp,
# ~/.config/Relapp and ~/.local/state/Relapp) is never touched, by installing, upgrading or
# uninstalling.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prefix="${HOME}/.local"
action=install
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --uninstall) action=uninstall; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

app_id=org.relapp.Relapp
appdir="$prefix/lib/relapp"
bin="$prefix/bin/relapp"
desktop="$prefix/share/applications/$app_id.desktop"
metainfo="$prefix/share/metainfo/$app_id.metainfo.xml"
icons="$prefix/share/icons/hicolor"

refresh_caches() {
  # Desktops watch these folders; touching them is enough (no cache files of ours to leave).
  touch "$prefix/share/applications" "$icons" 2>/dev/null || true
}

if [ "$action" = uninstall ]; then
  rm -rf "$appdir"
  [ -L "$bin" ] && rm -f "$bin"
  rm -f "$desktop" "$metainfo"
  find "$icons" -name "$app_id.*" -path '*/apps/*' -type f -exec rm -f {} + 2>/dev/null || true
  refresh_caches
  echo "Relapp is uninstalled. Your profile and backups were left where they are."
  exit 0
fi

[ -x "$here/relapp/relapp" ] || { echo "install.sh: $here/relapp/relapp is missing" >&2; exit 1; }
mkdir -p "$prefix/lib" "$prefix/bin"
# Copy next to the old version first, then swap, so a failed copy leaves the old one working.
rm -rf "$appdir.new"
cp -R "$here/relapp" "$appdir.new"
rm -rf "$appdir"
mv "$appdir.new" "$appdir"
ln -sfn "$appdir/relapp" "$bin"
(cd "$here/share" && find . -type f) | while read -r f; do
  mkdir -p "$(dirname "$prefix/share/$f")"
  cp "$here/share/$f" "$prefix/share/$f"
done
# Menus do not always have ~/.local/bin on their PATH: point the launcher at the program itself.
sed -i "s|^Exec=.*|Exec=\"$appdir/relapp\"|" "$desktop"
refresh_caches
echo "Relapp $("$appdir/relapp" --version | sed 's/^relapp //') is installed in $appdir."
echo "Start it from the applications menu, or run: $bin"
